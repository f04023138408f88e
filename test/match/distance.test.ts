import { describe, expect, it } from 'vitest';
import { osaDistance } from '../../src/match/distance.js';
import { randomWord, seededRandom } from '../helpers/builders.js';
import { referenceOsa } from '../helpers/reference-osa.js';

/** What osaDistance promises: the exact distance up to max, max + 1 beyond it. */
function capped(a: string, b: string, max: number): number {
  const d = referenceOsa(a, b);
  return d > max ? max + 1 : d;
}

describe('osaDistance', () => {
  it.each([
    ['ocado', 'ocado', 1, 0],
    ['ocado', 'ocdao', 1, 1], // transposition is one edit
    ['ocado', 'ocaddo', 1, 1], // insertion
    ['ocado', 'ocad', 1, 1], // deletion
    ['ocado', 'ocade', 1, 1], // substitution
    ['ocado', 'ocda', 2, 2],
    ['ocado', 'ocda', 1, 2], // beyond max: max + 1
    ['kitten', 'sitting', 3, 3],
    ['kitten', 'sitting', 2, 3],
    ['kitten', 'sitting', 0, 1],
    ['', '', 0, 0],
    ['', 'abc', 3, 3],
    ['', 'abcd', 3, 4],
    ['abc', '', 1, 2],
    // OSA, unlike full Damerau–Levenshtein, never edits a transposed pair again: "ca" → "abc" is 3, not 2.
    ['ca', 'abc', 3, 3],
    ['abcdef', 'abcxyz', 1, 2],
    // Distance 4 ("dd" kept, two substitutions, two insertions) with the last row's minimum within max.
    ['dddd', 'ddccba', 2, 3],
    ['dddd', 'ddccba', 1, 2],
  ])('osaDistance(%j, %j, max %i) = %i', (a, b, max, expected) => {
    expect(osaDistance(a, b, max)).toBe(expected);
    expect(osaDistance(b, a, max)).toBe(expected);
  });

  it.each([0, 1, 2, 3])('agrees with a full-matrix reference on random strings, max %i', (max) => {
    const rand = seededRandom(1000 + max);
    const disagreements: string[] = [];
    for (let n = 0; n < 400; n++) {
      // A small alphabet makes shared letters and transpositions common.
      const a = randomWord(rand, 'abcd', 0, 8);
      // Half the pairs are near-misses of each other, so small distances are well represented.
      const b = rand() < 0.5 ? randomWord(rand, 'abcd', 0, 8) : mutate(a, rand, 1 + Math.floor(rand() * 3));
      const got = osaDistance(a, b, max);
      const want = capped(a, b, max);
      if (got !== want) disagreements.push(`osaDistance(${JSON.stringify(a)}, ${JSON.stringify(b)}, ${max}) = ${got}, want ${want}`);
    }
    expect(disagreements).toEqual([]);
  });
});

/** Applies `edits` random single edits (insert, delete, substitute, swap neighbours). */
function mutate(word: string, rand: () => number, edits: number): string {
  let w = word;
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rand() * (w.length + 1));
    const c = 'abcd'[Math.floor(rand() * 4)]!;
    switch (Math.floor(rand() * 4)) {
      case 0:
        w = w.slice(0, i) + c + w.slice(i);
        break;
      case 1:
        w = w.slice(0, i) + w.slice(i + 1);
        break;
      case 2:
        w = w.slice(0, i) + c + w.slice(i + 1);
        break;
      default:
        if (i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    }
  }
  return w;
}
