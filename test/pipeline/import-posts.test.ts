import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer, type AnalyzerInput } from '../../src/pipeline/analyze.js';
import { analyzeHere, analyzeInThreads, type ChunkAnalyzer } from '../../src/pipeline/chunk-analyzer.js';
import { ImportStoppedError, importPosts } from '../../src/pipeline/import-posts.js';
import type { Post } from '../../src/types.js';
import { makeBrand, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

let analyzer: ChunkAnalyzer;
let temp: TempDb;
beforeAll(async () => {
  analyzer = analyzeHere(await createAnalyzer(RULES));
});
beforeEach(() => {
  temp = createTempDb();
});
afterEach(() => temp.cleanup());

const RULES: AnalyzerInput = { brands: [makeBrand({ name: 'Ocado' })], topics: [], languages: ['en'] };

async function* stream(posts: Post[]): AsyncGenerator<Post> {
  for (const p of posts) yield p;
}

describe('importPosts', () => {
  it('stores a stream in steps of 5,000 posts', async () => {
    const posts = Array.from({ length: 12_001 }, (_, i) =>
      makePost({ id: String(i), language: 'en', author: `a${i % 7}`, text: i % 4 ? 'quiet day' : 'Ocado was late' }),
    );
    const chunks: number[] = [];
    const r = await importPosts({ db: temp.db, analyzer, source: 's', posts: stream(posts), now: () => new Date(), onChunk: (n) => chunks.push(n) });
    expect(chunks).toEqual([5_000, 10_000, 12_001]);
    expect(r).toEqual({ read: 12_001, newPosts: 12_001, newMentions: 3_001, repeated: 0, conflicting: 0 });
    // The running totals, added once per transaction, equal a recount.
    expect(temp.db.prepare(`SELECT SUM(n) FROM mention_counts`).pluck().get()).toBe(3_001);
    expect(temp.db.prepare(`SELECT author, n FROM author_totals WHERE n > 0 ORDER BY author`).all()).toHaveLength(7);
    expect(temp.db.prepare(`SELECT author, n FROM author_totals WHERE n > 0 ORDER BY author`).all()).toEqual(
      temp.db.prepare(`SELECT author, COUNT(*) AS n FROM mentions WHERE competitor = 0 AND author IS NOT NULL GROUP BY author ORDER BY author`).all(),
    );
  });

  it('takes posts in blocks as a file is read, chunked the same way', async () => {
    const posts = Array.from({ length: 12_001 }, (_, i) => makePost({ id: String(i), language: 'en', text: i % 4 ? 'quiet day' : 'Ocado was late' }));
    async function* blocks(): AsyncGenerator<Post[]> {
      for (let i = 0; i < posts.length; i += 3_777) yield posts.slice(i, i + 3_777);
    }
    const chunks: number[] = [];
    const r = await importPosts({ db: temp.db, analyzer, source: 's', posts: blocks(), now: () => new Date(), onChunk: (n) => chunks.push(n) });
    expect(chunks).toEqual([5_000, 10_000, 12_001]);
    expect(r).toEqual({ read: 12_001, newPosts: 12_001, newMentions: 3_001, repeated: 0, conflicting: 0 });
    expect(temp.db.prepare('SELECT count(*) AS n FROM posts').get()).toEqual({ n: 12_001 });
  });

  it('cuts a chunk early when its text is long, so long e-mails do not fill memory', async () => {
    const long = 'Ocado '.repeat(500_000);
    const posts = Array.from({ length: 5 }, (_, i) => makePost({ id: String(i), language: 'en', text: long }));
    const chunks: number[] = [];
    await importPosts({ db: temp.db, analyzer, source: 's', posts, now: () => new Date(), onChunk: (n) => chunks.push(n) });
    expect(chunks).toEqual([3, 5]);
  });

  it('holds no write lock while it waits for input: what it stored is committed meanwhile', async () => {
    const posts = Array.from({ length: 5_000 }, (_, i) => makePost({ id: String(i), language: 'en', text: 'Ocado was late' }));
    const other = new Database(temp.path, { timeout: 0 });
    // The state another process sees while the import waits: posts committed, lock free.
    const seen: { posts: number; locked: boolean }[] = [];
    async function* slowInput(): AsyncGenerator<Post> {
      yield* posts;
      // Pulled after the first step is stored; another writer must get in while this waits.
      for (let waited = 0; waited < 10_000; waited += 50) {
        const count = (other.prepare('SELECT count(*) FROM posts').pluck().get() as number);
        let locked = false;
        try {
          other.exec('BEGIN IMMEDIATE');
          other.exec('ROLLBACK');
        } catch {
          locked = true;
        }
        seen.push({ posts: count, locked });
        if (count > 0 && !locked) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      yield makePost({ id: 'last', language: 'en', text: 'Ocado again' });
    }
    const r = await importPosts({ db: temp.db, analyzer, source: 's', posts: slowInput(), now: () => new Date() });
    other.close();
    // Committed by its timer (or right after the step on a slow machine), never held for the input.
    expect(seen.at(-1)).toEqual({ posts: 5_000, locked: false });
    expect(r.newPosts).toBe(5_001);
  });

  it('input that fails mid-way: back to the last commit, whole steps only, the lock released', async () => {
    const posts = Array.from({ length: 12_000 }, (_, i) => makePost({ id: String(i), language: 'en', text: 'Ocado was late' }));
    async function* failing(): AsyncGenerator<Post> {
      yield* posts;
      throw new Error('read error');
    }
    await expect(importPosts({ db: temp.db, analyzer, source: 's', posts: failing(), now: () => new Date() })).rejects.toThrow('read error');
    expect(temp.db.inTransaction).toBe(false);
    const stored = temp.db.prepare('SELECT count(*) FROM posts').pluck().get() as number;
    expect(stored % 5_000).toBe(0);
    expect(temp.db.prepare('SELECT count(*) FROM mentions').pluck().get()).toBe(stored);
    const again = await importPosts({ db: temp.db, analyzer, source: 's', posts, now: () => new Date() });
    expect(again.newPosts).toBe(12_000 - stored);
  });

  it('stores the posts read so far when the input pauses (a pipe from tail -f), before a step\'s worth has come', async () => {
    const posts = Array.from({ length: 12 }, (_, i) => makePost({ id: String(i), language: 'en', text: `Ocado ${i}` }));
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    async function* piped(): AsyncGenerator<Post[]> {
      yield posts.slice(0, 10);
      await paused;
      yield posts.slice(10);
    }
    const run = importPosts({ db: temp.db, analyzer, source: 's', posts: piped(), now: () => new Date(), commitAfterMs: 0 });
    // Another connection sees only what was committed.
    const reader = new Database(temp.path, { readonly: true });
    const committed = () => reader.prepare('SELECT count(*) FROM posts').pluck().get() as number;
    const deadline = Date.now() + 10_000;
    while (committed() < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(committed()).toBe(10);
    resume();
    expect(await run).toMatchObject({ read: 12, newPosts: 12 });
    expect(committed()).toBe(12);
    reader.close();
  });

  it('stores nothing twice when the same posts come again', async () => {
    const posts = [makePost({ id: 'a', language: 'en', text: 'Ocado again' })];
    await importPosts({ db: temp.db, analyzer, source: 's', posts, now: () => new Date() });
    const again = await importPosts({ db: temp.db, analyzer, source: 's', posts, now: () => new Date() });
    // Stored by an earlier import: not a repeat.
    expect(again).toEqual({ read: 1, newPosts: 0, newMentions: 0, repeated: 0, conflicting: 0 });
  });

  it('counts posts whose id was stored before with other text (another file under the same source), not those stored as they come', async () => {
    await importPosts({ db: temp.db, analyzer, source: 's', posts: [makePost({ id: 'a', language: 'en', text: 'Ocado january' }), makePost({ id: 'b', language: 'en', text: 'Ocado same\u0000' })], now: () => new Date() });
    const again = [makePost({ id: 'a', language: 'en', text: 'Ocado february' }), makePost({ id: 'b', language: 'en', text: 'Ocado same\u0000' }), makePost({ id: 'c', language: 'en', text: 'Ocado new' })];
    const r = await importPosts({ db: temp.db, analyzer, source: 's', posts: again, now: () => new Date() });
    expect(r).toEqual({ read: 3, newPosts: 1, newMentions: 1, repeated: 0, conflicting: 1, firstConflictingId: 'a' });
    // The same input run again, an id repeated in it with other text: no conflict (its first run told of the repeat).
    const twice = [makePost({ id: 'r', language: 'en', text: 'Ocado first' }), makePost({ id: 'r', language: 'en', text: 'Ocado second' })];
    expect(await importPosts({ db: temp.db, analyzer, source: 't', posts: twice, now: () => new Date() })).toMatchObject({ repeated: 1, conflicting: 0 });
    expect(await importPosts({ db: temp.db, analyzer, source: 't', posts: twice, now: () => new Date() })).toMatchObject({ repeated: 0, conflicting: 0 });
    // Met when storing too, past the lookups (a source whose posts came long before).
    const fresh = [...Array.from({ length: 5_000 }, (_, i) => makePost({ id: `n${i}`, language: 'en', text: 'Ocado' })), makePost({ id: 'a', language: 'en', text: 'Ocado march' })];
    const late = await importPosts({ db: temp.db, analyzer, source: 's', posts: stream(fresh), now: () => new Date() });
    expect(late).toMatchObject({ newPosts: 5_000, repeated: 0, conflicting: 1, firstConflictingId: 'a' });
  });

  it('counts posts that repeat an id of the same import, across its steps, apart from those stored before', async () => {
    await importPosts({ db: temp.db, analyzer, source: 's', posts: [makePost({ id: 'old', language: 'en', text: 'Ocado' })], now: () => new Date() });
    // Ids 0-5,999 once, then 0-2 again in the next step, plus the one stored before.
    const ids = [...Array.from({ length: 6_000 }, (_, i) => String(i)), '0', '1', '2', 'old'];
    const posts = ids.map((id, i) => makePost({ id, language: 'en', text: `Ocado ${i}` }));
    const r = await importPosts({ db: temp.db, analyzer, source: 's', posts: stream(posts), now: () => new Date(), commitAfterMs: 0 });
    // The one stored before comes with other text: counted apart, as a conflict.
    expect(r).toEqual({ read: 6_004, newPosts: 6_000, newMentions: 6_000, repeated: 3, firstRepeatedId: '0', conflicting: 1, firstConflictingId: 'old' });
    // The first post of an id is the one kept.
    expect(temp.db.prepare(`SELECT text FROM posts WHERE native_id = '1'`).pluck().get()).toBe('Ocado 1');
  });

  it('run again to finish, analyses only the posts not stored yet, and its progress still moves', async () => {
    const posts = Array.from({ length: 12_000 }, (_, i) => makePost({ id: String(i), language: 'en', text: `Ocado ${i}` }));
    await importPosts({ db: temp.db, analyzer, source: 's', posts: posts.slice(0, 10_500), now: () => new Date() });
    let analysed = 0;
    const counting: ChunkAnalyzer = { ...analyzer, analyze: (chunk, more) => ((analysed += chunk.length), analyzer.analyze(chunk, more)) };
    const chunks: number[] = [];
    const r = await importPosts({ db: temp.db, analyzer: counting, source: 's', posts: stream(posts), now: () => new Date(), onChunk: (n) => chunks.push(n) });
    expect(analysed).toBe(1_500);
    expect(r).toEqual({ read: 12_000, newPosts: 1_500, newMentions: 1_500, repeated: 0, conflicting: 0 });
    expect(chunks).toEqual([5_000, 10_000, 12_000]);
    expect(temp.db.prepare(`SELECT count(*) FROM mentions`).pluck().get()).toBe(12_000);
  });

  it('stops looking posts up after a step of new ones in a row: a next file for the source pays for 5,000 lookups, not one a post', async () => {
    const post = (id: number) => makePost({ id: String(id), language: 'en', text: `Ocado ${id}` });
    await importPosts({ db: temp.db, analyzer, source: 's', posts: Array.from({ length: 100 }, (_, i) => post(i)), now: () => new Date() });
    let analysed = 0;
    const counting: ChunkAnalyzer = { ...analyzer, analyze: (chunk, more) => ((analysed += chunk.length), analyzer.analyze(chunk, more)) };
    // 7,000 new posts, then the 100 stored before: no longer looked up, they are analysed and skipped when stored.
    const posts = [...Array.from({ length: 7_000 }, (_, i) => post(1_000 + i)), ...Array.from({ length: 100 }, (_, i) => post(i))];
    const r = await importPosts({ db: temp.db, analyzer: counting, source: 's', posts: stream(posts), now: () => new Date() });
    expect(analysed).toBe(7_100);
    expect(r).toEqual({ read: 7_100, newPosts: 7_000, newMentions: 7_000, repeated: 0, conflicting: 0 });
  });
});

describe('importPosts with analysis in worker threads', () => {
  let threads: ChunkAnalyzer;
  beforeEach(() => {
    threads = analyzeInThreads(RULES, 2);
  });
  afterEach(() => threads.close());

  const rows = (db: Database.Database) =>
    db.prepare(`SELECT p.native_id, p.language, m.brand, m.match_kind, m.sentiment, m.priority FROM posts p LEFT JOIN mentions m ON m.post_pk = p.pk ORDER BY p.pk`).all();

  it('stores what analysis in this thread stores, in the order read, in the same steps', async () => {
    const posts = Array.from({ length: 12_001 }, (_, i) =>
      makePost({ id: String(i), author: `a${i % 7}`, language: i % 3 ? 'en' : undefined, text: i % 4 ? 'quiet day' : i % 8 ? 'Ocado was late, awful' : 'Ocdao was lovely today' }),
    );
    const chunks: number[] = [];
    const r = await importPosts({ db: temp.db, analyzer: threads, source: 's', posts: stream(posts), now: () => new Date(), onChunk: (n) => chunks.push(n) });
    expect(threads.depth).toBe(2);
    expect(chunks).toEqual([5_000, 10_000, 12_001]);
    expect(r).toEqual({ read: 12_001, newPosts: 12_001, newMentions: 3_001, repeated: 0, conflicting: 0 });
    const here = createTempDb();
    try {
      await importPosts({ db: here.db, analyzer, source: 's', posts: stream(posts), now: () => new Date() });
      expect(rows(temp.db)).toEqual(rows(here.db));
    } finally {
      here.cleanup();
    }
  });

  it('input that fails mid-way: back to the last commit, a prefix of whole steps, its size told', async () => {
    // Six chunks, committed after every step: with three waiting, the first ones are stored when the input fails.
    const posts = Array.from({ length: 30_000 }, (_, i) => makePost({ id: String(i), language: 'en', text: 'Ocado was late' }));
    async function* failing(): AsyncGenerator<Post> {
      yield* posts;
      throw new Error('read error');
    }
    const err = await importPosts({ db: temp.db, analyzer: threads, source: 's', posts: failing(), now: () => new Date(), commitAfterMs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportStoppedError);
    expect((err as ImportStoppedError).message).toBe('read error');
    expect(temp.db.inTransaction).toBe(false);
    const stored = temp.db.prepare('SELECT native_id FROM posts ORDER BY pk').pluck().all() as string[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length % 5_000).toBe(0);
    expect(stored).toEqual(posts.slice(0, stored.length).map((p) => p.id));
    expect((err as ImportStoppedError).committed).toEqual({ read: stored.length, newPosts: stored.length, newMentions: stored.length, repeated: 0, conflicting: 0 });
    const again = await importPosts({ db: temp.db, analyzer: threads, source: 's', posts, now: () => new Date() });
    expect(again.newPosts).toBe(30_000 - stored.length);
  });

  it('a chunk whose analysis fails stops the import at the last commit', async () => {
    const posts = Array.from({ length: 30_000 }, (_, i) => makePost({ id: String(i), language: 'en', text: i === 27_000 ? (['not', 'text'] as unknown as string) : 'Ocado was late' }));
    const err = await importPosts({ db: temp.db, analyzer: threads, source: 's', posts, now: () => new Date(), commitAfterMs: 0 }).catch((e: unknown) => e);
    expect((err as ImportStoppedError).cause).toBeInstanceOf(TypeError);
    expect(temp.db.inTransaction).toBe(false);
    const stored = temp.db.prepare('SELECT count(*) FROM posts').pluck().get() as number;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThanOrEqual(25_000);
    expect(stored % 5_000).toBe(0);
  });
});
