import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suggestExclusions } from '../../src/report/suggest-exclusions.js';
import { markMentions, type Verdict } from '../../src/store/mark-mentions.js';
import type { Db } from '../../src/store/open-db.js';
import { judgedMentions, variantStats, type JudgedMention } from '../../src/store/rule-stats.js';
import { saveScan } from '../../src/store/save-scan.js';
import type { MatchKind } from '../../src/types.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const AT = '2026-03-02T09:00:00.000Z';

/** A judged mention of `brand` whose span is the first occurrence of `matched` in `text`. */
function judged(verdict: JudgedMention['verdict'], text: string, matched = 'apple', brand = 'Apple'): JudgedMention {
  const start = text.toLowerCase().indexOf(matched.toLowerCase());
  if (start === -1) throw new Error(`${matched} not in ${text}`);
  return { brand, verdict, text, span_start: start, span_end: start + matched.length };
}

const fp = (text: string, matched?: string, brand?: string) => judged('false-positive', text, matched, brand);
const ok = (text: string, matched?: string, brand?: string) => judged('relevant', text, matched, brand);

describe('suggestExclusions', () => {
  it('suggests a neighbour phrase that recurs in false positives and never in relevant mentions', () => {
    expect(suggestExclusions([fp('Grandma makes the best apple pie'), fp('apple pie with custard'), ok('apple iphone update')])).toEqual([
      { brand: 'Apple', phrase: 'apple pie', falsePositives: 2 },
    ]);
  });

  it('needs at least two false positives', () => {
    expect(suggestExclusions([fp('warm apple pie'), ok('apple iphone update')])).toEqual([]);
  });

  it('drops a phrase that also appears in one relevant mention', () => {
    expect(suggestExclusions([fp('the big apple at night'), fp('visiting the big apple'), fp('big apple marathon'), ok('big apple store opened today')])).toEqual([]);
  });

  it('looks at the word before and the word after the match', () => {
    const suggestions = suggestExclusions([fp('an apple pie'), fp('an apple pie again'), fp('baked an apple pie')]);
    expect(suggestions).toEqual([
      { brand: 'Apple', phrase: 'an apple', falsePositives: 3 },
      { brand: 'Apple', phrase: 'apple pie', falsePositives: 3 },
    ]);
  });

  it('folds case and diacritics, so differently written phrases count together', () => {
    expect(suggestExclusions([fp('APPLE PIE!'), fp('Apple Pie'), fp('apple pié')])).toEqual([
      { brand: 'Apple', phrase: 'apple pie', falsePositives: 3 },
    ]);
  });

  it('counts a mention once even when the phrase is there twice', () => {
    expect(suggestExclusions([fp('apple pie, more apple pie'), fp('cold apple pie')])).toEqual([{ brand: 'Apple', phrase: 'apple pie', falsePositives: 2 }]);
    // The second "apple pie" in the first text is not the matched span; only neighbours of the span count.
    expect(suggestExclusions([fp('apple tart, then apple pie'), fp('apple pie')])).toEqual([]);
  });

  it('keeps brands apart', () => {
    const suggestions = suggestExclusions([
      fp('apple pie again', 'apple', 'Apple'),
      fp('apple pie again', 'apple', 'Apple Records'),
      fp('apple pie day', 'apple', 'Apple Records'),
    ]);
    expect(suggestions).toEqual([{ brand: 'Apple Records', phrase: 'apple pie', falsePositives: 2 }]);
  });

  it('a relevant mention of another brand does not block a phrase', () => {
    expect(suggestExclusions([fp('apple pie again'), fp('apple pie day'), ok('apple pie day', 'apple', 'Bakery')])).toEqual([
      { brand: 'Apple', phrase: 'apple pie', falsePositives: 2 },
    ]);
  });

  it('uses every word of a multi-word match', () => {
    expect(
      suggestExclusions([
        fp('the Ocado Retail annual report', 'Ocado Retail', 'Ocado'),
        fp('Ocado Retail annual results are out', 'Ocado Retail', 'Ocado'),
      ]),
    ).toEqual([{ brand: 'Ocado', phrase: 'ocado retail annual', falsePositives: 2 }]);
  });

  it('orders by false positives, then phrase', () => {
    const suggestions = suggestExclusions([
      fp('apple pie'),
      fp('apple pie'),
      fp('apple pie'),
      fp('apple crumble'),
      fp('apple crumble'),
      fp('big apple'),
      fp('big apple'),
    ]);
    expect(suggestions.map((s) => `${s.phrase}:${s.falsePositives}`)).toEqual(['apple pie:3', 'apple crumble:2', 'big apple:2']);
  });

  it('suggests nothing for a match with no neighbours, or a span on no word', () => {
    expect(suggestExclusions([fp('apple'), fp('Apple!'), judged('false-positive', '#applepie #applepie', '#applepie')])).toEqual([]);
  });

  it('suggests nothing from nothing', () => {
    expect(suggestExclusions([])).toEqual([]);
  });
});

describe('variantStats, judgedMentions and suggestions from a real database', () => {
  let temp: TempDb;
  let db: Db;

  interface Seed {
    id: string;
    text: string;
    kind: MatchKind;
    variant: string;
    matched: string;
    brand?: string;
    verdict?: Verdict;
  }

  const SEEDS: Seed[] = [
    { id: '1', text: 'Grandma makes the best apple pie', kind: 'name', variant: 'Apple', matched: 'apple', verdict: 'false-positive' },
    { id: '2', text: 'apple pie with custard tonight', kind: 'name', variant: 'Apple', matched: 'apple', verdict: 'false-positive' },
    { id: '3', text: 'apple iphone update broke my alarm', kind: 'name', variant: 'Apple', matched: 'apple', verdict: 'relevant' },
    { id: '4', text: 'apple watch strap snapped', kind: 'name', variant: 'Apple', matched: 'apple' },
    { id: '5', text: 'appel pie recipe', kind: 'fuzzy', variant: 'Apple', matched: 'appel', verdict: 'false-positive' },
    { id: '6', text: '@Apple my phone is dead', kind: 'handle', variant: '@Apple', matched: '@Apple', verdict: 'relevant' },
    { id: '7', text: 'Tesco apple pie was fine', kind: 'name', variant: 'Tesco', matched: 'Tesco', brand: 'Tesco' },
  ];

  beforeEach(() => {
    temp = createTempDb();
    db = temp.db;
    const items = SEEDS.map((s) => {
      const start = s.text.indexOf(s.matched);
      return {
        post: makePost({ id: s.id, text: s.text }),
        mentions: [makeMention({ brand: s.brand ?? 'Apple', kind: s.kind, variant: s.variant, matched: s.matched, start, end: start + s.matched.length })],
      };
    });
    saveScan(db, { batches: [{ source: 'test-feed', items, cursor: null }], failures: [], startedAt: AT, at: AT });
    const idOf = (nativeId: string) =>
      db.prepare(`SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = ?`).pluck().get(nativeId) as number;
    for (const s of SEEDS) if (s.verdict) markMentions(db, { ids: [idOf(s.id)], verdict: s.verdict, actor: 'dana', at: AT });
  });

  afterEach(() => temp.cleanup());

  it('counts matches, confirmations and rejections per brand, kind and variant, busiest first', () => {
    expect(variantStats(db)).toEqual([
      { brand: 'Apple', match_kind: 'name', variant: 'Apple', matched: 4, confirmed: 1, rejected: 2 },
      { brand: 'Apple', match_kind: 'handle', variant: '@Apple', matched: 1, confirmed: 1, rejected: 0 },
      { brand: 'Apple', match_kind: 'fuzzy', variant: 'Apple', matched: 1, confirmed: 0, rejected: 1 },
      { brand: 'Tesco', match_kind: 'name', variant: 'Tesco', matched: 1, confirmed: 0, rejected: 0 },
    ]);
  });

  it('follows a changed verdict', () => {
    const id = db.prepare(`SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = '3'`).pluck().get() as number;
    markMentions(db, { ids: [id], verdict: 'false-positive', actor: 'dana', at: '2026-03-03T09:00:00.000Z' });
    expect(variantStats(db)[0]).toEqual({ brand: 'Apple', match_kind: 'name', variant: 'Apple', matched: 4, confirmed: 0, rejected: 3 });
  });

  it('lists only judged mentions, with their text and span', () => {
    const rows = judgedMentions(db);
    expect(rows).toHaveLength(5);
    expect(rows).toContainEqual({ brand: 'Apple', verdict: 'false-positive', text: 'appel pie recipe', span_start: 0, span_end: 5 });
    expect(rows.some((r) => r.text.startsWith('apple watch') || r.text.startsWith('Tesco'))).toBe(false);
  });

  it('suggests "apple pie" from the false positives, not phrases seen in relevant mentions', () => {
    // "appel pie" is a different phrase: the matched word is kept as written.
    expect(suggestExclusions(judgedMentions(db))).toEqual([{ brand: 'Apple', phrase: 'apple pie', falsePositives: 2 }]);
  });

  it('stops suggesting once a relevant mention shares the phrase', () => {
    const id = db.prepare(`SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = '2'`).pluck().get() as number;
    markMentions(db, { ids: [id], verdict: 'relevant', actor: 'dana', at: '2026-03-03T09:00:00.000Z' });
    expect(suggestExclusions(judgedMentions(db))).toEqual([]);
  });
});
