import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { EarshotError, UsageError } from '../errors.js';
import { makeFolders, notAFolder } from '../folders.js';
import { busyTimeoutMs } from './busy-timeout.js';
import { describeDbError } from './db-errors.js';
import { MIGRATIONS } from './migrations.js';
import { receiverKey } from './receiver-key.js';

export type Db = Database.Database;

/**
 * better-sqlite3 reads SQLITE_USE_URI once, when its addon loads at the first open; it lets
 * openForReading pass `immutable=1`. Every path earshot opens is absolute, so none is taken for
 * a URI. A user's own setting is left alone.
 */
function allowUriFilenames(): void {
  process.env.SQLITE_USE_URI ??= '1';
}

/** Between attempts to set up a database another earshot is setting up at the same moment. */
const SETUP_RETRY_MS = 25;
/**
 * The least wait while setting up: two first runs race for moments to switch a new file to WAL,
 * which no busy timeout the user chose (EARSHOT_BUSY_TIMEOUT=0 included) should turn into a failure.
 */
const SETUP_WAIT_MS = 2_000;

export interface OpenDbInput {
  path: string;
  /**
   * Query commands pass false: listing must not leave an empty database behind. Such a database
   * is also opened read-only when it cannot be opened for writing (see openForReading).
   */
  create?: boolean;
}

/**
 * Why a command that reads found no database at `path`: none was made yet, or a file stands
 * where a folder on the way should (`--db notes.txt/earshot.db`), where no scan could make one.
 */
export function noDatabaseYet(path: string): EarshotError {
  const file = notAFolder(path);
  if (file) return new EarshotError(`${path}: cannot open database: ${file}`);
  return new EarshotError(`${path}: no database yet (run "earshot scan" or "earshot import" first)`);
}

/** Opens and migrates the database; WAL so readers never block a scan. */
export function openDb({ path, create = true }: OpenDbInput): Db {
  refuseFolder(path);
  // How long to wait for another earshot holding the write lock (an overlapping cron run).
  const timeout = busyTimeoutMs();
  // An empty file (`touch earshot.db`) is no database yet either: reading must not set one up in it.
  if (!create && path !== ':memory:' && fileSize(path) <= 0 && fileSize(`${path}-wal`) <= 0) {
    throw noDatabaseYet(path);
  }
  allowUriFilenames();
  let db: Db;
  try {
    if (path !== ':memory:') makeFolders(dirname(path));
    db = new Database(path, { timeout: Math.max(timeout, SETUP_WAIT_MS) });
  } catch (err) {
    if (!create && isReadOnlyFailure(err)) return openReadOnlyCurrent(path);
    const file = notAFolder(path);
    if (file) throw new EarshotError(`${path}: cannot open database: ${file}`);
    throw describeDbError(err, path) ?? new EarshotError(`${path}: cannot open database: ${(err as Error).message}`);
  }
  try {
    setUp(db, path, Math.max(timeout, SETUP_WAIT_MS));
    // The command's own work waits as long as the user said.
    if (timeout < SETUP_WAIT_MS) db.pragma(`busy_timeout = ${timeout}`);
  } catch (err) {
    db.close();
    if (err instanceof EarshotError) throw err;
    // SQLite opens lazily: a read-only folder shows only at the first statement.
    if (!create && isReadOnlyFailure(err)) return openReadOnlyCurrent(path);
    throw describeDbError(err, path) ?? new EarshotError(`${path}: ${(err as Error).message}`);
  }
  return db;
}

/**
 * WAL mode, pragmas and migrations. Two first runs on a new file (cron jobs started together)
 * race to switch it to WAL, and there SQLite answers "busy" at once rather than wait, as waiting
 * could deadlock; the other run is done in moments, so this tries again for up to the busy
 * timeout. Every step is safe to repeat.
 */
function setUp(db: Db, path: string, timeout: number): void {
  const deadline = Date.now() + timeout;
  // Before anything is written: another program's database is refused unchanged. Both reads in
  // one transaction: another first run's migration committing between them would look like
  // earshot's tables without a version.
  db.transaction(() => {
    if (schemaVersion(db) === 0) refuseForeign(db, path);
  })();
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // Statement journals in memory, not in files under /var/tmp: each insert into a table with
      // a foreign key or an upsert keeps one for its own rollback, and in a file they were most
      // of an import's writes (8.4 GB of write calls for a 390 MB database of 1,000,000 posts,
      // against 1.0 GB; storing them 13.3 -> 9.2 s). They hold one statement's pages at a time.
      db.pragma('temp_store = MEMORY');
      migrate(db, path);
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETUP_RETRY_MS);
    }
  }
}

/** SQLite's answer while another connection holds the lock past the busy timeout. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Opens an existing database only to read it. A WAL database needs its -shm file, which SQLite
 * cannot create in a read-only folder (a mounted archive, a share, a snapshot); there it is opened
 * as immutable, which tells SQLite nothing will change the file while it reads. That holds for
 * an archive; it would not for a live database its owner keeps writing (README says so).
 */
export function openForReading(path: string): Db {
  refuseFolder(path);
  const timeout = busyTimeoutMs();
  allowUriFilenames();
  let db: Db | undefined;
  // Any connection to a WAL database makes -wal and -shm files, and only a read-write one removes
  // them when it closes: read-write, refusing every write (query_only), where no -wal file holds
  // changes that closing would checkpoint into the database.
  if (!existsSync(`${path}-wal`)) {
    try {
      db = new Database(path, { fileMustExist: true, timeout });
      db.pragma('query_only = ON');
      db.pragma('user_version', { simple: true });
      return db;
    } catch {
      db?.close();
    }
  }
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout });
    db.pragma('user_version', { simple: true });
    return db;
  } catch (err) {
    db?.close();
    if (!isReadOnlyFailure(err) || !existsSync(path)) throw err;
  }
  // Immutable ignores the -wal file: changes still in it would be silently missing.
  if (fileSize(`${path}-wal`) > 0) {
    throw new EarshotError(
      `${path}: cannot read it in a read-only folder while its -wal file holds changes: copy the database with its -wal file somewhere writable, or open it once with write access`,
    );
  }
  if (process.env.SQLITE_USE_URI !== '1') {
    throw new EarshotError(`${path}: cannot read it in a read-only folder with SQLITE_USE_URI=${process.env.SQLITE_USE_URI} set: unset it`);
  }
  return new Database(`${pathToFileURL(path).href}?immutable=1`, { readonly: true, fileMustExist: true });
}

/** SQLite reports a folder as a disk I/O error, or as a file it cannot open. */
function refuseFolder(path: string): void {
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    return;
  }
  if (folder) throw new UsageError(`${path}: is a folder, not a database file (give --db a file, such as ${join(path, 'earshot.db')})`);
}

/** Bytes in a file; 0 when there is none. */
export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** SQLite's answers when the file or its folder cannot be written. */
function isReadOnlyFailure(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'));
}

/** A read-only database for a query command: it cannot be migrated, so it must be current. */
function openReadOnlyCurrent(path: string): Db {
  let db: Db;
  try {
    db = openForReading(path);
  } catch (err) {
    throw describeDbError(err, path) ?? new EarshotError(`${path}: cannot open database: ${(err as Error).message}`);
  }
  const version = schemaVersion(db);
  try {
    checkKnown(version);
    if (version < MIGRATIONS.length) {
      throw new EarshotError(
        `${path}: the database is read-only and has schema version ${version}, this earshot needs ${MIGRATIONS.length}: run earshot on it once with write access, to upgrade it`,
      );
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * A file with tables but no earshot schema version is never set up: another program's database,
 * or earshot's own tables restored from an `sqlite3 .dump`, which leaves the version out.
 */
function refuseForeign(db: Db, path: string): void {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  if (tables.length === 0) return;
  if (tables.includes('posts') && tables.includes('mentions')) {
    throw new EarshotError(
      `${path}: holds earshot's tables without their schema version (an sqlite3 .dump leaves it out): copy databases with "earshot backup" instead`,
    );
  }
  throw new EarshotError(
    `${path}: not an earshot database (it holds other tables: ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}); give earshot a file of its own with --db`,
  );
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkKnown(current: number): void {
  if (current > MIGRATIONS.length) {
    throw new EarshotError(`database schema version ${current} is newer than this earshot knows (${MIGRATIONS.length}); upgrade earshot`);
  }
}

function migrate(db: Db, path: string): void {
  // Migration 16 names stored webhooks by the digest earshot uses for them.
  db.function('earshot_receiver_key', { deterministic: true }, (url: unknown) => receiverKey(String(url)));
  const apply = db.transaction(() => {
    // Read the version again under the write lock: another first run may have migrated while
    // this one waited for it (reading it only before the lock re-ran migration 1: "table posts
    // already exists").
    const current = schemaVersion(db);
    checkKnown(current);
    if (current === 0) refuseForeign(db, path);
    // A new database is created in no time; upgrading a big one holds the lock for seconds.
    if (current > 0 && current < MIGRATIONS.length) {
      process.stderr.write(
        `earshot: ${path}: upgrading the database to schema ${MIGRATIONS.length} (it is at ${current}); once, a few seconds per million mentions\n`,
      );
    }
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
