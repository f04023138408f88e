import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { describeDbError } from '../../src/store/db-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'earshot-dberr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a real SQLite operation throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('describeDbError: real SQLite failures become one clear line', () => {
  it('busy: another connection holds the write lock → exit 5', () => {
    const path = join(dir, 'busy.db');
    const a = new Database(path);
    a.pragma('journal_mode = WAL');
    a.exec('CREATE TABLE t (x)');
    const b = new Database(path, { timeout: 0 });
    a.exec('BEGIN IMMEDIATE');
    const err = thrown(() => b.exec('BEGIN IMMEDIATE'));
    a.exec('ROLLBACK');
    a.close();
    b.close();
    const described = describeDbError(err, path);
    expect(described?.exitCode).toBe(EXIT.BUSY);
    expect(described?.message).toBe(`${path}: database is busy: another earshot has been writing to it for more than 10 s; nothing was changed, try again (SQLITE_BUSY)`);
  });

  it('full: the page limit reached', () => {
    const db = new Database(join(dir, 'full.db'));
    db.exec('CREATE TABLE t (x)');
    db.pragma('max_page_count = 3');
    const err = thrown(() => db.transaction(() => {
      for (let i = 0; i < 1_000; i++) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(500));
    })());
    db.close();
    expect(describeDbError(err)?.message).toMatch(/^database or disk is full: nothing from this run was stored.*\(SQLITE_FULL\)$/);
  });

  it('disk I/O in the log\'s index promises nothing of the last write, which may have reached the disk before the error', () => {
    const err = new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_SHMSIZE');
    expect(describeDbError(err)?.message).toBe(
      'cannot write the database (disk I/O error: is the disk full or the file too large?): its last write may or may not have been stored (see what was, once the disk is fixed) (SQLITE_IOERR_SHMSIZE)',
    );
    // A write that failed inside the transaction was rolled back with it.
    expect(describeDbError(new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'))?.message).toMatch(/: nothing from this run was stored \(SQLITE_IOERR_WRITE\)$/);
  });

  it('read-only: a write through a read-only connection', () => {
    const path = join(dir, 'ro.db');
    new Database(path).exec('CREATE TABLE t (x)');
    const db = new Database(path, { readonly: true });
    const err = thrown(() => db.exec('INSERT INTO t VALUES (1)'));
    db.close();
    expect(describeDbError(err)?.message).toMatch(/^database is read-only .*\(SQLITE_READONLY\)$/);
  });

  it('not a database: a text file', () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(200));
    const err = thrown(() => new Database(path).pragma('user_version'));
    expect(describeDbError(err)?.message).toMatch(/not an earshot database.*\(SQLITE_NOTADB\)$/);
  });

  it.each([new Error('boom'), new TypeError('x'), 'a string', null])('leaves other errors alone: %s', (err) => {
    expect(describeDbError(err)).toBeUndefined();
  });
});
