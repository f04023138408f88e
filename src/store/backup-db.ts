import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { EarshotError } from '../errors.js';
import { openForReading } from './open-db.js';

export interface BackupDbInput {
  from: string;
  to: string;
}

export interface BackupResult {
  pages: number;
}

/**
 * A consistent copy of a live database through SQLite's online backup API: scans may keep
 * writing meanwhile. Written beside the target and renamed when complete and checked, so a
 * backup cut short never leaves a half-written file under the target's name.
 */
export async function backupDb({ from, to }: BackupDbInput): Promise<BackupResult> {
  if (!existsSync(from)) throw new EarshotError(`${from}: no database yet (run "earshot scan" or "earshot import" first)`);
  const partial = `${to}.partial`;
  const source = openForReading(from);
  try {
    rmSync(partial, { force: true });
    const { totalPages } = await source.backup(partial);
    const copy = new Database(partial, { readonly: true });
    try {
      const check = copy.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') throw new EarshotError(`${to}: the backup failed its check (${check}); the database itself may be damaged: run "earshot doctor"`);
    } finally {
      copy.close();
    }
    renameSync(partial, to);
    return { pages: totalPages };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    source.close();
  }
}
