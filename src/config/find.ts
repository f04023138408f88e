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

/** `--config`, then `EARSHOT_CONFIG`, then ./earshot.yaml (or .yml/.json, but only one of them); null when none exists. */
export function findConfigFile({ flag, env, cwd }: FindConfigInput): string | null {
  const explicit = flag ?? env.EARSHOT_CONFIG;
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError([`${explicit}: no such config file`]);
    return path;
  }
  const found = [DEFAULT_CONFIG_FILE, 'earshot.yml', 'earshot.json'].filter((name) => existsSync(resolve(cwd, name)));
  // Reading one of two quietly would run on brands and a database the user may not mean.
  if (found.length > 1) throw new ConfigError([`${found.join(' and ')} are both here, and which to read is unclear: remove one, or pass --config FILE`]);
  return found[0] === undefined ? null : resolve(cwd, found[0]);
}
