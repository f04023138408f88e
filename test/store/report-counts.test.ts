import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/pipeline/analyze.js';
import { analyzeHere } from '../../src/pipeline/chunk-analyzer.js';
import { rematch } from '../../src/pipeline/rematch.js';
import { buildReport } from '../../src/report/build-report.js';
import { markMentions } from '../../src/store/mark-mentions.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openDb, type Db } from '../../src/store/open-db.js';
import { queryMentionTexts, queryReportData } from '../../src/store/query-report.js';
import { saveScan } from '../../src/store/save-scan.js';
import { indexBrandHandles } from '../../src/triage/brand-handles.js';
import { slaTargets } from '../../src/triage/sla.js';
import type { Channel, Post, ScoredMention, SentimentLabel } from '../../src/types.js';
import { makeBrand, makeMention, makePost, seededRandom } from '../helpers/builders.js';
import { queryOpenFacts, queryReportFacts, referenceReport } from '../helpers/reference-report.js';
import { agelessRows, runCli } from '../helpers/run-cli.js';
import { createTempDb, openAtSchema, type TempDb } from '../helpers/temp-db.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const BRANDS = [
  makeBrand({ name: 'Ocado', handles: ['OcadoSupport'], sla: { social: 30, email: 240 } }),
  makeBrand({ name: 'Żabka', sla: 90 }),
  makeBrand({ name: 'Lidl' }),
  makeBrand({ name: 'Tesco', competitor: true }),
];
const SOURCES: [string, Channel][] = [
  ['tw', 'social'],
  ['mail', 'email'],
  ['hn', 'forum'],
];
const SENTIMENTS: SentimentLabel[] = ['negative', 'neutral', 'positive'];

let temp: TempDb;
let db: Db;
beforeEach(() => {
  temp = createTempDb();
  db = temp.db;
});
afterEach(() => temp.cleanup());

/**
 * A random history: posts over ten days (some in the last minutes, some not yet due), several
 * brands per post, topics, authors with and without follower counts (and ties), brand replies,
 * then people answering, ignoring, assigning and rejecting mentions, and a few mentions deleted
 * and changed behind the report's back as a rematch would.
 */
function seedRandom(seed: number): void {
  const rand = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const items: { post: Post; mentions: ScoredMention[] }[] = [];
  for (let i = 0; i < 400; i++) {
    const [source, channel] = pick(SOURCES);
    const ago = rand() < 0.1 ? rand() * 300 * 60_000 : rand() * 10 * 86_400_000;
    const followers = rand() < 0.3 ? undefined : pick([10, 500, 500, 2_000, 90_000]);
    const brands = BRANDS.filter(() => rand() < 0.4);
    const mentions = brands.map((b) =>
      makeMention({
        brand: b.name,
        competitor: b.competitor,
        kind: rand() < 0.05 ? 'topic' : pick(['name', 'handle', 'fuzzy'] as const),
        tagged: rand() < 0.3,
        sentiment: pick(SENTIMENTS),
      }),
    );
    items.push({
      post: makePost({
        source,
        channel,
        id: `p${i}`,
        createdAt: new Date(NOW.getTime() - ago).toISOString(),
        author: rand() < 0.1 ? undefined : `author${Math.floor(rand() * 40)}`,
        authorFollowers: followers,
      }),
      mentions,
    });
    if (brands.some((b) => b.name === 'Ocado') && rand() < 0.2) {
      const reply = new Date(NOW.getTime() - ago + rand() * 120 * 60_000);
      if (reply < NOW) {
        items.push({ post: makePost({ source, channel, id: `r${i}`, createdAt: reply.toISOString(), author: 'ocadosupport', replyTo: `p${i}` }), mentions: [] });
      }
    }
  }
  saveScan(db, { batches: [{ source: 'mixed', items }], failures: [], startedAt: NOW.toISOString(), at: NOW.toISOString(), handles: indexBrandHandles(BRANDS) });

  const rows = db.prepare(`SELECT id, created_at FROM mentions ORDER BY id`).all() as { id: number; created_at: string }[];
  for (const { id, created_at } of rows) {
    const r = rand();
    const at = new Date(Math.min(NOW.getTime(), Date.parse(created_at) + rand() * 600 * 60_000)).toISOString();
    if (r < 0.25) markMentions(db, { ids: [id], status: 'responded', actor: 'ana', at });
    else if (r < 0.3) markMentions(db, { ids: [id], status: 'ignored', actor: 'ana', at });
    else if (r < 0.35) markMentions(db, { ids: [id], verdict: 'false-positive', actor: 'ana', at });
    if (rand() < 0.15) markMentions(db, { ids: [id], assign: pick(['bo', 'cy', '']), actor: 'ana', at });
    // A second answer, earlier or later: the first response is the earliest.
    if (r < 0.25 && rand() < 0.2) markMentions(db, { ids: [id], status: 'responded', actor: 'bo', at: new Date(Date.parse(at) - 60_000).toISOString() });
  }
  // As rematch does: some mentions go, some change sentiment, brand or kind, one comes back.
  db.prepare(`DELETE FROM mentions WHERE id % 17 = 0`).run();
  db.prepare(`UPDATE mentions SET sentiment = 'positive' WHERE id % 13 = 0`).run();
  db.prepare(`UPDATE mentions SET match_kind = 'topic' WHERE id % 19 = 0`).run();
  db.prepare(`UPDATE mentions SET status = 'open', assigned_to = NULL WHERE id % 23 = 0`).run();
}

/** mention_counts rebuilt from scratch, as migration 6 first fills it. */
function recount(): unknown[] {
  return db
    .prepare(
      `SELECT date(created_at) AS day, brand, competitor, source, channel, sentiment, tagged, status, assigned_to IS NOT NULL AS assigned, COUNT(*) AS n
       FROM mentions WHERE verdict IS NOT 'false-positive' AND match_kind != 'topic'
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    )
    .all();
}

/** mention_totals rebuilt from scratch: the same counts without the day. */
function recountAllTime(): unknown[] {
  return db
    .prepare(
      `SELECT brand, competitor, source, channel, sentiment, tagged, status, assigned_to IS NOT NULL AS assigned, COUNT(*) AS n
       FROM mentions WHERE verdict IS NOT 'false-positive' AND match_kind != 'topic' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    )
    .all();
}

const ALL_TIME = `SELECT brand, competitor, source, channel, sentiment, tagged, status, assigned, n FROM mention_totals WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`;

describe('running totals for the report (migration 6)', () => {
  it.each([1, 2, 3])('stay equal to a recount through inserts, marks, updates and deletes (seed %i)', (seed) => {
    seedRandom(seed);
    const kept = db
      .prepare(`SELECT day, brand, competitor, source, channel, sentiment, tagged, status, assigned, n FROM mention_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`)
      .all();
    expect(kept.length).toBeGreaterThan(50);
    expect(kept).toEqual(recount());
    expect(db.prepare(`SELECT COUNT(*) FROM mention_counts WHERE n < 0`).pluck().get()).toBe(0);
    // The totals of all time (migration 12) are the same counts without the day.
    expect(db.prepare(ALL_TIME).all()).toEqual(recountAllTime());
    expect(db.prepare(`SELECT COUNT(*) FROM mention_totals WHERE n < 0`).pluck().get()).toBe(0);
  });

  it('keep each mention’s earliest answer and its post’s source and channel', () => {
    seedRandom(4);
    const wrong = db
      .prepare(
        `SELECT COUNT(*) FROM mentions m JOIN posts p ON p.pk = m.post_pk
         WHERE m.source IS NOT p.source OR m.channel IS NOT p.channel
            OR m.first_response_at IS NOT (SELECT MIN(e.at) FROM mention_events e
                 WHERE e.post_pk = m.post_pk AND e.brand = m.brand AND e.action = 'status' AND e.value = 'responded')`,
      )
      .pluck()
      .get();
    expect(db.prepare(`SELECT COUNT(*) FROM mentions WHERE first_response_at IS NOT NULL`).pluck().get()).toBeGreaterThan(50);
    expect(wrong).toBe(0);
    // And the response time in ms (migration 7), through second, earlier answers and changes.
    const times = db.prepare(`SELECT created_at, first_response_at, response_ms FROM mentions`).all() as { created_at: string; first_response_at: string | null; response_ms: number | null }[];
    for (const t of times) {
      expect(t.response_ms).toBe(t.first_response_at === null ? null : Math.max(0, Date.parse(t.first_response_at) - Date.parse(t.created_at)));
    }
  });
});

describe('running totals through a real rematch', () => {
  it('follow mentions that a changed rule removes and brings back, with their answers', async () => {
    const ocado = makeBrand({ name: 'Ocado' });
    const tesco = makeBrand({ name: 'Tesco', competitor: true });
    const loose = await createAnalyzer({ brands: [ocado, tesco], topics: [], languages: ['en'] });
    const strict = await createAnalyzer({ brands: [{ ...ocado, exclude: ['ocado crisps'] }, tesco], topics: [], languages: ['en'] });
    const texts = ['Ocado crisps are great, honestly.', 'Ocado delivered late again.', 'Tesco and Ocado both fine.', 'ocado crisps, never again'];
    const posts = texts.map((text, i) => makePost({ source: 'tw', id: String(i), createdAt: `2026-03-0${i + 1}T10:00:00.000Z`, author: 'a', text, language: 'en' }));
    saveScan(db, {
      batches: [{ source: 'tw', items: posts.map((post) => ({ post, mentions: loose.analyze(post).mentions })) }],
      failures: [],
      startedAt: NOW.toISOString(),
      at: NOW.toISOString(),
    });
    const crisps = db.prepare(`SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id IN ('0', '3') ORDER BY m.id`).pluck().all() as number[];
    expect(crisps).toHaveLength(2);
    markMentions(db, { ids: [crisps[0]!], status: 'responded', actor: 'ana', at: '2026-03-01T10:05:00.000Z' });
    markMentions(db, { ids: [crisps[1]!], assign: 'bo', actor: 'ana', at: '2026-03-04T10:05:00.000Z' });
    const counted = () => db.prepare(`SELECT day, brand, competitor, source, channel, sentiment, tagged, status, assigned, n FROM mention_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`).all();
    const before = counted();
    expect(before).toEqual(recount());

    const removed = await rematch({ db, analyzer: analyzeHere(strict), at: '2026-03-06T00:00:00.000Z' });
    expect(removed.removed).toBe(2);
    expect(counted()).toEqual(recount());
    expect(counted()).not.toEqual(before);

    const restored = await rematch({ db, analyzer: analyzeHere(loose), at: '2026-03-07T00:00:00.000Z' });
    expect(restored.added).toBe(2);
    expect(counted()).toEqual(before);
    expect(db.prepare(ALL_TIME).all()).toEqual(recountAllTime());
    const back = db
      .prepare(
        `SELECT m.status, m.assigned_to, m.source, m.channel, m.first_response_at, m.response_ms
         FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id IN ('0', '3') ORDER BY p.native_id`,
      )
      .all();
    expect(back).toEqual([
      { status: 'responded', assigned_to: null, source: 'tw', channel: 'social', first_response_at: '2026-03-01T10:05:00.000Z', response_ms: 300_000 },
      { status: 'open', assigned_to: 'bo', source: 'tw', channel: 'social', first_response_at: null, response_ms: null },
    ]);
    // Every post is by one author: the all-time totals follow the mentions out and back in.
    const own = db.prepare(`SELECT COUNT(*) FROM mentions WHERE competitor = 0`).pluck().get();
    expect(db.prepare(`SELECT author, n FROM author_totals`).all()).toEqual([{ author: 'a', n: own }]);
  });
});

describe('migration 6 on a database that already holds mentions', () => {
  it('fills the totals, sources, channels and first responses from what is stored', () => {
    const path = join(temp.dir, 'v5.db');
    writeSchema5Db(path);
    db.close();
    db = openDb({ path });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT day, brand, competitor, source, channel, sentiment, tagged, status, assigned, n FROM mention_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`).all()).toEqual(recount());
    expect(db.prepare(ALL_TIME).all()).toEqual(recountAllTime());
    const answered = db.prepare(`SELECT source, channel, created_at, first_response_at FROM mentions WHERE status = 'responded'`).all() as Record<string, string>[];
    expect(answered.length).toBeGreaterThan(50);
    for (const m of answered) {
      expect(Date.parse(m.first_response_at!) - Date.parse(m.created_at!)).toBe(300_000);
      expect(SOURCES).toContainEqual([m.source, m.channel]);
    }
    db.close();
  });

  it("migration 11 copies each post's author and followers onto its mentions; the totals follow deletes after it", () => {
    const path = join(temp.dir, 'v5-authors.db');
    writeSchema5Db(path);
    const old = new Database(path);
    old.exec(`UPDATE posts SET author = 'w' || (pk % 7), author_followers = CASE WHEN pk % 3 = 0 THEN pk * 10 END`);
    old.close();
    db.close();
    db = openDb({ path });
    const copied = db
      .prepare(`SELECT COUNT(*) FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE m.author = p.author AND m.author_followers IS p.author_followers`)
      .pluck()
      .get() as number;
    expect(copied).toBeGreaterThan(100);
    expect(copied).toBe(db.prepare(`SELECT COUNT(*) FROM mentions`).pluck().get());
    expect(db.prepare(`SELECT COUNT(*) FROM mentions WHERE author_followers IS NOT NULL`).pluck().get()).toBeGreaterThan(10);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['mentions_author', 'mentions_reach']));
    expect(indexes).not.toContain('posts_author');
    expect(indexes).not.toContain('posts_reach');
    // A mention deleted (as rematch does) leaves its author's all-time total, as a recount gives it.
    db.prepare(`DELETE FROM mentions WHERE id IN (SELECT id FROM mentions WHERE competitor = 0 LIMIT 5)`).run();
    const recounted = db
      .prepare(`SELECT p.author, COUNT(*) AS n FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE m.competitor = 0 GROUP BY p.author ORDER BY 1`)
      .all();
    expect(db.prepare(`SELECT author, n FROM author_totals WHERE n > 0 ORDER BY 1`).all()).toEqual(recounted);
    db.close();
  });

  it('says once, on stderr, that it is upgrading: the first command after an upgrade may take a while', async () => {
    const path = join(temp.dir, 'v5-cli.db');
    writeSchema5Db(path);
    // A limit above what the database holds: the list is whole, and stderr holds the upgrade alone.
    const first = await runCli(['--db', path, 'list', '--format', 'json', '--limit', '100000']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^earshot: .*v5-cli\.db: upgrading the database to schema \d+ \(it is at 5\); once, [^\n]*\n$/);
    expect(JSON.parse(first.stdout)).not.toEqual([]);
    const second = await runCli(['--db', path, 'list', '--format', 'json', '--limit', '100000']);
    expect(second.stderr).toBe('');
    expect(agelessRows(second.stdout)).toEqual(agelessRows(first.stdout));
  });
});

/** A database as earshot wrote it before migration 6: posts, mentions and answers in schema 5. */
function writeSchema5Db(path: string): void {
  const old = openAtSchema(path, 5);
  const post = old.prepare(
    `INSERT INTO posts (source, native_id, channel, created_at, fetched_at, author, text) VALUES (?, ?, ?, ?, ?, 'a', 'Ocado')`,
  );
  const mention = old.prepare(
    `INSERT INTO mentions (post_pk, brand, competitor, match_kind, variant, matched, span_start, span_end, distance, tagged,
       sentiment, sentiment_score, priority, status, created_at, found_at, verdict)
     VALUES (?, ?, 0, ?, 'x', 'x', 0, 1, 0, 0, ?, 0, 100, ?, ?, ?, ?)`,
  );
  const event = old.prepare(`INSERT INTO mention_events (post_pk, brand, at, action, value) VALUES (?, ?, ?, 'status', 'responded')`);
  const rand = seededRandom(11);
  old.exec('BEGIN');
  for (let i = 0; i < 300; i++) {
    const [source, channel] = SOURCES[i % 3]!;
    const createdAt = new Date(NOW.getTime() - rand() * 5 * 86_400_000).toISOString();
    const pk = post.run(source, `n${i}`, channel, createdAt, createdAt).lastInsertRowid;
    for (const brand of ['Ocado', 'Lidl'].filter(() => rand() < 0.7)) {
      const answered = rand() < 0.4;
      const kind = rand() < 0.1 ? 'topic' : 'name';
      const verdict = rand() < 0.1 ? 'false-positive' : null;
      mention.run(pk, brand, kind, SENTIMENTS[i % 3], answered ? 'responded' : 'open', createdAt, createdAt, verdict);
      if (answered) {
        event.run(pk, brand, new Date(Date.parse(createdAt) + 600_000).toISOString());
        event.run(pk, brand, new Date(Date.parse(createdAt) + 300_000).toISOString());
      }
    }
  }
  old.exec('COMMIT');
  old.close();
}

describe('report from running totals', () => {
  const cases: [number, string, string[]][] = [
    [5, '2026-02-01T00:00:00.000Z', []],
    [6, '2026-03-05T07:31:12.345Z', []],
    [7, '2026-03-08T00:00:00.000Z', ['ocado', 'ŻABKA']],
    [8, '2026-03-10T11:00:00.000Z', []],
    [9, '2026-03-03T16:00:00.000Z', ['Lidl']],
    // Early in the day: the first day is the day's totals less the mentions before `since`.
    [10, '2026-03-06T02:45:00.000Z', ['ocado']],
  ];
  it.each(cases)('equals every mention counted one by one (seed %i, since %s, brands %j)', (seed, since, brands) => {
    seedRandom(seed);
    const targets = slaTargets(BRANDS);
    const textsOf = (ids: number[]) => queryMentionTexts(db, ids);
    const fast = buildReport({ data: queryReportData(db, { since, now: NOW, targets, brands }), since, now: NOW, brands, textsOf });
    const slow = referenceReport({ facts: queryReportFacts(db, { since }), open: queryOpenFacts(db), since, now: NOW, targets, brands, textsOf });
    expect(fast.backlog.length + fast.shareOfVoice.length).toBeGreaterThan(0);
    expect(fast).toEqual(slow);
  });
});

describe('top authors with follower counts', () => {
  it('equal the authors counted one by one, walked from the most followed or, for a short period, read by date', () => {
    const ways = new Set<string>();
    // Ten days of history; three hours (more followed authors than places, and ties), a day and most of it.
    const cases = [
      [31, '2026-03-10T09:00:00.000Z', 2],
      [32, '2026-03-09T12:00:00.000Z', 5],
      [33, '2026-03-02T00:00:00.000Z', 5],
    ] as const;
    for (const [seed, since, topAuthors] of cases) {
      temp.cleanup();
      temp = createTempDb();
      db = temp.db;
      seedRandom(seed);
      const prepare = db.prepare.bind(db);
      const reader = Object.assign(Object.create(db) as Db, {
        prepare: (sql: string) => {
          if (sql.includes('INDEXED BY mentions_reach')) ways.add('walk');
          if (sql.includes('MAX(m.author_followers) AS followers FROM mentions m INDEXED BY mentions_created')) ways.add('by date');
          return prepare(sql);
        },
      });
      const targets = slaTargets(BRANDS);
      const fast = queryReportData(reader, { since, now: NOW, targets, topAuthors }).topAuthors;
      const slow = referenceReport({ facts: queryReportFacts(db, { since }), open: queryOpenFacts(db), since, now: NOW, targets, topAuthors }).topAuthors;
      expect(fast.filter((a) => a.followers !== null).length, `seed ${seed}`).toBeGreaterThan(0);
      expect(fast, `seed ${seed}`).toEqual(slow);
    }
    expect(ways).toEqual(new Set(['walk', 'by date']));
  });
});

describe('a report while a scan commits', () => {
  it('reads one snapshot: counts and answers cannot disagree', () => {
    const at = '2026-03-10T10:00:00.000Z';
    const items = (ids: string[]) => ids.map((id) => ({ post: makePost({ source: 'tw', id, createdAt: at }), mentions: [makeMention()] }));
    const save = (ids: string[]) => saveScan(db, { batches: [{ source: 'tw', items: items(ids) }], failures: [], startedAt: at, at });
    save(['1', '2']);
    const writer = openDb({ path: temp.path });
    const prepare = db.prepare.bind(db);
    let fired = false;
    // Another process stores three answered mentions between two of the report's statements.
    const reader = Object.assign(Object.create(db) as Db, {
      prepare: (sql: string) => {
        if (!fired && sql.includes('mentions_answered')) {
          fired = true;
          writer.transaction(() => {
            saveScan(writer, { batches: [{ source: 'tw', items: items(['3', '4', '5']) }], failures: [], startedAt: at, at });
            const ids = writer.prepare(`SELECT id FROM mentions WHERE id > 2`).pluck().all() as number[];
            markMentions(writer, { ids, status: 'responded', actor: 'ana', at: '2026-03-10T10:10:00.000Z' });
          })();
        }
        return prepare(sql);
      },
    });
    const since = '2026-03-10T00:00:00.000Z';
    const r = buildReport({ data: queryReportData(reader, { since, now: NOW, targets: () => 30 }), since, now: NOW });
    writer.close();
    expect(fired).toBe(true);
    expect(r.responseTimes[0]).toMatchObject({ segment: 'all', mentions: 2, answered: 0, neverAnswered: 1 });
  });
});

describe('top authors without follower counts (migration 7)', () => {
  /**
   * Feeds and forums: most authors' followers unknown, a long history before the period, a
   * skewed number of posts per author with ties, a few authors with followers.
   */
  function seedAuthors(seed: number, authors: number): void {
    const rand = seededRandom(seed);
    const items: { post: Post; mentions: ScoredMention[] }[] = [];
    for (let i = 0; i < 1_500; i++) {
      const a = Math.floor(authors * rand() ** 2);
      const brand = BRANDS[Math.floor(rand() * BRANDS.length)]!;
      items.push({
        post: makePost({
          source: 'feed',
          channel: 'news',
          id: `a${i}`,
          createdAt: new Date(NOW.getTime() - rand() * 60 * 86_400_000).toISOString(),
          author: `writer${a}`,
          // writer5's follower count is known on some posts only: it is not an author without one.
          authorFollowers: a === 3 || a === 10 ? 1_000 : a === 5 && i % 2 === 0 ? 50 : undefined,
        }),
        mentions: [makeMention({ brand: brand.name, competitor: brand.competitor, kind: rand() < 0.05 ? 'topic' : 'name' })],
      });
    }
    saveScan(db, { batches: [{ source: 'feed', items }], failures: [], startedAt: NOW.toISOString(), at: NOW.toISOString() });
    db.prepare(`DELETE FROM mentions WHERE id % 11 = 0`).run();
  }

  it('author_totals holds each author’s mentions of own brands through inserts, deletes and a brand turned competitor', () => {
    seedRandom(12);
    // As a rematch after the config made a brand a competitor, or the other way round.
    db.prepare(`UPDATE mentions SET competitor = 1 - competitor WHERE id % 7 = 0`).run();
    const recounted = db
      .prepare(
        `SELECT p.author, COUNT(*) AS n FROM mentions m JOIN posts p ON p.pk = m.post_pk
         WHERE p.author IS NOT NULL AND m.competitor = 0 GROUP BY p.author ORDER BY 1`,
      )
      .all();
    expect(recounted.length).toBeGreaterThan(20);
    expect(db.prepare(`SELECT author, n FROM author_totals WHERE n > 0 ORDER BY 1`).all()).toEqual(recounted);
  });

  const cases: [number, number, string, number, string[]][] = [
    // Hundreds of authors, the whole history in the period: the walk stops after the top few.
    [21, 600, '2026-01-01T00:00:00.000Z', 10, []],
    [22, 600, '2026-01-01T00:00:00.000Z', 4, []],
    // A short period, or one or two brands: a fraction of the history, scanned at once, by date or by brand.
    [23, 30, '2026-03-03T00:00:00.000Z', 8, ['Ocado']],
    [24, 30, '2026-02-20T00:00:00.000Z', 5, []],
    [25, 600, '2026-03-09T00:00:00.000Z', 5, ['Lidl', 'Żabka']],
    [27, 200, '2026-02-01T00:00:00.000Z', 5, ['Ocado']],
    // Most of the history but a few authors with even counts: the walk gives up and scans by author.
    [26, 12, '2026-01-20T00:00:00.000Z', 5, []],
  ];
  it('equal the authors counted one by one, walking or scanning', () => {
    const ways: string[] = [];
    for (const [seed, authors, since, topAuthors, brands] of cases) {
      temp.cleanup();
      temp = createTempDb();
      db = temp.db;
      seedAuthors(seed, authors);
      const prepare = db.prepare.bind(db);
      let way = 'walk';
      const reader = Object.assign(Object.create(db) as Db, {
        prepare: (sql: string) => {
          // The scans for authors without follower counts: grouped by SQLite, or counted in memory.
          if (sql.includes('HAVING MAX(m.author_followers) IS NULL') || sql.includes('json_group_array(m.author)')) {
            way = sql.includes('INDEXED BY mentions_created') ? 'scan by date' : sql.includes('INDEXED BY mentions_brand_rank') ? 'scan by brand' : 'scan by author';
          }
          return prepare(sql);
        },
      });
      const targets = slaTargets(BRANDS);
      const fast = queryReportData(reader, { since, now: NOW, targets, brands, topAuthors }).topAuthors;
      const slow = referenceReport({ facts: queryReportFacts(db, { since }), open: queryOpenFacts(db), since, now: NOW, targets, brands, topAuthors }).topAuthors;
      expect(fast.filter((a) => a.followers === null).length, `seed ${seed}`).toBeGreaterThan(0);
      expect(fast, `seed ${seed}`).toEqual(slow);
      ways.push(way);
    }
    // Every way was taken: walking by totals, a short period by date, a report on some brands by
    // brand, and past the walk's bound one scan in author order.
    expect(new Set(ways)).toEqual(new Set(['walk', 'scan by date', 'scan by brand', 'scan by author']));
  });
});

describe('top authors: a tie at the last place', () => {
  it('goes to the name first in order, even when that author comes later in the walk', () => {
    // In the period: c 3 mentions, x 2, b 2, forty others 1. Of all time: c 5, x 3, b 2, so the
    // walk meets x before b; the last place is a tie that b wins by name.
    const posts: [string, string][] = [
      ['c', '2026-03-09'], ['c', '2026-03-09'], ['c', '2026-03-09'], ['c', '2026-01-09'], ['c', '2026-01-09'],
      ['x', '2026-03-09'], ['x', '2026-03-09'], ['x', '2026-01-09'],
      ['b', '2026-03-09'], ['b', '2026-03-09'],
      ...Array.from({ length: 40 }, (_, i): [string, string] => [`other${i}`, '2026-03-08']),
    ];
    const items = posts.map(([author, day], i) => ({
      post: makePost({ source: 'feed', channel: 'news', id: String(i), createdAt: `${day}T10:00:00.000Z`, author }),
      mentions: [makeMention({ brand: 'Ocado' })],
    }));
    saveScan(db, { batches: [{ source: 'feed', items }], failures: [], startedAt: NOW.toISOString(), at: NOW.toISOString() });
    const data = queryReportData(db, { since: '2026-03-01T00:00:00.000Z', now: NOW, targets: () => 30, topAuthors: 2 });
    expect(data.topAuthors).toEqual([
      { author: 'c', followers: null, mentions: 3 },
      { author: 'b', followers: null, mentions: 2 },
    ]);
  });
});

describe('top authors: follower counts known for some posts of an author only', () => {
  it('count the author once, with the followers, never also among the authors without', () => {
    // A week of a long history, read by date: m wrote 5 posts in it, one with a follower count;
    // p wrote 3 and q 1, none with one.
    const posts: [string, string, number | undefined][] = [
      ['m', '2026-03-09', undefined], ['m', '2026-03-09', undefined], ['m', '2026-03-08', 10], ['m', '2026-03-08', undefined], ['m', '2026-03-07', undefined],
      ['p', '2026-03-09', undefined], ['p', '2026-03-08', undefined], ['p', '2026-03-07', undefined],
      ['q', '2026-03-07', undefined],
      ['m', '2025-12-01', undefined], ['p', '2025-11-01', undefined],
    ];
    const items = posts.map(([author, day, followers], i) => ({
      post: makePost({ source: 'feed', channel: 'news', id: String(i), createdAt: `${day}T10:00:00.000Z`, author, authorFollowers: followers }),
      mentions: [makeMention({ brand: 'Ocado' })],
    }));
    saveScan(db, { batches: [{ source: 'feed', items }], failures: [], startedAt: NOW.toISOString(), at: NOW.toISOString() });
    const data = queryReportData(db, { since: '2026-03-04T00:00:00.000Z', now: NOW, targets: () => 30, topAuthors: 3 });
    expect(data.topAuthors).toEqual([
      { author: 'm', followers: 10, mentions: 5 },
      { author: 'p', followers: null, mentions: 3 },
      { author: 'q', followers: null, mentions: 1 },
    ]);
  });
});
