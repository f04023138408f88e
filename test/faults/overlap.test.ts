import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_CONFIG, writeJsonlCorpus } from '../helpers/big-corpus.js';
import { canonicalDump } from '../helpers/db-dump.js';
import { sleep } from '../helpers/kill-cli.js';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';

const POSTS = 40_000;

/** The busy timeout of the runs that are to give up waiting: 2 s, not 10 s, to keep the suite short. */
const SHORT_WAIT = { EARSHOT_BUSY_TIMEOUT: '2' };

/** earshot run with `args`, its standard input a pipe the test writes to; its stderr as it comes. */
function importFromPipe(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...SHORT_WAIT } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // It stops reading once it gives up: the rest of the input meets a closed pipe.
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, stderr: () => stderr };
}

/** The posts another process has committed, once there are at least `least` (or after 30 s). */
async function committedPosts(dbPath: string, least: number): Promise<number> {
  let stored = 0;
  for (let i = 0; i < 600 && stored < least; i++) {
    await sleep(50);
    try {
      const reader = new Database(dbPath, { readonly: true, fileMustExist: true });
      stored = reader.prepare('SELECT COUNT(*) FROM posts').pluck().get() as number;
      reader.close();
    } catch {
      // Not created yet, or its schema not yet committed.
    }
  }
  return stored;
}

describe('overlapping runs on one database', () => {
  let dir: string;
  let cleanImport: ReturnType<typeof canonicalDump>;
  let cleanScan: ReturnType<typeof canonicalDump>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-overlap-'));
    await writeJsonlCorpus(join(dir, 'big.jsonl'), POSTS, 5);
    writeFileSync(join(dir, 'earshot.yaml'), CORPUS_CONFIG);
    const imported = await runCli(['--db', 'clean-import.db', 'import', 'big.jsonl'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    cleanImport = canonicalDump(join(dir, 'clean-import.db'));
    const scanned = await runCli(['--db', 'clean-scan.db', 'scan'], { cwd: dir });
    expect(scanned.code, scanned.stderr).toBe(0);
    cleanScan = canonicalDump(join(dir, 'clean-scan.db'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two first runs opening a new database at once, 30 times: neither is refused as busy, even told not to wait', async () => {
    // Both race to switch the new file to WAL, where SQLite answers "busy" at once instead of
    // waiting (one in nine pairs failed before openDb tried again). Half the pairs run with
    // EARSHOT_BUSY_TIMEOUT=0, which is about another run's lock, not this moment's race.
    const open = (path: string, wait: string | undefined) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const code = `import { openDb } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/store/open-db.js')).href)}; openDb({ path: process.env.DB }).close();`;
        const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, DB: path, EARSHOT_BUSY_TIMEOUT: wait } });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (exit) => resolve({ code: exit, stderr }));
      });
    for (let i = 0; i < 30; i++) {
      const path = join(dir, `first-${i}.db`);
      const wait = i % 2 === 0 ? undefined : '0';
      const [a, b] = await Promise.all([open(path, wait), open(path, wait)]);
      expect([a.code, b.code], `attempt ${i}: ${a.stderr}${b.stderr}`).toEqual([0, 0]);
    }
  });

  it('two imports started together on a new database: both succeed, nothing twice', async () => {
    const args = ['--db', 'two-imports.db', 'import', 'big.jsonl'];
    const [a, b] = await Promise.all([runCli(args, { cwd: dir }), runCli(args, { cwd: dir })]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const newPosts = [a, b].map((r) => Number(/(\d+) new posts/.exec(r.stdout)![1]));
    expect(newPosts[0]! + newPosts[1]!).toBe(POSTS);
    expect(canonicalDump(join(dir, 'two-imports.db'))).toEqual(cleanImport);
  });

  it('two scans started together: both succeed, one stores everything, the database equals one scan', async () => {
    const args = ['--db', 'two-scans.db', 'scan'];
    const [a, b] = await Promise.all([runCli(args, { cwd: dir }), runCli(args, { cwd: dir })]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const newPosts = [a, b].map((r) => Number(/(\d+) new posts/.exec(r.stdout)![1])).sort((x, y) => x - y);
    expect(newPosts).toEqual([0, POSTS]);
    expect(canonicalDump(join(dir, 'two-scans.db'))).toEqual(cleanScan);
  });

  it('a scan waits for a write lock that is released, then stores', async () => {
    const dbPath = join(dir, 'waits.db');
    // A new file: the scan waits in its migration, the first write it makes.
    const holder = new Database(dbPath);
    holder.pragma('journal_mode = WAL');
    holder.exec('BEGIN IMMEDIATE');
    const scanning = runCli(['--db', dbPath, 'scan'], { cwd: dir });
    await sleep(1_500);
    holder.exec('ROLLBACK');
    holder.close();
    const r = await scanning;
    expect(r.code, r.stderr).toBe(0);
    expect(canonicalDump(dbPath).posts).toBe(POSTS);
  });

  it('a lock taken between two of an import\'s commits and held past the busy timeout: exit 5, saying what was stored', async () => {
    const dbPath = join(dir, 'partial.db');
    const lines = readFileSync(join(dir, 'big.jsonl'), 'utf8').split('\n').filter(Boolean);
    // From a pipe: the first 10,000 posts, committed while the import waits for more.
    const { child, exited, stderr } = importFromPipe(dir, ['--db', dbPath, 'import', '-', '--format', 'jsonl', '--source', 'big']);
    child.stdin.write(lines.slice(0, 10_000).join('\n') + '\n');
    expect(await committedPosts(dbPath, 1)).toBe(10_000);
    // Another writer takes the lock; the rest of the input then waits for it, past the timeout.
    const holder = new Database(dbPath);
    holder.exec('BEGIN IMMEDIATE');
    try {
      child.stdin.end(lines.slice(10_000).join('\n') + '\n');
      expect(await exited).toBe(5);
      expect(stderr()).toMatch(
        /^earshot: \S+partial\.db: database is busy: another earshot has been writing to it for more than 2 s; the first 10000 posts of stdin were stored \(10000 new posts, \d+ new mentions\); run the same import again to finish it: nothing is stored twice \(SQLITE_BUSY\)\n$/,
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(canonicalDump(dbPath).posts).toBe(10_000);
  });

  it('an import of several files stopped in a later one says the earlier ones were stored', async () => {
    const dbPath = join(dir, 'files.db');
    const lines = readFileSync(join(dir, 'big.jsonl'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(join(dir, 'first.jsonl'), lines.slice(0, 100).join('\n') + '\n');
    const { child, exited, stderr } = importFromPipe(dir, ['-q', '--db', dbPath, 'import', 'first.jsonl', '-', '--format', 'jsonl']);
    expect(await committedPosts(dbPath, 100)).toBe(100);
    const holder = new Database(dbPath);
    holder.exec('BEGIN IMMEDIATE');
    try {
      child.stdin.end(lines.slice(100, 200).join('\n') + '\n');
      expect(await exited).toBe(5);
      expect(stderr()).toMatch(
        /^earshot: \S+files\.db: database is busy: another earshot has been writing to it for more than 2 s; first\.jsonl was stored whole; run the same import again to finish it: nothing is stored twice \(SQLITE_BUSY\)\n$/,
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('a lock held past the busy timeout: exit 5, one clear line, the database unchanged', async () => {
    const dbPath = join(dir, 'busy.db');
    const first = await runCli(['--db', dbPath, 'import', 'big.jsonl'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const before = canonicalDump(dbPath);
    const holder = new Database(dbPath);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = await runCli(['--db', dbPath, 'scan'], { cwd: dir, env: SHORT_WAIT });
      expect(r.code).toBe(5);
      expect(r.stderr).toBe(
        'earshot: database is busy: another earshot has been writing to it for more than 2 s; nothing was changed, try again (SQLITE_BUSY)\n',
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(canonicalDump(dbPath)).toEqual(before);
  });
});
