import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';

// Apart from load.ts so that commands which only might use a config (list, report) find out
// whether there is one without loading the YAML parser and the schema.

export const DEFAULT_CONFIG_FILE = 'earshot.yaml';

export interface FindConfigInput {
  flag?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** `--config`, then `EARSHOT_CONFIG`, then ./earshot.yaml (or .yml/.json); null when none exists. */
export function findConfigFile({ flag, env, cwd }: FindConfigInput): string | null {
  const explicit = flag ?? env.EARSHOT_CONFIG;
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError([`${explicit}: no such config file`]);
    return path;
  }
  for (const name of [DEFAULT_CONFIG_FILE, 'earshot.yml', 'earshot.json']) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return null;
}
