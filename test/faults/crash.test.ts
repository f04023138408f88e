import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_CONFIG, writeJsonlCorpus } from '../helpers/big-corpus.js';
import { seededRandom } from '../helpers/builders.js';
import { canonicalDump, type CanonicalDump } from '../helpers/db-dump.js';
import { runUntilKilled, sleep } from '../helpers/kill-cli.js';
import { runCli } from '../helpers/run-cli.js';

const POSTS = 120_000;
const CHUNK_POSTS = 5_000;
// Sixteen kills of one thread and four of --jobs 2: twenty points in all, as CI time allows.
const KILLS = 16;
const SCAN_POSTS = 40_000;

/** Posts stored so far, read through a separate connection while the CLI writes (WAL). */
function storedPosts(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  try {
    const db = new Database(dbPath, { readonly: true, timeout: 1_000 });
    try {
      return db.prepare('SELECT COUNT(*) FROM posts').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created or not migrated yet
  }
}

describe('SIGKILL at arbitrary points, then a re-run, equals one clean run', () => {
  let dir: string;
  let cleanMs = 0;
  /** A clean import's dump, the reference for every run killed and finished. */
  let expected: CanonicalDump;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-crash-'));
    await writeJsonlCorpus(join(dir, 'big.jsonl'), POSTS);
    writeFileSync(join(dir, 'earshot.yaml'), CORPUS_CONFIG);
    const started = Date.now();
    const clean = await runCli(['--db', 'clean.db', 'import', 'big.jsonl'], { cwd: dir });
    // Only used to spread the kill points over a run's length; never asserted on.
    cleanMs = Date.now() - started;
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expected = canonicalDump(join(dir, 'clean.db'));
    expect(expected.posts).toBe(POSTS);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Kills `kills` runs of `import big.jsonl …args` into `name`, checking after each, then finishes it. */
  async function killAndFinish(name: string, args: string[], kills: number, seed: number) {
    const dbPath = join(dir, name);
    const rand = seededRandom(seed);
    let landed = 0;
    for (let i = 0; i < kills; i++) {
      // Even kill points by time (fetching, analysing, mid-transaction); odd ones once the
      // database holds a random number of posts (just after a commit, mid-chunk).
      const byCount = i % 2 === 1;
      const delay = Math.floor(cleanMs * (0.05 + 0.9 * rand()));
      const target = Math.floor(rand() * POSTS);
      const run = await runUntilKilled({
        args: ['--db', dbPath, 'import', 'big.jsonl', ...args],
        cwd: dir,
        killWhen: async (child) => {
          if (!byCount) return sleep(delay);
          while (!child.exited() && storedPosts(dbPath) < target) await sleep(15);
        },
      });
      if (run.signal === 'SIGKILL') landed++;
      else expect(run.code, run.stderr).toBe(0);
      // Whatever the kill interrupted, only whole chunks are visible: a prefix of the file.
      const n = storedPosts(dbPath);
      expect(n % CHUNK_POSTS === 0 || n === POSTS, `${n} posts after kill ${i}`).toBe(true);
      if (n > 0) {
        const db = new Database(dbPath, { readonly: true });
        const maxId = db.prepare(`SELECT MAX(CAST(substr(native_id, 2) AS INTEGER)) FROM posts`).pluck().get() as number;
        db.close();
        expect(maxId).toBe(n - 1);
      }
    }
    expect(landed).toBeGreaterThan(0);

    const finish = await runCli(['--db', dbPath, 'import', 'big.jsonl', ...args], { cwd: dir });
    expect(finish.code, finish.stderr).toBe(0);
    const actual = canonicalDump(dbPath);
    expect(actual).toEqual(expected);
    expect(actual.integrity).toBe('ok');
    expect(actual.duplicatePosts + actual.duplicateMentions).toBe(0);
  }

  it('import: every kill leaves whole 5,000-post chunks; the finished database equals a clean import', async () => {
    await killAndFinish('crashed.db', [], KILLS, 7);
  });

  it('import --jobs 2 (analysis in a worker thread): the same, and the same database as one thread makes', async () => {
    await killAndFinish('crashed-jobs.db', ['--jobs', '2'], KILLS / 4, 11);
  });

  it('scan of a file source: a killed scan stores all or nothing; the re-run equals a clean scan', async () => {
    // A smaller file: a scan is one transaction, so fewer posts test the same thing, faster.
    const scanDir = join(dir, 'scan');
    mkdirSync(scanDir);
    await writeJsonlCorpus(join(scanDir, 'big.jsonl'), SCAN_POSTS, 99);
    writeFileSync(join(scanDir, 'earshot.yaml'), CORPUS_CONFIG);
    const started = Date.now();
    const clean = await runCli(['--db', 'clean-scan.db', 'scan'], { cwd: scanDir });
    const scanMs = Date.now() - started;
    expect(clean.code, clean.stderr).toBe(0);
    const expected = canonicalDump(join(scanDir, 'clean-scan.db'));
    expect(expected.posts).toBe(SCAN_POSTS);
    expect(expected.sourceState).toHaveLength(1);
    expect(expected.sourceState[0]!.cursor).toMatch(/"size":/);

    const dbPath = join(scanDir, 'crashed-scan.db');
    const rand = seededRandom(11);
    let landed = 0;
    for (let i = 0; i < KILLS / 2; i++) {
      const delay = Math.floor(scanMs * (0.05 + 0.9 * rand()));
      const run = await runUntilKilled({ args: ['--db', dbPath, 'scan'], cwd: scanDir, killWhen: () => sleep(delay) });
      if (run.signal === 'SIGKILL') landed++;
      const n = storedPosts(dbPath);
      expect([0, SCAN_POSTS]).toContain(n);
      if (n === 0 && existsSync(dbPath)) expect(canonicalDump(dbPath).sourceState).toEqual([]);
    }
    expect(landed).toBeGreaterThan(0);

    const finish = await runCli(['--db', dbPath, 'scan'], { cwd: scanDir });
    expect(finish.code, finish.stderr).toBe(0);
    const actual = canonicalDump(dbPath);
    expect(actual).toEqual(expected);
    expect(actual.integrity).toBe('ok');
  });
});
