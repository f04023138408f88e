import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { databaseFileAt, refusedTarget } from '../../src/store/db-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-dbfiles-'));
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'x.db'), '');
  symlinkSync(join(dir, 'real'), join(dir, 'link'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("tells the database's files however they are named, through a symlinked folder too, even before they exist", () => {
  const db = join(dir, 'real', 'x.db');
  expect(databaseFileAt(db, join(dir, 'link', 'x.db'))).toBe('');
  expect(databaseFileAt(db, join(dir, 'real', 'sub', '..', 'x.db'))).toBe('');
  // No -wal yet: still the database's own, reached through the link.
  expect(databaseFileAt(db, join(dir, 'link', 'x.db-wal'))).toBe('-wal');
  expect(databaseFileAt(join(dir, 'link', 'x.db'), join(dir, 'real', 'x.db-shm'))).toBe('-shm');
  expect(databaseFileAt(db, join(dir, 'real', 'x.db.csv'))).toBeNull();
  expect(databaseFileAt(db, join(dir, 'missing', 'x.db-wal'))).toBeNull();
  expect(refusedTarget(db, join(dir, 'link', 'x.db-wal'), 'output')).toBe(`${join(dir, 'link', 'x.db-wal')} is the database's own -wal file; give the output another name`);
  expect(refusedTarget(db, join(dir, 'out.csv'), 'output')).toBeNull();
});
