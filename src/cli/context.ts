import { resolve } from 'node:path';
import type { LoadOptions } from '../config/load.js';
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
  /** IANA zone for times in tables (`--tz`). */
  tz?: string;
}

export const DEFAULT_DB_FILE = 'earshot.db';

export function loggerFor(opts: GlobalOptions): Logger {
  return createLogger({ quiet: opts.quiet || !process.stderr.isTTY, verbose: opts.verbose });
}

/** The config a command needs; a missing one is a usage error with the next step in it. */
export async function requireConfig(opts: GlobalOptions, options: LoadOptions = {}): Promise<Config> {
  return loadConfig(await requireConfigFile(opts), options);
}

/** The config file's path; none is a usage error with the next step in it. */
export async function requireConfigFile(opts: GlobalOptions): Promise<string> {
  const { findConfigFile } = await import('../config/find.js');
  const file = findConfigFile({ flag: opts.config, env: process.env, cwd: process.cwd() });
  if (!file) {
    throw new ConfigError([
      'no earshot.yaml here: run "earshot init" to write one, or pass --config FILE (or set EARSHOT_CONFIG)',
    ]);
  }
  return file;
}

/** The YAML parser and schema load only once there is a file to read. */
async function loadConfig(file: string, options: LoadOptions = {}): Promise<Config> {
  const { loadConfigFile } = await import('../config/load.js');
  return loadConfigFile(file, process.env, { needsSecrets: false, ...options });
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
  return (await queryContext(opts)).dbPath;
}

/** The database path and, when there is one, the config (for SLA targets and brand handles). */
export async function queryContext(opts: GlobalOptions): Promise<{ dbPath: string; config?: Config }> {
  const { findConfigFile } = await import('../config/find.js');
  // With --db too, a config that is there must load: read without it, SLA states and brand
  // handles would change silently under a cron job that exports them.
  const file = findConfigFile({ flag: opts.config, env: process.env, cwd: process.cwd() });
  const config = file ? await loadConfig(file) : undefined;
  return { dbPath: resolveDbPath(opts, config), config };
}
