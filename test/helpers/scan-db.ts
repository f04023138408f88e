import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { HttpClient } from '../../src/http/client.js';
import { createLogger } from '../../src/log.js';
import { scan, type ScanResult } from '../../src/pipeline/scan.js';
import { openDb } from '../../src/store/open-db.js';

export interface ScanDbRun {
  result: ScanResult;
  /** Every line the logger wrote. */
  lines: string[];
}

export interface ScanDbInput {
  /** A whole earshot.yaml; `${VAR}` references are filled from env. */
  yaml: string;
  env?: Record<string, string>;
  http: HttpClient;
  now: Date;
}

/** The real scan pipeline into a real SQLite file in a temp dir, for end-to-end source tests. */
export interface ScanDb {
  dir: string;
  run(input: ScanDbInput): Promise<ScanDbRun>;
  /** Native ids of the stored posts, in insertion order. */
  postIds(): string[];
  /** Every row of every table as JSON: for checking what never reaches the database. */
  dump(): string;
  cleanup(): void;
}

export function createScanDb(): ScanDb {
  const dir = mkdtempSync(path.join(tmpdir(), 'earshot-scan-'));
  const dbPath = path.join(dir, 'earshot.db');
  const withDb = <T>(use: (db: ReturnType<typeof openDb>) => T): T => {
    const db = openDb({ path: dbPath });
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  return {
    dir,
    async run({ yaml, env = {}, http, now }) {
      const config = parseConfig({ source: yaml, file: path.join(dir, 'earshot.yaml'), env });
      const lines: string[] = [];
      const log = createLogger({ verbose: true, write: (line) => lines.push(line) });
      const db = openDb({ path: dbPath });
      try {
        return { result: await scan({ config, db, http, log, now: () => now }), lines };
      } finally {
        db.close();
      }
    },
    postIds: () => withDb((db) => db.prepare('SELECT native_id FROM posts ORDER BY rowid').pluck().all() as string[]),
    dump: () =>
      withDb((db) => {
        const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
        return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t}"`).all()));
      }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
