import { describe, expect, it } from 'vitest';
import { FuzzyIndex, type FuzzyHit, type FuzzyTerm } from '../../src/match/fuzzy-index.js';
import { randomWord, seededRandom } from '../helpers/builders.js';
import { referenceOsa } from '../helpers/reference-osa.js';

const ALPHABET = 'abcdeo';

/** Every term whose exact distance to `word` is within its own max: what the index must find. */
function bruteForce<T>(terms: FuzzyTerm<T>[], word: string): FuzzyHit<T>[] {
  return terms
    .filter((t) => t.maxDistance > 0)
    .map((term) => ({ term, distance: referenceOsa(word, term.term) }))
    .filter((h) => h.distance <= h.term.maxDistance);
}

function key(h: FuzzyHit<number>): string {
  return `${h.term.value}:${h.term.term}:${h.distance}`;
}

function buildIndex(terms: FuzzyTerm<number>[]): FuzzyIndex<number> {
  const index = new FuzzyIndex<number>();
  for (const t of terms) index.add(t);
  return index;
}

describe('FuzzyIndex', () => {
  it.each([1, 2, 3])('finds exactly what a brute-force scan finds (seed %i)', (seed) => {
    const rand = seededRandom(seed);
    const terms: FuzzyTerm<number>[] = Array.from({ length: 60 }, (_, value) => ({
      term: randomWord(rand, ALPHABET, 3, 9),
      maxDistance: 1 + Math.floor(rand() * 3),
      value,
    }));
    const index = buildIndex(terms);
    const queries = [
      ...Array.from({ length: 300 }, () => randomWord(rand, ALPHABET, 1, 11)),
      // Near-misses of real terms, so plenty of lookups have hits.
      ...terms.map((t) => t.term.slice(1)),
      ...terms.map((t) => t.term + 'o'),
      ...terms.map((t) => (t.term.length > 2 ? t.term[1]! + t.term[0]! + t.term.slice(2) : t.term)),
      ...terms.map((t) => t.term),
    ];
    let withHits = 0;
    for (const word of queries) {
      const got = index.lookup(word);
      const want = bruteForce(terms, word);
      expect(got.map(key).sort(), word).toEqual(want.map(key).sort());
      for (let i = 1; i < got.length; i++) expect(got[i]!.distance).toBeGreaterThanOrEqual(got[i - 1]!.distance);
      if (got.length > 0) withHits++;
    }
    // The comparison means little if nothing ever matched.
    expect(withHits).toBeGreaterThan(100);
  });

  it('finds terms with letters beyond ASCII and terms longer than any seen before', () => {
    const long = 'żółć'.repeat(20);
    const index = buildIndex([
      { term: 'łódźkaś', maxDistance: 2, value: 1 },
      { term: long, maxDistance: 1, value: 2 },
    ]);
    expect(index.lookup('łodźkaś').map((h) => [h.term.value, h.distance])).toEqual([[1, 1]]);
    expect(index.lookup('ółdźkaś').map((h) => [h.term.value, h.distance])).toEqual([[1, 1]]);
    expect(index.lookup('łódźkaśśś').map((h) => [h.term.value, h.distance])).toEqual([[1, 2]]);
    expect(index.lookup(long.slice(1)).map((h) => [h.term.value, h.distance])).toEqual([[2, 1]]);
    expect(index.lookup(long.slice(2))).toEqual([]);
  });

  it('finds a term with max distance 3 three edits away', () => {
    const index = buildIndex([{ term: 'sainsburys', maxDistance: 3, value: 1 }]);
    expect(index.lookup('sansbury').map((h) => h.distance)).toEqual([2]);
    expect(index.lookup('snsbry').map((h) => h.distance)).toEqual([]);
    expect(index.lookup('sainsbry').map((h) => h.distance)).toEqual([2]);
    expect(index.lookup('saisnbury').map((h) => h.distance)).toEqual([2]);
  });

  it.each([
    ['ocado', 0],
    ['ocdao', 1],
    ['ocaddo', 1],
    ['ocad', 1],
  ])('looks up %s at distance %i from ocado', (word, distance) => {
    const index = buildIndex([{ term: 'ocado', maxDistance: 1, value: 1 }]);
    expect(index.lookup(word)).toEqual([{ term: { term: 'ocado', maxDistance: 1, value: 1 }, distance }]);
  });

  it.each(['ocda', 'avocado', 'oc', ''])('finds nothing for %j, more than one edit from ocado', (word) => {
    const index = buildIndex([{ term: 'ocado', maxDistance: 1, value: 1 }]);
    expect(index.lookup(word)).toEqual([]);
  });

  it('orders several hits closest first', () => {
    const index = buildIndex([
      { term: 'tescos', maxDistance: 2, value: 1 },
      { term: 'tesco', maxDistance: 2, value: 2 },
    ]);
    expect(index.lookup('tesco').map((h) => [h.term.value, h.distance])).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('returns each term once even when the same string is added twice', () => {
    const index = buildIndex([
      { term: 'ocado', maxDistance: 1, value: 1 },
      { term: 'ocado', maxDistance: 1, value: 2 },
    ]);
    expect(index.lookup('ocdao').map((h) => h.term.value).sort()).toEqual([1, 2]);
  });

  it('keeps no terms that tolerate no edits (exact terms are matched elsewhere)', () => {
    const index = buildIndex([{ term: 'ocado', maxDistance: 0, value: 1 }]);
    expect(index.lookup('ocado')).toEqual([]);
    expect(index.lookup('ocdao')).toEqual([]);
  });

  it('finds nothing in an empty index', () => {
    expect(new FuzzyIndex<number>().lookup('ocado')).toEqual([]);
  });
});
