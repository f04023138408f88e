import { z } from './libs.js';
import { configSchema } from './schema.js';

/** The shipped schema file, relative to the package root; `earshot init` points editors at it. */
export const SCHEMA_FILE = 'schema/earshot.schema.json';

/**
 * JSON Schema (draft 2020-12) for earshot.yaml as written, before defaults and transforms.
 * Checks that only code can do (topic query syntax, duration text) stay with `earshot config check`.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    ...schema,
    title: 'earshot.yaml',
    description: 'earshot configuration: brands to listen for and sources to read. Secrets as ${ENV_VAR}.',
  };
}

/** file:// URL of the schema shipped next to this build (dist/config → package root). */
export function shippedSchemaUrl(): string {
  return new URL(`../../${SCHEMA_FILE}`, import.meta.url).href;
}
