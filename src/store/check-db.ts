import { UsageError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { type Db, fileSize, isBusy, openForReading } from './open-db.js';

/** What `earshot doctor` found in a database file; read-only, it changes nothing. */
export interface DbHealth {
  path: string;
  /** Bytes of the database file and its WAL and shared-memory files (0 when absent). */
  sizes: { db: number; wal: number; shm: number };
  schemaVersion: number | null;
  knownSchemaVersion: number;
  /** ['ok'] when healthy; otherwise SQLite's list of problems, or why it could not check. */
  integrity: string[];
  rows: Record<string, number>;
  sources: { source: string; lastSuccessAt: string | null; lastError: string | null; lastErrorAt: string | null }[];
  ok: boolean;
}

const COUNTED_TABLES = ['posts', 'mentions', 'mention_events', 'scans', 'source_state'] as const;
/** Enough problems to see the extent of the damage without flooding the terminal. */
const MAX_INTEGRITY_ROWS = 20;


/** Integrity, schema version, sizes, row counts and source health, without migrating or writing. */
export function checkDb(path: string): DbHealth {
  const health: DbHealth = {
    path,
    sizes: { db: fileSize(path), wal: fileSize(`${path}-wal`), shm: fileSize(`${path}-shm`) },
    schemaVersion: null,
    knownSchemaVersion: MIGRATIONS.length,
    integrity: [],
    rows: {},
    sources: [],
    ok: false,
  };
  let db: Db;
  try {
    db = openForReading(path);
  } catch (err) {
    // Busy is another earshot writing, not a damaged file: said as every command says it (exit 5),
    // as is a bad EARSHOT_BUSY_TIMEOUT (exit 2).
    if (isBusy(err) || err instanceof UsageError) throw err;
    health.integrity = [`cannot open: ${(err as Error).message}`];
    return health;
  }
  try {
    try {
      health.integrity = (db.prepare(`PRAGMA integrity_check(${MAX_INTEGRITY_ROWS})`).pluck().all() as string[]);
    } catch (err) {
      if (isBusy(err)) throw err;
      health.integrity = [(err as Error).message];
      return health;
    }
    health.schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    for (const table of COUNTED_TABLES) {
      // Table names come from the constant list above, never from input.
      if (tables.has(table)) health.rows[table] = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    }
    if (tables.has('source_state')) {
      const rows = db
        .prepare(`SELECT source, last_success_at, last_error, last_error_at FROM source_state ORDER BY source`)
        .all() as { source: string; last_success_at: string | null; last_error: string | null; last_error_at: string | null }[];
      health.sources = rows.map((r) => ({ source: r.source, lastSuccessAt: r.last_success_at, lastError: r.last_error, lastErrorAt: r.last_error_at }));
    }
  } catch (err) {
    if (isBusy(err)) throw err;
    health.integrity = [...health.integrity.filter((l) => l !== 'ok'), (err as Error).message];
  } finally {
    db.close();
  }
  health.ok =
    health.integrity.length === 1 &&
    health.integrity[0] === 'ok' &&
    health.schemaVersion !== null &&
    // 0: no earshot schema at all (an empty file, or another program's database).
    health.schemaVersion >= 1 &&
    health.schemaVersion <= MIGRATIONS.length;
  return health;
}
