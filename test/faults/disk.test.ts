import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_CONFIG, writeJsonlCorpus } from '../helpers/big-corpus.js';
import { canonicalDump } from '../helpers/db-dump.js';
import { agelessRows, BIN, runCli } from '../helpers/run-cli.js';

const IS_ROOT = process.getuid?.() === 0;

/**
 * Makes a file or folder read-only for this process. Root ignores permission bits, so as root
 * a read-only bind mount does it; otherwise chmod. Returns the undo.
 */
function makeReadOnly(path: string, kind: 'file' | 'dir'): () => void {
  if (IS_ROOT) {
    execFileSync('mount', ['--bind', path, path]);
    execFileSync('mount', ['-o', 'remount,ro,bind', path]);
    return () => execFileSync('umount', [path]);
  }
  chmodSync(path, kind === 'dir' ? 0o555 : 0o444);
  return () => chmodSync(path, kind === 'dir' ? 0o755 : 0o644);
}

describe('read-only and full disks: one clear line, non-zero exit, what was stored intact', () => {
  let dir: string;
  const undo: (() => void)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-disk-'));
    await writeJsonlCorpus(join(dir, 'first.jsonl'), 2_000, 1);
    await writeJsonlCorpus(join(dir, 'big.jsonl'), 30_000, 2);
    writeFileSync(join(dir, 'earshot.yaml'), CORPUS_CONFIG);
  });
  afterEach(() => {
    while (undo.length > 0) undo.pop()!();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A database holding first.jsonl, in its own folder. */
  async function seededDb(name: string): Promise<{ folder: string; dbPath: string; before: ReturnType<typeof canonicalDump> }> {
    const folder = join(dir, name);
    mkdirSync(folder);
    const dbPath = join(folder, 'earshot.db');
    const r = await runCli(['--db', dbPath, 'import', 'first.jsonl'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return { folder, dbPath, before: canonicalDump(dbPath) };
  }

  it('a read-only database file', async () => {
    const { dbPath, before } = await seededDb('ro-file');
    undo.push(makeReadOnly(dbPath, 'file'));
    const r = await runCli(['--db', dbPath, 'import', 'big.jsonl'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^earshot: (.*: )?database is read-only .*\(SQLITE_READONLY\)\n$/);
    // Listing still works from a read-only file.
    const list = await runCli(['--db', dbPath, 'list', '--format', 'json'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    undo.pop()!();
    expect(canonicalDump(dbPath)).toEqual(before);
  });

  it('a read-only folder', async () => {
    const { folder, dbPath, before } = await seededDb('ro-dir');
    undo.push(makeReadOnly(folder, 'dir'));
    const r = await runCli(['--db', dbPath, 'scan'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^earshot: (.*earshot\.db: )?(cannot open the database file|database is read-only)/);
    const fresh = await runCli(['--db', join(folder, 'new.db'), 'scan'], { cwd: dir });
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/^earshot: (.*new\.db: )?(cannot open|database is read-only)[^\n]*\n$/);
    undo.pop()!();
    expect(canonicalDump(dbPath)).toEqual(before);
  });

  it('a read-only folder (an archive, a share): every query works, a change is refused in one line', async () => {
    const { folder, dbPath, before } = await seededDb('ro-archive');
    const writable = await runCli(['--db', dbPath, 'list', '--format', 'json', '--all'], { cwd: dir });
    undo.push(makeReadOnly(folder, 'dir'));
    const list = await runCli(['--db', dbPath, 'list', '--format', 'json', '--all'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    expect(agelessRows(list.stdout)).toEqual(agelessRows(writable.stdout));
    expect(agelessRows(list.stdout).length).toBeGreaterThan(0);
    for (const query of [['export', '--format', 'csv'], ['rules', '--format', 'json'], ['report', '--format', 'json'], ['show', '1', '--format', 'json'], ['sources', '--format', 'json'], ['doctor', '--format', 'json']]) {
      const r = await runCli(['--db', dbPath, ...query], { cwd: dir });
      expect(r.code, `${query[0]}: ${r.stderr}`).toBe(0);
    }
    const mark = await runCli(['--db', dbPath, 'mark', '1', '--responded'], { cwd: dir });
    expect(mark.code).toBe(1);
    expect(mark.stderr).toMatch(/^earshot: (.*: )?database is read-only [^\n]*\(SQLITE_READONLY\)\n$/);
    undo.pop()!();
    expect(canonicalDump(dbPath)).toEqual(before);
  });

  it('a read-only copy whose -wal file still holds changes: refused in one line, never read stale', async () => {
    const { folder, dbPath } = await seededDb('ro-wal-source');
    const live = new Database(dbPath);
    live.pragma('wal_autocheckpoint = 0');
    live.prepare(`UPDATE mentions SET status = 'ignored' WHERE id = 1`).run();
    // A snapshot taken while earshot was writing: the database and its -wal, no -shm.
    const snap = join(dir, 'ro-wal');
    mkdirSync(snap);
    copyFileSync(dbPath, join(snap, 'earshot.db'));
    copyFileSync(`${dbPath}-wal`, join(snap, 'earshot.db-wal'));
    live.close();
    expect(folder).not.toBe(snap);
    undo.push(makeReadOnly(snap, 'dir'));
    const r = await runCli(['--db', join(snap, 'earshot.db'), 'list', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^earshot: .*earshot\.db: cannot read it in a read-only folder while its -wal file holds changes[^\n]*\n$/);
    expect(r.stdout).toBe('');
  });

  it('a read-only folder holding a database from an older earshot: says how to upgrade it', async () => {
    const { folder, dbPath } = await seededDb('ro-old');
    const db = new Database(dbPath);
    db.pragma('user_version = 4');
    db.close();
    undo.push(makeReadOnly(folder, 'dir'));
    const r = await runCli(['--db', dbPath, 'list'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^earshot: .*earshot\.db: the database is read-only and has schema version 4, this earshot needs \d+: run earshot on it once with write access[^\n]*\n$/);
  });

  it('the disk fills up mid-import (a 256 KiB file size limit): one line, exit 1, earlier posts intact', async () => {
    const { dbPath, before } = await seededDb('full');
    // ulimit -f works without root; node ignores SIGXFSZ, so SQLite sees the failed write.
    const r = spawnSync('sh', ['-c', `ulimit -f 256; exec "${process.execPath}" "${BIN}" --db "${dbPath}" import big.jsonl`], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const after = canonicalDump(dbPath);
    expect(after.integrity).toBe('ok');
    // Whole 5,000-post chunks may have been committed before the disk filled; never a part of one.
    const stored = after.posts - before.posts;
    expect(stored % 5_000).toBe(0);
    // The line says what it left: nothing, or the steps committed before it.
    const outcome = stored === 0 ? 'nothing from this run was stored' : `the first \\d+ posts of big\\.jsonl were stored \\(${stored} new posts, \\d+ new mentions\\); run the same import again to finish it`;
    expect(r.stderr).toMatch(new RegExp(`^earshot: [^\\n]*(database or disk is full|cannot write the database)[^\\n]*${outcome}[^\\n]*\\n$`));
    const again = await runCli(['--db', dbPath, 'import', 'big.jsonl'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(canonicalDump(dbPath).posts).toBe(before.posts + 30_000);
  });

  it('a full filesystem (tmpfs as root, else a file size limit) during a scan: state before the scan intact', async () => {
    const { dbPath, before } = await seededDb('full-scan');
    let command = `exec "${process.execPath}" "${BIN}" --db "${dbPath}" scan`;
    if (IS_ROOT) {
      // A real ENOSPC: a tiny tmpfs holding a copy of the database.
      const mnt = join(dir, 'tmpfs');
      mkdirSync(mnt);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
      undo.push(() => execFileSync('umount', [mnt]));
      execFileSync('cp', [dbPath, join(mnt, 'earshot.db')]);
      command = `exec "${process.execPath}" "${BIN}" --db "${join(mnt, 'earshot.db')}" scan`;
    } else {
      command = `ulimit -f 256; ${command}`;
    }
    const r = spawnSync('sh', ['-c', command], { cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^earshot: [^\n]*(disk is full|cannot write the database)[^\n]*\n$/);
    const after = canonicalDump(IS_ROOT ? join(dir, 'tmpfs', 'earshot.db') : dbPath);
    expect(after).toEqual(before);
  });
});
