import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotError } from '../../src/errors.js';
import { markMentions, type MarkInput } from '../../src/store/mark-mentions.js';
import type { Db } from '../../src/store/open-db.js';
import { queryMentions } from '../../src/store/query-mentions.js';
import { saveScan } from '../../src/store/save-scan.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const SCANNED_AT = '2026-03-02T09:00:00.000Z';
const AT = '2026-03-02T10:00:00.000Z';

let temp: TempDb;
let db: Db;
/** Mention ids by the native id of their post. */
let ids: Record<string, number>;

beforeEach(() => {
  temp = createTempDb();
  db = temp.db;
  const items = ['a', 'b', 'c'].map((id) => ({ post: makePost({ id, text: `Ocado post ${id}` }), mentions: [makeMention()] }));
  saveScan(db, { batches: [{ source: 'test-feed', items, cursor: null }], failures: [], startedAt: SCANNED_AT, at: SCANNED_AT });
  ids = Object.fromEntries(
    (db.prepare(`SELECT p.native_id, m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk`).all() as { native_id: string; id: number }[]).map(
      (r) => [r.native_id, r.id],
    ),
  );
});

afterEach(() => temp.cleanup());

function mark(input: Partial<MarkInput> & Pick<MarkInput, 'ids'>): number {
  return markMentions(db, { actor: 'dana', at: AT, ...input });
}

function state(id: number) {
  return db.prepare(`SELECT status, verdict, assigned_to FROM mentions WHERE id = ?`).get(id) as {
    status: string;
    verdict: string | null;
    assigned_to: string | null;
  };
}

function events() {
  return db
    .prepare(
      `SELECT p.native_id, e.brand, e.at, e.actor, e.action, e.value, e.note
       FROM mention_events e JOIN posts p ON p.pk = e.post_pk ORDER BY e.id`,
    )
    .all();
}

describe('markMentions', () => {
  it('starts with every mention open, unjudged, unassigned and no history', () => {
    expect(state(ids.a!)).toEqual({ status: 'open', verdict: null, assigned_to: null });
    expect(events()).toEqual([]);
  });

  it.each(['responded', 'ignored'] as const)('sets the status %s and records it', (status) => {
    expect(mark({ ids: [ids.a!], status })).toBe(1);
    expect(state(ids.a!)).toEqual({ status, verdict: null, assigned_to: null });
    expect(events()).toEqual([{ native_id: 'a', brand: 'Ocado', at: AT, actor: 'dana', action: 'status', value: status, note: null }]);
  });

  it.each(['relevant', 'false-positive'] as const)('sets the verdict %s and records it', (verdict) => {
    mark({ ids: [ids.b!], verdict });
    expect(state(ids.b!)).toEqual({ status: 'open', verdict, assigned_to: null });
    expect(events()).toEqual([{ native_id: 'b', brand: 'Ocado', at: AT, actor: 'dana', action: 'verdict', value: verdict, note: null }]);
  });

  it('assigns, and unassigns with an empty name', () => {
    mark({ ids: [ids.a!], assign: 'sam' });
    expect(state(ids.a!).assigned_to).toBe('sam');
    mark({ ids: [ids.a!], assign: '', at: '2026-03-02T11:00:00.000Z' });
    expect(state(ids.a!).assigned_to).toBeNull();
    expect(events()).toMatchObject([
      { action: 'assign', value: 'sam' },
      { action: 'assign', value: null, at: '2026-03-02T11:00:00.000Z' },
    ]);
  });

  it('writes one history row per change, each with the actor, time and note', () => {
    const n = mark({ ids: [ids.a!, ids.c!], status: 'responded', verdict: 'relevant', assign: 'sam', note: 'refund case', actor: 'lee' });
    expect(n).toBe(2);
    for (const id of [ids.a!, ids.c!]) expect(state(id)).toEqual({ status: 'responded', verdict: 'relevant', assigned_to: 'sam' });
    expect(state(ids.b!)).toEqual({ status: 'open', verdict: null, assigned_to: null });
    const row = (native_id: string, action: string, value: string) => ({ native_id, brand: 'Ocado', at: AT, actor: 'lee', action, value, note: 'refund case' });
    expect(events()).toEqual([
      row('a', 'status', 'responded'),
      row('a', 'verdict', 'relevant'),
      row('a', 'assign', 'sam'),
      row('c', 'status', 'responded'),
      row('c', 'verdict', 'relevant'),
      row('c', 'assign', 'sam'),
    ]);
  });

  it('adds no history for a mark that changes nothing (--responded twice, --open on an open one); its note is kept', () => {
    mark({ ids: [ids.a!], status: 'responded' });
    mark({ ids: [ids.a!], status: 'responded', at: '2026-03-02T11:00:00.000Z' });
    mark({ ids: [ids.b!], status: 'open', assign: '' });
    mark({ ids: [ids.a!], status: 'responded', note: 'called back', at: '2026-03-02T12:00:00.000Z' });
    mark({ ids: [ids.a!], status: 'open', at: '2026-03-02T13:00:00.000Z' });
    expect(events()).toMatchObject([
      { native_id: 'a', action: 'status', value: 'responded', at: AT },
      { native_id: 'a', action: 'note', value: null, note: 'called back' },
      { native_id: 'a', action: 'status', value: 'open' },
    ]);
  });

  it('records a note on its own as a note event, changing nothing else', () => {
    mark({ ids: [ids.a!], note: 'called them back' });
    expect(state(ids.a!)).toEqual({ status: 'open', verdict: null, assigned_to: null });
    expect(events()).toEqual([{ native_id: 'a', brand: 'Ocado', at: AT, actor: 'dana', action: 'note', value: null, note: 'called them back' }]);
  });

  it('keeps a null actor', () => {
    mark({ ids: [ids.a!], status: 'ignored', actor: null });
    expect(events()).toMatchObject([{ actor: null, action: 'status' }]);
  });

  it('appends: a later mark adds history and keeps the earlier rows', () => {
    mark({ ids: [ids.a!], verdict: 'false-positive' });
    mark({ ids: [ids.a!], verdict: 'relevant', at: '2026-03-03T10:00:00.000Z' });
    expect(state(ids.a!).verdict).toBe('relevant');
    expect(events()).toMatchObject([
      { action: 'verdict', value: 'false-positive', at: AT },
      { action: 'verdict', value: 'relevant', at: '2026-03-03T10:00:00.000Z' },
    ]);
  });

  it('fails on an unknown id and writes nothing, not even for the known ids before it', () => {
    let error: unknown;
    try {
      mark({ ids: [ids.a!, 999_999, ids.b!], status: 'responded', verdict: 'false-positive', note: 'x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EarshotError);
    expect((error as EarshotError).message).toBe('no mention with id 999999');
    expect((error as EarshotError).exitCode).toBe(1);
    expect(state(ids.a!)).toEqual({ status: 'open', verdict: null, assigned_to: null });
    expect(state(ids.b!)).toEqual({ status: 'open', verdict: null, assigned_to: null });
    expect(events()).toEqual([]);
  });

  it('marks nothing for an empty list of ids', () => {
    expect(mark({ ids: [], status: 'responded' })).toBe(0);
    expect(events()).toEqual([]);
  });
});

describe('queryMentions and verdicts', () => {
  const list = (all: boolean) => queryMentions(db, { all, order: 'id' }).map((m) => m.native_id);

  it('hides false positives from the default list and shows them with all', () => {
    mark({ ids: [ids.b!], verdict: 'false-positive' });
    expect(list(false)).toEqual(['a', 'c']);
    expect(list(true)).toEqual(['a', 'b', 'c']);
    expect(queryMentions(db, { all: true, order: 'id' }).find((m) => m.native_id === 'b')).toMatchObject({ verdict: 'false-positive' });
  });

  it('keeps relevant mentions in the default list, with their verdict and assignee', () => {
    mark({ ids: [ids.a!], verdict: 'relevant', assign: 'sam' });
    expect(list(false)).toEqual(['a', 'b', 'c']);
    expect(queryMentions(db, { order: 'id' })[0]).toMatchObject({ native_id: 'a', verdict: 'relevant', assigned_to: 'sam' });
  });

  it('shows a false positive again once it is judged relevant', () => {
    mark({ ids: [ids.b!], verdict: 'false-positive' });
    mark({ ids: [ids.b!], verdict: 'relevant' });
    expect(list(false)).toEqual(['a', 'b', 'c']);
  });
});
