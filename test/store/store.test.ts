import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotError } from '../../src/errors.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openDb, schemaVersion, type Db } from '../../src/store/open-db.js';
import { getMention, mentionQuery, queryMentions, type MentionFilter } from '../../src/store/query-mentions.js';
import { loadCursors, saveScan, type SaveScanInput, type SourceBatch } from '../../src/store/save-scan.js';
import type { Post, ScoredMention } from '../../src/types.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const AT = '2026-03-02T09:00:00.000Z';
const LATER = '2026-03-02T10:00:00.000Z';

let temp: TempDb;
let db: Db;

beforeEach(() => {
  temp = createTempDb();
  db = temp.db;
});

afterEach(() => {
  temp.cleanup();
});

function count(table: 'posts' | 'mentions' | 'scans' | 'source_state'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function sourceState(source: string) {
  return db.prepare(`SELECT * FROM source_state WHERE source = ?`).get(source) as
    | { source: string; cursor: string | null; last_success_at: string | null; last_error: string | null; last_error_at: string | null }
    | undefined;
}

function batch(source: string, items: [Post, ScoredMention[]][], cursor?: SourceBatch['cursor']): SourceBatch {
  return { source, items: items.map(([post, mentions]) => ({ post: { ...post, source }, mentions })), cursor };
}

function scan(batches: SourceBatch[], overrides: Partial<SaveScanInput> = {}) {
  return saveScan(db, { batches, failures: [], startedAt: AT, at: AT, ...overrides });
}

describe('openDb', () => {
  it('migrates a new database to the latest schema', () => {
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['mentions', 'posts', 'scans', 'source_state']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('re-opens an existing database without migrating again or losing data', () => {
    scan([batch('feed', [[makePost({ id: 'a' }), [makeMention()]]], { page: 1 })]);
    db.close();
    const again = openDb({ path: temp.path, create: false });
    try {
      expect(schemaVersion(again)).toBe(MIGRATIONS.length);
      expect((again.prepare(`SELECT count(*) AS n FROM posts`).get() as { n: number }).n).toBe(1);
      expect(loadCursors(again).get('feed')).toEqual({ page: 1 });
    } finally {
      again.close();
    }
  });

  it('creates missing parent directories', () => {
    const path = join(temp.dir, 'nested', 'deeper', 'earshot.db');
    const nested = openDb({ path });
    nested.close();
    expect(existsSync(path)).toBe(true);
  });

  it('refuses to create a database when create is false', () => {
    const path = join(temp.dir, 'missing', 'earshot.db');
    expect(() => openDb({ path, create: false })).toThrow(EarshotError);
    expect(() => openDb({ path, create: false })).toThrow(path);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(temp.dir, 'missing'))).toBe(false);
  });

  it('refuses a database from a newer earshot, leaving it untouched', () => {
    db.close();
    const raw = new Database(temp.path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    let thrown: unknown;
    try {
      openDb({ path: temp.path }).close();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EarshotError);
    expect((thrown as Error).message).toMatch(/newer/);
    const check = new Database(temp.path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    check.close();
  });

  it('reports a path that is not a database as an EarshotError', () => {
    expect(() => openDb({ path: temp.dir })).toThrow(EarshotError);
  });
});

describe('saveScan', () => {
  const p1 = makePost({ id: 'p1', text: 'Ocado lost my order', author: 'ann', authorFollowers: 120, url: 'https://example.com/p1' });
  const p2 = makePost({ id: 'p2', text: 'Tesco and Ocado both fine', createdAt: '2026-03-01T13:00:00.000Z' });
  const m1 = makeMention({ sentiment: 'negative', sentimentScore: -0.6, priority: 270 });
  const m2a = makeMention({ brand: 'Tesco', variant: 'Tesco', matched: 'Tesco', competitor: true, start: 0, end: 5 });
  const m2b = makeMention({ start: 10, end: 15 });

  it('stores posts, mentions, cursors and the scan itself', () => {
    const saved = scan([batch('feed', [[p1, [m1]], [p2, [m2a, m2b]]], { etag: 'W/"1"' })], { startedAt: AT, at: LATER });
    expect(saved.newPosts).toBe(2);
    expect(saved.newMentions).toEqual([m1, m2a, m2b]);
    expect(count('posts')).toBe(2);
    expect(count('mentions')).toBe(3);

    const post = db.prepare(`SELECT * FROM posts WHERE native_id = 'p1'`).get() as Record<string, unknown>;
    expect(post).toMatchObject({
      source: 'feed',
      channel: 'social',
      created_at: p1.createdAt,
      fetched_at: LATER,
      author: 'ann',
      author_followers: 120,
      url: 'https://example.com/p1',
      text: 'Ocado lost my order',
      title: null,
    });

    expect(sourceState('feed')).toMatchObject({ cursor: JSON.stringify({ etag: 'W/"1"' }), last_success_at: LATER, last_error: null });
    expect(loadCursors(db)).toEqual(new Map([['feed', { etag: 'W/"1"' }]]));
    expect(db.prepare(`SELECT started_at, finished_at, fetched, new_posts, new_mentions, failures FROM scans`).all()).toEqual([
      { started_at: AT, finished_at: LATER, fetched: 2, new_posts: 2, new_mentions: 3, failures: 0 },
    ]);
  });

  it('stores mentions that read back whole through queryMentions', () => {
    scan([batch('feed', [[p1, [makeMention({ kind: 'handle', variant: '@OcadoHelp', matched: '@OcadoHelp', tagged: true, distance: 0, start: 3, end: 13, sentiment: 'negative', sentimentScore: -0.61, priority: 230 })]]])]);
    const [row] = queryMentions(db, { order: 'id' });
    expect(row).toMatchObject({
      source: 'feed',
      native_id: 'p1',
      brand: 'Ocado',
      competitor: false,
      match_kind: 'handle',
      variant: '@OcadoHelp',
      matched: '@OcadoHelp',
      span_start: 3,
      span_end: 13,
      tagged: true,
      sentiment: 'negative',
      sentiment_score: -0.61,
      priority: 230,
      status: 'open',
      created_at: p1.createdAt,
      found_at: AT,
      author: 'ann',
      author_followers: 120,
      text: p1.text,
    });
  });

  it('adds nothing when the same posts are saved again', () => {
    scan([batch('feed', [[p1, [m1]], [p2, [m2a, m2b]]], { page: 1 })]);
    const again = scan([batch('feed', [[p1, [m1]], [p2, [m2a, m2b, makeMention({ brand: 'Asda' })]]], { page: 2 })], { at: LATER });
    expect(again).toEqual({ newPosts: 0, newMentions: [], newMentionIds: { from: 4, to: 4 }, skippedIds: [p1.id, p2.id] });
    expect(count('posts')).toBe(2);
    expect(count('mentions')).toBe(3);
    // The scan still happened: the cursor moves on and the run is logged.
    expect(loadCursors(db).get('feed')).toEqual({ page: 2 });
    expect(count('scans')).toBe(2);
  });

  it('keeps posts apart by source: the same native id in two sources is two posts', () => {
    const saved = scan([batch('feed', [[p1, [m1]]]), batch('hn', [[p1, [m1]]])]);
    expect(saved.newPosts).toBe(2);
    expect(count('posts')).toBe(2);
    expect(count('mentions')).toBe(2);
  });

  it('stores one mention per post and brand', () => {
    const saved = scan([batch('feed', [[p2, [m2b, makeMention({ start: 20, end: 25 })]]])]);
    expect(saved.newMentions).toEqual([m2b]);
    expect(count('mentions')).toBe(1);
  });

  it('leaves the database unchanged when a scan fails part-way', () => {
    scan([batch('feed', [[p1, [m1]]], { page: 1 })]);
    const before = {
      posts: count('posts'),
      mentions: count('mentions'),
      scans: count('scans'),
      state: sourceState('feed'),
    };
    // The third post breaks the NOT NULL constraint on text after two posts and a mention went in.
    const broken = makePost({ id: 'p3', text: null as unknown as string });
    expect(() =>
      scan(
        [batch('feed', [[p2, [m2a]], [makePost({ id: 'p4' }), [makeMention()]], [broken, [makeMention()]]], { page: 2 })],
        { failures: [{ source: 'hn', error: 'HTTP 500' }], at: LATER },
      ),
    ).toThrow(/NOT NULL/);
    expect({ posts: count('posts'), mentions: count('mentions'), scans: count('scans'), state: sourceState('feed') }).toEqual(before);
    expect(loadCursors(db).get('feed')).toEqual({ page: 1 });
    expect(sourceState('hn')).toBeUndefined();
    // And the database still works afterwards.
    expect(scan([batch('feed', [[p2, [m2a]]], { page: 2 })], { at: LATER }).newPosts).toBe(1);
  });

  it('records a failing source without touching its cursor', () => {
    scan([batch('hn', [[p1, [m1]]], { page: 3 })]);
    const saved = scan([], { failures: [{ source: 'hn', error: 'HTTP 503 Service Unavailable' }, { source: 'feed', error: 'timeout' }], at: LATER });
    expect(saved).toMatchObject({ newPosts: 0, newMentions: [] });
    expect(saved.newMentionIds.to).toBe(saved.newMentionIds.from);
    expect(sourceState('hn')).toMatchObject({
      cursor: JSON.stringify({ page: 3 }),
      last_success_at: AT,
      last_error: 'HTTP 503 Service Unavailable',
      last_error_at: LATER,
    });
    expect(sourceState('feed')).toMatchObject({ cursor: null, last_success_at: null, last_error: 'timeout', last_error_at: LATER });
    expect(db.prepare(`SELECT failures FROM scans ORDER BY id DESC LIMIT 1`).get()).toEqual({ failures: 2 });
  });

  it('leaves the stored cursor alone when a batch has none, and clears it on null', () => {
    scan([batch('feed', [], { page: 1 })]);
    scan([batch('feed', [[p1, [m1]]])], { at: LATER });
    expect(sourceState('feed')).toMatchObject({ cursor: JSON.stringify({ page: 1 }), last_success_at: LATER });
    scan([batch('feed', [], null)]);
    expect(loadCursors(db).get('feed')).toBeNull();
  });
});

describe('queryMentions', () => {
  // id, source, brand, competitor, sentiment, tagged, priority, createdAt
  const FIXTURE: [string, string, string, boolean, ScoredMention['sentiment'], boolean, number, string][] = [
    ['a', 'feed', 'Ocado', false, 'negative', false, 260, '2026-03-01T10:00:00.000Z'],
    ['b', 'feed', 'Ocado', false, 'negative', true, 210, '2026-03-01T11:00:00.000Z'],
    ['c', 'hn', 'Ocado', false, 'positive', false, 60, '2026-03-02T10:00:00.000Z'],
    ['d', 'hn', 'Tesco', true, 'negative', false, 250, '2026-03-02T11:00:00.000Z'],
    ['e', 'feed', 'Ocado', false, 'neutral', false, 160, '2026-03-03T10:00:00.000Z'],
    ['f', 'hn', 'Ocado', false, 'negative', false, 260, '2026-03-03T11:00:00.000Z'],
    ['g', 'feed', 'Ocado', false, 'negative', false, 240, '2026-03-03T12:00:00.000Z'],
  ];

  beforeEach(() => {
    const bySource = new Map<string, SourceBatch>();
    for (const [id, source, brand, competitor, sentiment, tagged, priority, createdAt] of FIXTURE) {
      const b = bySource.get(source) ?? batch(source, []);
      bySource.set(source, b);
      b.items.push({
        post: makePost({ source, id, createdAt, text: `${brand} post ${id}` }),
        mentions: [makeMention({ brand, variant: brand, matched: brand, competitor, sentiment, tagged, priority })],
      });
    }
    scan([...bySource.values()]);
    // "g" has been answered: only --all shows it.
    db.prepare(
      `UPDATE mentions SET status = 'responded' WHERE post_pk = (SELECT pk FROM posts WHERE native_id = 'g')`,
    ).run();
  });

  function ids(filter: Partial<MentionFilter> = {}): string[] {
    return queryMentions(db, { order: 'priority', ...filter }).map((r) => r.native_id);
  }

  it('lists open, non-competitor mentions by priority, then most recent first', () => {
    expect(ids()).toEqual(['f', 'a', 'b', 'e', 'c']);
  });

  it('includes competitors and closed mentions with all', () => {
    expect(ids({ all: true })).toEqual(['f', 'a', 'd', 'g', 'b', 'e', 'c']);
  });

  it('orders by id when asked', () => {
    expect(ids({ order: 'id', all: true }).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const rows = queryMentions(db, { order: 'id', all: true });
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((x, y) => x - y));
  });

  it.each<[string, Partial<MentionFilter>, string[]]>([
    ['brands, ignoring case', { brands: ['ocado'] }, ['f', 'a', 'b', 'e', 'c']],
    ['brands, including competitors with all', { brands: ['TESCO'], all: true }, ['d']],
    ['several brands', { brands: ['tesco', 'OCADO'], all: true }, ['f', 'a', 'd', 'g', 'b', 'e', 'c']],
    ['an unknown brand', { brands: ['Asda'] }, []],
    ['sentiments', { sentiments: ['negative'] }, ['f', 'a', 'b']],
    ['several sentiments', { sentiments: ['neutral', 'positive'] }, ['e', 'c']],
    ['tagged', { tagged: true }, ['b']],
    ['untagged', { tagged: false }, ['f', 'a', 'e', 'c']],
    ['sources', { sources: ['hn'] }, ['f', 'c']],
    ['since', { since: '2026-03-02T10:00:00.000Z' }, ['f', 'e', 'c']],
    ['limit', { limit: 2 }, ['f', 'a']],
    ['limit 0', { limit: 0 }, []],
    ['everything at once', { all: true, brands: ['ocado'], sentiments: ['negative'], tagged: false, sources: ['feed'], since: '2026-03-01T10:30:00.000Z' }, ['g']],
  ])('filters by %s', (_, filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it('treats filter values as data, never SQL', () => {
    expect(ids({ brands: ["Ocado' OR '1'='1"], sources: ['x) OR (1=1'] })).toEqual([]);
    expect(count('mentions')).toBe(FIXTURE.length);
  });

  it('gets one mention by id, and undefined for an unknown id', () => {
    const first = queryMentions(db, { order: 'priority' })[0]!;
    expect(getMention(db, first.id)).toEqual(first);
    expect(getMention(db, 999_999)).toBeUndefined();
  });

  it('returns booleans for tagged and competitor', () => {
    const d = queryMentions(db, { order: 'id', all: true }).find((r) => r.native_id === 'd')!;
    expect(d.competitor).toBe(true);
    expect(d.tagged).toBe(false);
  });
});

describe('mention rows', () => {
  it('take every field from its own column', () => {
    // Every column a distinct value, so a field read from another column shows.
    const post = makePost({
      id: 'n-1',
      channel: 'forum',
      createdAt: '2026-03-01T12:00:00.000Z',
      author: 'ana',
      authorFollowers: 4321,
      url: 'https://forum.example/t/1',
      title: 'A thread title',
      language: 'de',
      text: 'Ocado hat schon wieder verspätet geliefert',
    });
    const mention = makeMention({ kind: 'fuzzy', variant: 'Ocado Retail', matched: 'Okado', start: 3, end: 8, distance: 2, tagged: true, sentiment: 'negative', sentimentScore: -0.42, priority: 512 });
    scan([batch('forum-feed', [[post, [mention]]])]);
    db.prepare(`UPDATE mentions SET assigned_to = 'sam', verdict = 'relevant'`).run();
    // The same query read as SQLite names the columns: what each field must equal.
    const named = db.prepare(mentionQuery({ all: true, order: 'id' }).sql).get() as Record<string, unknown>;
    const row = getMention(db, named.id as number)!;
    const values = Object.entries(named)
      .filter(([column, v]) => v !== null && column !== 'competitor' && column !== 'tagged')
      .map(([, v]) => v);
    expect(new Set(values).size).toBe(values.length);
    for (const [column, value] of Object.entries(named)) {
      const expected = column === 'competitor' || column === 'tagged' ? value === 1 : value;
      expect(row[column as keyof typeof row], column).toEqual(expected);
    }
    expect(queryMentions(db, { all: true, order: 'id' })[0]).toEqual(row);
  });
});
