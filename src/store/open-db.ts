import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EarshotError } from '../errors.js';
import { describeDbError } from './db-errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** Wait this long for another earshot holding the write lock (an overlapping cron run). */
const BUSY_TIMEOUT_MS = 10_000;

export interface OpenDbInput {
  path: string;
  /** Query commands pass false: listing must not leave an empty database behind. */
  create?: boolean;
}

/** Opens and migrates the database; WAL so readers never block a scan. */
export function openDb({ path, create = true }: OpenDbInput): Db {
  if (!create && path !== ':memory:' && !existsSync(path)) {
    throw new EarshotError(`${path}: no database yet (run "earshot scan" or "earshot import" first)`);
  }
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw describeDbError(err, path) ?? new EarshotError(`${path}: cannot open database: ${(err as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof EarshotError) throw err;
    throw describeDbError(err, path) ?? new EarshotError(`${path}: ${(err as Error).message}`);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const checkKnown = (current: number) => {
    if (current > MIGRATIONS.length) {
      throw new EarshotError(
        `database schema version ${current} is newer than this earshot knows (${MIGRATIONS.length}); upgrade earshot`,
      );
    }
  };
  const apply = db.transaction(() => {
    // Read the version again under the write lock: another first run may have migrated while
    // this one waited for it (reading it only before the lock re-ran migration 1: "table posts
    // already exists").
    const current = schemaVersion(db);
    checkKnown(current);
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  const current = schemaVersion(db);
  checkKnown(current);
  // IMMEDIATE takes the write lock first, so two first runs cannot both migrate.
  if (current < MIGRATIONS.length) apply.immediate();
}
