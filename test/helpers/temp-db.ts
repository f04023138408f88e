import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openDb, type Db } from '../../src/store/open-db.js';

export interface TempDb {
  /** The temp directory holding the database; removed by cleanup. */
  dir: string;
  path: string;
  db: Db;
  /** Closes the database if still open and removes the directory. */
  cleanup(): void;
}

/** A real SQLite file, migrated by openDb, in a fresh directory under the OS temp dir. */
export function createTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-test-'));
  const path = join(dir, 'earshot.db');
  const db = openDb({ path });
  return {
    dir,
    path,
    db,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A database at an older schema, as an earlier earshot left it: the first `version` migrations
 * applied by hand, for tests of what an upgrade keeps. The caller closes it.
 */
export function openAtSchema(path: string, version: number): Database.Database {
  const db = new Database(path);
  for (const [i, sql] of MIGRATIONS.slice(0, version).entries()) {
    db.exec(sql);
    db.pragma(`user_version = ${i + 1}`);
  }
  return db;
}
