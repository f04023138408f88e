import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';

/** Options every command accepts, set on the root program. */
export interface GlobalOptions {
  config?: string;
  db?: string;
  color?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export const DEFAULT_DB_FILE = 'earshot.db';

export function loggerFor(opts: GlobalOptions): Logger {
  return createLogger({ quiet: opts.quiet || !process.stderr.isTTY, verbose: opts.verbose });
}

/** The config a command needs; a missing one is a usage error with the next step in it. */
export async function requireConfig(opts: GlobalOptions): Promise<Config> {
  const { findConfigFile, loadConfigFile } = await import('../config/load.js');
  const file = findConfigFile({ flag: opts.config, env: process.env, cwd: process.cwd() });
  if (!file) {
    throw new ConfigError([
      'no earshot.yaml here: run "earshot init" to write one, or pass --config FILE (or set EARSHOT_CONFIG)',
    ]);
  }
  return loadConfigFile(file, process.env);
}

/** --db, then the config's `db` (relative to the config file), then ./earshot.db. */
export function resolveDbPath(opts: GlobalOptions, config?: Config): string {
  if (opts.db) return resolve(process.cwd(), opts.db);
  if (process.env.EARSHOT_DB) return resolve(process.cwd(), process.env.EARSHOT_DB);
  if (config?.db) return resolve(config.baseDir, config.db);
  return resolve(process.cwd(), DEFAULT_DB_FILE);
}

/**
 * The database path for query commands: the config's `db` is honoured when a config is present,
 * but a config is not required to read a database.
 */
export async function queryDbPath(opts: GlobalOptions): Promise<string> {
  if (opts.db || process.env.EARSHOT_DB) return resolveDbPath(opts);
  const { findConfigFile, loadConfigFile } = await import('../config/load.js');
  const file = findConfigFile({ flag: opts.config, env: process.env, cwd: process.cwd() });
  return resolveDbPath(opts, file ? loadConfigFile(file, process.env) : undefined);
}
