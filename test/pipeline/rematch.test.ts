import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrandConfig } from '../../src/config/schema.js';
import { createAnalyzer, type Analyzer } from '../../src/pipeline/analyze.js';
import { analyzeHere, analyzeInThreads, type ChunkAnalyzer } from '../../src/pipeline/chunk-analyzer.js';
import { rematch } from '../../src/pipeline/rematch.js';
import { markMentions, type MarkInput } from '../../src/store/mark-mentions.js';
import type { Db } from '../../src/store/open-db.js';
import { saveScan } from '../../src/store/save-scan.js';
import type { Post } from '../../src/types.js';
import { makeBrand, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const SCANNED_AT = '2026-03-02T09:00:00.000Z';
const MARKED_AT = '2026-03-02T10:00:00.000Z';
const REMATCH_AT = '2026-03-03T09:00:00.000Z';
const LATER_AT = '2026-03-04T09:00:00.000Z';

/** Each post is there to show one way a rule change can affect it. */
const POSTS: Post[] = [
  makePost({ id: 'unchanged', text: 'Ocado delivered early today, very happy.' }),
  makePost({ id: 'to-alias', text: 'The Ocado Retail app keeps crashing at checkout.' }),
  makePost({ id: 'to-add', text: 'Ordered from Zoomshop again, it arrived in an hour.' }),
  makePost({ id: 'to-exclude', text: 'Smashed avocado toast and an ocado order for brunch.' }),
  makePost({ id: 'relevant', text: 'Ocado crisps are my favourite snack lately, honestly.' }),
  makePost({ id: 'false-positive', text: 'Ocado lemon toast is the brunch thing now, apparently.' }),
  makePost({ id: 'competitor', text: 'Tesco was fine this week, no complaints from me.' }),
  makePost({ id: 'nothing', text: 'Nothing about any shop here, just a walk in the park.' }),
];

const tesco = makeBrand({ name: 'Tesco', competitor: true });
const RULES_A: BrandConfig[] = [makeBrand({ name: 'Ocado' }), tesco];
/** A new alias, which also re-labels "Ocado Retail", and two new exclude phrases. */
const RULES_B: BrandConfig[] = [
  makeBrand({ name: 'Ocado', aliases: ['Ocado Retail', 'Zoomshop'], exclude: ['avocado toast', 'ocado crisps', 'lemon toast'] }),
  tesco,
];

interface Row {
  id: number;
  native_id: string;
  brand: string;
  match_kind: string;
  variant: string;
  matched: string;
  status: string;
  verdict: string | null;
  assigned_to: string | null;
  found_at: string;
}

let temp: TempDb;
let db: Db;
let analyzerA: Analyzer;
let analyzerB: Analyzer;

beforeAll(async () => {
  [analyzerA, analyzerB] = await Promise.all([
    createAnalyzer({ brands: RULES_A, topics: [], languages: ['en'] }),
    createAnalyzer({ brands: RULES_B, topics: [], languages: ['en'] }),
  ]);
  // The seeded posts carry no language: the detector must be ready before analyzing them directly.
  await analyzerA.prepare(POSTS);
});

/** As a scan stores them: the posts as fetched (no language), the mentions rules A found. */
function seed(target: Db, posts = POSTS): void {
  const items = posts.map((post) => ({ post, mentions: analyzerA.analyze(post).mentions }));
  saveScan(target, { batches: [{ source: 'test-feed', items, cursor: null }], failures: [], startedAt: SCANNED_AT, at: SCANNED_AT });
}

beforeEach(() => {
  temp = createTempDb();
  db = temp.db;
  seed(db);
});

afterEach(() => temp.cleanup());

function mentions(): Row[] {
  return db
    .prepare(
      `SELECT m.id, p.native_id, m.brand, m.match_kind, m.variant, m.matched, m.status, m.verdict, m.assigned_to, m.found_at
       FROM mentions m JOIN posts p ON p.pk = m.post_pk ORDER BY p.pk, m.brand`,
    )
    .all() as Row[];
}

function mentionOf(nativeId: string, brand = 'Ocado'): Row | undefined {
  return mentions().find((m) => m.native_id === nativeId && m.brand === brand);
}

function idOf(nativeId: string, brand = 'Ocado'): number {
  const row = mentionOf(nativeId, brand);
  if (!row) throw new Error(`no ${brand} mention for ${nativeId}`);
  return row.id;
}

function mark(nativeId: string, input: Omit<MarkInput, 'ids' | 'actor' | 'at'> & { at?: string }, brand = 'Ocado'): void {
  markMentions(db, { ids: [idOf(nativeId, brand)], actor: 'dana', at: MARKED_AT, ...input });
}

/** Every row of the tables rematch may touch, for checking that nothing changed. */
function snapshot(): string {
  return JSON.stringify([
    db.prepare('SELECT * FROM posts ORDER BY pk').all(),
    db.prepare('SELECT * FROM mentions ORDER BY id').all(),
    db.prepare('SELECT * FROM mention_events ORDER BY id').all(),
  ]);
}

describe('the seeded database', () => {
  it('holds what rules A found', async () => {
    expect(mentions().map((m) => `${m.native_id}:${m.brand}:${m.match_kind}`)).toEqual([
      'unchanged:Ocado:name',
      'to-alias:Ocado:name',
      'to-exclude:Ocado:name',
      'relevant:Ocado:name',
      'false-positive:Ocado:name',
      'competitor:Tesco:name',
    ]);
  });
});

describe('rematch', () => {
  it('scores a mail reply as the scan did, its inherited subject left out: unchanged rules change nothing', async () => {
    const subject = 'Re: Ocado order broken, horrible and unacceptable';
    seed(db, [makePost({ id: 'reply', channel: 'email', title: subject, language: 'en', text: `${subject}\nThank you, great service, all sorted.` })]);
    const reply = () => db.prepare(`SELECT m.* FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = 'reply'`).get();
    const before = reply();
    expect(before).toMatchObject({ sentiment: 'positive' });
    const r = await rematch({ db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT });
    expect(r.changed).toBe(0);
    expect(reply()).toEqual(before);
  });

  it('adds, removes and changes mentions to follow the new rules', async () => {
    mark('relevant', { verdict: 'relevant' });
    const result = await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(result).toEqual({ posts: POSTS.length, added: 1, removed: 2, changed: 1, responded: 0 });
    expect(mentions().map((m) => `${m.native_id}:${m.brand}:${m.match_kind}:${m.matched}`)).toEqual([
      'unchanged:Ocado:name:Ocado',
      'to-alias:Ocado:alias:Ocado Retail',
      'to-add:Ocado:alias:Zoomshop',
      'relevant:Ocado:name:Ocado',
      'competitor:Tesco:name:Tesco',
    ]);
  });

  it('stores an added mention as open, found at the time of the rematch', async () => {
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(mentionOf('to-add')).toMatchObject({ status: 'open', verdict: null, assigned_to: null, found_at: REMATCH_AT, variant: 'Zoomshop' });
  });

  it('keeps the id, status, verdict and assignee of mentions that still match, changed or not', async () => {
    mark('unchanged', { status: 'responded' });
    mark('to-alias', { assign: 'sam', verdict: 'relevant', status: 'ignored' });
    const before = { unchanged: mentionOf('unchanged')!, alias: mentionOf('to-alias')! };

    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });

    expect(mentionOf('unchanged')).toEqual(before.unchanged);
    expect(mentionOf('to-alias')).toEqual({
      ...before.alias,
      match_kind: 'alias',
      variant: 'Ocado Retail',
      matched: 'Ocado Retail',
      status: 'ignored',
      verdict: 'relevant',
      assigned_to: 'sam',
    });
  });

  it('keeps a mention confirmed relevant even when the rules no longer match it', async () => {
    mark('relevant', { verdict: 'relevant' });
    const before = mentionOf('relevant')!;
    const result = await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(mentionOf('relevant')).toEqual(before);
    // Only the two unconfirmed excluded mentions go.
    expect(result.removed).toBe(2);
  });

  it('removes an unconfirmed mention that no longer matches, status or not', async () => {
    mark('to-exclude', { status: 'responded', assign: 'sam' });
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(mentionOf('to-exclude')).toBeUndefined();
    // The history stays: it is how a later rematch restores decisions.
    const events = db.prepare(`SELECT action, value FROM mention_events ORDER BY id`).all();
    expect(events).toEqual([
      { action: 'status', value: 'responded' },
      { action: 'assign', value: 'sam' },
    ]);
  });

  it('gives a removed false positive its verdict and status back when it is matched again', async () => {
    mark('false-positive', { verdict: 'false-positive', status: 'ignored' });
    const oldId = idOf('false-positive');

    expect(await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT })).toMatchObject({ removed: 3 });
    expect(mentionOf('false-positive')).toBeUndefined();

    const back = await rematch({ db, analyzer: analyzeHere(analyzerA), at: LATER_AT });
    expect(back).toEqual({ posts: POSTS.length, added: 3, removed: 1, changed: 1, responded: 0 });
    const restored = mentionOf('false-positive')!;
    expect(restored).toMatchObject({ verdict: 'false-positive', status: 'ignored', match_kind: 'name', found_at: LATER_AT });
    // And its id: an id someone noted or a webhook sent still names the same post.
    expect(restored.id).toBe(oldId);
    // Mentions never judged come back open and unjudged.
    expect(mentionOf('to-exclude')).toMatchObject({ status: 'open', verdict: null });
  });

  it('never gives a removed mention\'s id to another, not even the newest one\'s', async () => {
    const before = new Map(mentions().map((m) => [m.id, `${m.native_id}/${m.brand}`]));
    const newest = Math.max(...before.keys());
    expect(before.get(newest)).toBe('competitor/Tesco');
    // Tesco left out of the config: its mention, the newest, is removed.
    const ocadoOnly = await createAnalyzer({ brands: [makeBrand({ name: 'Ocado' })], topics: [], languages: ['en'] });
    expect(await rematch({ db, analyzer: analyzeHere(ocadoOnly), at: REMATCH_AT })).toMatchObject({ added: 0, removed: 1 });
    expect(mentions().map((m) => m.id)).not.toContain(newest);
    // What is found next is numbered past every id ever given (SQLite alone would reuse it).
    const post = makePost({ id: 'later', text: 'Ocado was late again.' });
    saveScan(db, { batches: [{ source: 'test-feed', items: [{ post, mentions: ocadoOnly.analyze(post).mentions }] }], failures: [], startedAt: LATER_AT, at: LATER_AT });
    expect(mentions().find((m) => m.native_id === 'later')!.id).toBe(newest + 1);
    // Tesco back in the config: its mention comes back under its own id; every id names what it did.
    expect(await rematch({ db, analyzer: analyzeHere(analyzerA), at: LATER_AT })).toMatchObject({ added: 1, removed: 0 });
    for (const m of mentions()) if (before.has(m.id)) expect(`${m.native_id}/${m.brand}`).toBe(before.get(m.id));
    expect(mentions().filter((m) => before.has(m.id))).toHaveLength(before.size);
    // A mention new to rematch is numbered past them all too.
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: LATER_AT });
    expect(mentions().find((m) => m.native_id === 'to-add')!.id).toBe(newest + 2);
  });

  it('gives a mention that comes back its assignee too', async () => {
    mark('to-exclude', { status: 'responded', assign: 'sam' });
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(mentionOf('to-exclude')).toBeUndefined();
    await rematch({ db, analyzer: analyzeHere(analyzerA), at: LATER_AT });
    expect(mentionOf('to-exclude')).toMatchObject({ status: 'responded', assigned_to: 'sam' });
  });

  it('restores the latest decision when several were recorded', async () => {
    mark('to-exclude', { verdict: 'false-positive', status: 'ignored', at: MARKED_AT });
    mark('to-exclude', { status: 'open', at: '2026-03-02T11:00:00.000Z' });
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    await rematch({ db, analyzer: analyzeHere(analyzerA), at: LATER_AT });
    expect(mentionOf('to-exclude')).toMatchObject({ verdict: 'false-positive', status: 'open' });
  });

  it('fills in the language of posts that have mentions, and only those', async () => {
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    const languages = Object.fromEntries(
      (db.prepare(`SELECT native_id, language FROM posts`).all() as { native_id: string; language: string | null }[]).map((r) => [
        r.native_id,
        r.language,
      ]),
    );
    expect(languages).toMatchObject({ unchanged: 'en', 'to-alias': 'en', 'to-add': 'en', competitor: 'en', nothing: null });
  });

  it('does not overwrite a language already stored', async () => {
    db.prepare(`UPDATE posts SET language = 'de' WHERE native_id = 'unchanged'`).run();
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(db.prepare(`SELECT language FROM posts WHERE native_id = 'unchanged'`).pluck().get()).toBe('de');
  });

  it('follows a brand that became, or stopped being, a competitor', async () => {
    const tescoOwn = await createAnalyzer({ brands: [RULES_A[0]!, { ...tesco, competitor: false }], topics: [], languages: ['en'] });
    const competitorFlag = () => db.prepare(`SELECT competitor FROM mentions WHERE brand = 'Tesco'`).pluck().get();
    expect(competitorFlag()).toBe(1);
    const result = await rematch({ db, analyzer: analyzeHere(tescoOwn), at: REMATCH_AT });
    expect(competitorFlag()).toBe(0);
    expect(result).toMatchObject({ added: 0, removed: 0, changed: 1 });
  });

  it('changes nothing the second time with the same rules', async () => {
    await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    const after = snapshot();
    expect(await rematch({ db, analyzer: analyzeHere(analyzerB), at: LATER_AT })).toEqual({ posts: POSTS.length, added: 0, removed: 0, changed: 0, responded: 0 });
    expect(snapshot()).toBe(after);
  });

  it('changes nothing when the rules are the ones the scan used', async () => {
    const before = snapshot();
    expect(await rematch({ db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT })).toEqual({ posts: POSTS.length, added: 0, removed: 0, changed: 0, responded: 0 });
    // Only the languages of posts with mentions are filled in.
    expect(JSON.parse(snapshot())[1]).toEqual(JSON.parse(before)[1]);
  });

  it('dry run: counts what would change and changes nothing', async () => {
    mark('relevant', { verdict: 'relevant' });
    mark('false-positive', { verdict: 'false-positive' });
    const before = snapshot();
    const dry = await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT, dryRun: true });
    expect(snapshot()).toBe(before);
    const real = await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
    expect(dry).toEqual(real);
    expect(real).toEqual({ posts: POSTS.length, added: 1, removed: 2, changed: 1, responded: 0 });
  });

  describe('with a brands filter', () => {
    let withoutTesco: Analyzer;

    beforeAll(async () => {
      // Tesco dropped from the config altogether; Ocado changed as in rules B.
      withoutTesco = await createAnalyzer({ brands: [RULES_B[0]!], topics: [], languages: ['en'] });
    });

    it('leaves other brands alone', async () => {
      const tescoBefore = mentionOf('competitor', 'Tesco')!;
      const result = await rematch({ db, analyzer: analyzeHere(withoutTesco), at: REMATCH_AT, brands: ['Ocado'] });
      expect(result).toEqual({ posts: POSTS.length, added: 1, removed: 3, changed: 1, responded: 0 });
      expect(mentionOf('competitor', 'Tesco')).toEqual(tescoBefore);
      expect(mentionOf('to-add')).toBeDefined();
      expect(mentionOf('to-exclude')).toBeUndefined();
    });

    it('matches brand names without regard to case', async () => {
      const result = await rematch({ db, analyzer: analyzeHere(withoutTesco), at: REMATCH_AT, brands: ['ocado'] });
      expect(result).toMatchObject({ added: 1, removed: 3, changed: 1 });
      expect(mentionOf('competitor', 'Tesco')).toBeDefined();
    });

    it('removes the brands left out of the config when not filtered', async () => {
      const result = await rematch({ db, analyzer: analyzeHere(withoutTesco), at: REMATCH_AT });
      expect(result).toEqual({ posts: POSTS.length, added: 1, removed: 4, changed: 1, responded: 0 });
      expect(mentionOf('competitor', 'Tesco')).toBeUndefined();
    });

    it('does not add mentions of other brands', async () => {
      db.prepare(`DELETE FROM mentions WHERE brand = 'Tesco'`).run();
      const result = await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT, brands: ['Ocado'] });
      expect(result.added).toBe(1);
      expect(mentionOf('competitor', 'Tesco')).toBeUndefined();
    });

    it('an empty filter means every brand', async () => {
      expect(await rematch({ db, analyzer: analyzeHere(withoutTesco), at: REMATCH_AT, brands: [] })).toMatchObject({ removed: 4 });
    });
  });
});

describe('rematch over more posts than one page', () => {
  it('ends where storing every post with the new rules ends, on every page', async () => {
    // Three pages' worth (5,000 posts a page): the posts above, twice, among filler, a few of it naming Ocado.
    const filler = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const n = from + i;
        const text = n % 97 === 0 ? `Ocado Retail order ${n} came late again` : n % 89 === 0 ? `Zoomshop order ${n} was on time` : `a walk in the park, day ${n}`;
        return makePost({ id: `f${n}`, text, language: 'en' });
      });
    const posts = [...filler(0, 4_990), ...POSTS.map((p) => ({ ...p, id: `a-${p.id}` })), ...filler(5_000, 5_000), ...POSTS.map((p) => ({ ...p, id: `b-${p.id}` })), ...filler(10_000, 2_000)];
    const store = (target: Db, analyzer: Analyzer) =>
      saveScan(target, {
        batches: [{ source: 'test-feed', items: posts.map((post) => ({ post, mentions: analyzer.analyze(post).mentions })), cursor: null }],
        failures: [],
        startedAt: SCANNED_AT,
        at: SCANNED_AT,
      });
    const found = (target: Db) =>
      target
        .prepare(
          `SELECT p.native_id, m.brand, m.match_kind, m.variant, m.matched, m.span_start, m.sentiment, m.priority
           FROM mentions m JOIN posts p ON p.pk = m.post_pk ORDER BY p.native_id, m.brand`,
        )
        .all();
    const fresh = createTempDb();
    try {
      store(db, analyzerA);
      store(fresh.db, analyzerB);
      const result = await rematch({ db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
      expect(result.posts).toBe(POSTS.length + posts.length);
      expect(result.added).toBeGreaterThan(50);
      expect(result.changed).toBeGreaterThan(50);
      // The posts every test starts with are left out: the fresh database does not have them.
      const expected = found(fresh.db);
      const seeded = new Set(POSTS.map((p) => p.id));
      expect(found(db).filter((m) => !seeded.has((m as { native_id: string }).native_id))).toEqual(expected);
    } finally {
      fresh.cleanup();
    }
  });
});

describe('rematch after a brand handle was added', () => {
  it("closes the mentions the new handle's stored replies answered, as a scan would have, once", async () => {
    // The support account replied before anyone knew it was Ocado's.
    // Its author as some exports write it: a tab before, and a letter SQLite's lower() leaves alone.
    const reply = makePost({ id: 'reply', text: 'So sorry about that, we are on it.', author: '\t@OcadoCaresÖ', replyTo: 'unchanged', createdAt: '2026-03-02T08:30:00.000Z' });
    saveScan(db, { batches: [{ source: 'test-feed', items: [{ post: reply, mentions: [] }] }], failures: [], startedAt: SCANNED_AT, at: SCANNED_AT });
    expect(mentionOf('unchanged')!.status).toBe('open');
    const handles = new Map([['ocadocaresö', ['Ocado']]]);
    // A dry run counts it and changes nothing.
    const before = snapshot();
    expect((await rematch({ db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT, handles, dryRun: true })).responded).toBe(1);
    expect(snapshot()).toBe(before);
    const first = await rematch({ db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT, handles });
    expect(first.responded).toBe(1);
    expect(mentionOf('unchanged')!.status).toBe('responded');
    const events = db.prepare(`SELECT actor, at FROM mention_events WHERE action = 'status' AND value = 'responded'`).all();
    expect(events).toEqual([{ actor: 'auto:ocadocaresö', at: '2026-03-02T08:30:00.000Z' }]);
    // Again: nothing new to link, nothing recorded twice.
    expect((await rematch({ db, analyzer: analyzeHere(analyzerA), at: LATER_AT, handles })).responded).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM mention_events`).pluck().get()).toBe(1);
    // Out of scope (rematch --brand Tesco): Ocado's mentions are left alone.
    const other = createTempDb();
    try {
      const items = [...POSTS, reply].map((post) => ({ post, mentions: analyzerA.analyze(post).mentions }));
      saveScan(other.db, { batches: [{ source: 'test-feed', items }], failures: [], startedAt: SCANNED_AT, at: SCANNED_AT });
      expect((await rematch({ db: other.db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT, handles, brands: ['Tesco'] })).responded).toBe(0);
    } finally {
      other.cleanup();
    }
  });
});

describe('rematch of a post stored before texts were cleaned', () => {
  it('stores its cleaned text, which the new spans point into', async () => {
    const raw = makePost({ id: 'raw', text: '\u001b[31mRED\u001b[0m Ocado lost my order', language: 'en' });
    // As an earlier version stored it: the text as fetched, the span into it.
    const mention = { ...analyzerA.analyze({ ...raw, text: 'RED Ocado lost my order' }).mentions[0]!, start: 13, end: 18 };
    saveScan(db, { batches: [{ source: 'test-feed', items: [{ post: raw, mentions: [mention] }] }], failures: [], startedAt: SCANNED_AT, at: SCANNED_AT });
    await rematch({ db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT });
    const row = db
      .prepare(`SELECT p.text, m.span_start, m.span_end, m.matched FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = 'raw'`)
      .get() as { text: string; span_start: number; span_end: number; matched: string };
    expect(row.text).toBe('RED Ocado lost my order');
    expect(row.text.slice(row.span_start, row.span_end)).toBe(row.matched);
  });

  it('moves the spans of the brands out of scope too (rematch --brand)', async () => {
    const raw = makePost({ id: 'two', text: '\u001b[1mNOW\u001b[0m Tesco, then Ocado', language: 'en' });
    const found = analyzerA.analyze({ ...raw, text: 'NOW Tesco, then Ocado' }).mentions;
    // As an earlier version stored them: spans into the raw text, 8 characters on.
    const shifted = found.map((m) => ({ ...m, start: m.start + 8, end: m.end + 8 }));
    saveScan(db, { batches: [{ source: 'test-feed', items: [{ post: raw, mentions: shifted }] }], failures: [], startedAt: SCANNED_AT, at: SCANNED_AT });
    await rematch({ db, analyzer: analyzeHere(analyzerA), at: REMATCH_AT, brands: ['Ocado'] });
    const rows = db
      .prepare(`SELECT m.brand, p.text, m.span_start, m.span_end, m.matched FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = 'two' ORDER BY m.brand`)
      .all() as { brand: string; text: string; span_start: number; span_end: number; matched: string }[];
    expect(rows.map((r) => [r.brand, r.text.slice(r.span_start, r.span_end)])).toEqual([
      ['Ocado', 'Ocado'],
      ['Tesco', 'Tesco'],
    ]);
  });
});

describe('rematch with analysis in worker threads', () => {
  /** The seeded posts many times over: five pages, more than wait at once, so pages are read while others are written. */
  const seedMany = (target: Db, count = 20_001) => seed(target, Array.from({ length: count }, (_, i) => ({ ...POSTS[i % POSTS.length]!, id: `many-${i}` })));

  it('changes what analysis in this thread changes, over pages read ahead, in one transaction', async () => {
    seedMany(db);
    const here = createTempDb();
    const threads = analyzeInThreads({ brands: RULES_B, topics: [], languages: ['en'] }, 2, { helpHere: true });
    try {
      seed(here.db);
      seedMany(here.db);
      const expected = await rematch({ db: here.db, analyzer: analyzeHere(analyzerB), at: REMATCH_AT });
      const result = await rematch({ db, analyzer: threads, at: REMATCH_AT });
      expect(threads.depth).toBe(3);
      expect(result).toEqual(expected);
      expect(result).toMatchObject({ posts: POSTS.length + 20_001 });
      expect(result.added + result.removed + result.changed).toBeGreaterThan(10_000);
      const rows = (d: Db) => d.prepare('SELECT m.*, p.language, p.text FROM mentions m JOIN posts p ON p.pk = m.post_pk ORDER BY m.id').all();
      expect(rows(db)).toEqual(rows(here.db));
    } finally {
      await threads.close();
      here.cleanup();
    }
  });

  it('a page whose analysis fails leaves the database as it was, the transaction ended', async () => {
    seedMany(db, 12_001);
    const before = snapshot();
    const here = analyzeHere(analyzerB);
    let pages = 0;
    // Fails the third page, after two were written inside the transaction.
    const failing: ChunkAnalyzer = {
      analyze: (posts, more) => (++pages === 3 ? Promise.reject(new Error('analysis failed')) : here.analyze(posts, more)),
      depth: 0,
      close: async () => {},
    };
    await expect(rematch({ db, analyzer: failing, at: REMATCH_AT })).rejects.toThrow('analysis failed');
    expect(db.inTransaction).toBe(false);
    expect(snapshot()).toBe(before);
  });
});
