import { createRequire } from 'node:module';

/** From package.json, so `earshot --version` can never drift from the published version. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
