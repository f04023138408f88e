import { osaDistance } from './distance.js';
import { RecentCache } from './recent-cache.js';

/** A term that may be misspelled, with how many edits it tolerates. */
export interface FuzzyTerm<T> {
  term: string;
  maxDistance: number;
  value: T;
}

export interface FuzzyHit<T> {
  term: FuzzyTerm<T>;
  distance: number;
}

/**
 * Words looked up recently, with their hits. Matching asks `lookup` only for words that may be
 * misspellings (most words are ruled out by its own cache first), so few need remembering.
 */
const CACHE_WORDS = 5_000;
/** Most words are near no term: they share one empty answer instead of an array each. */
const NO_HITS: readonly never[] = Object.freeze([]);

/** Terms that tolerate the same number of edits, keyed by the hash of every deletion of up to that many letters. */
interface Tier<T> {
  distance: number;
  byDeletion: Map<number, FuzzyTerm<T>[]>;
  /**
   * One bit per key of byDeletion, by the key's low bits. A word's deletions are mostly keys no
   * term has: testing a bit in 128 KB costs a fraction of a Map lookup, so only the few hashes
   * whose bit is set are looked up.
   */
  present: Int32Array;
  minLength: number;
  maxLength: number;
}

/** Bits in each tier's filter (a power of two): a few per cent of bits set for a thousand terms. */
const FILTER_BITS = 1 << 20;

/**
 * Symmetric-delete index: every term is stored under each string reachable by deleting up to
 * its max distance of letters; a word looks up its own deletions. A handful of hash lookups
 * per word instead of a distance computation against every term. Terms are kept in tiers by
 * distance, so a short word never pays for the two-edit deletions only long terms need.
 * Deletions are keyed by a rolling hash computed in place, not by the strings themselves: a
 * ten-letter word has 56 deletions within two edits, and building each one as a string cost
 * more than everything else in matching. A hash collision only adds a candidate, which the
 * distance check then drops.
 */
export class FuzzyIndex<T> {
  /** Every term added, in order. */
  readonly terms: FuzzyTerm<T>[] = [];
  private readonly tiers: Tier<T>[] = [];
  private readonly cache = new RecentCache<readonly FuzzyHit<T>[]>(CACHE_WORDS);

  add(term: FuzzyTerm<T>): void {
    if (term.maxDistance <= 0) return;
    this.terms.push(term);
    this.cache.clear();
    let tier = this.tiers.find((t) => t.distance === term.maxDistance);
    if (!tier) {
      tier = { distance: term.maxDistance, byDeletion: new Map(), present: new Int32Array(FILTER_BITS >>> 5), minLength: Infinity, maxLength: 0 };
      this.tiers.push(tier);
    }
    tier.minLength = Math.min(tier.minLength, term.term.length - term.maxDistance);
    tier.maxLength = Math.max(tier.maxLength, term.term.length + term.maxDistance);
    const { byDeletion, present } = tier;
    const count = deletionHashes(term.term, term.maxDistance);
    for (let k = 0; k < count; k++) {
      const key = keys[k]!;
      present[(key & (FILTER_BITS - 1)) >>> 5]! |= 1 << (key & 31);
      const list = byDeletion.get(key);
      if (!list) byDeletion.set(key, [term]);
      else if (!list.includes(term)) list.push(term);
    }
  }

  /** Word lengths (inclusive ranges) that can be within reach of some term: others never hit. */
  lengthRanges(): [number, number][] {
    return this.tiers.map((t) => [t.minLength, t.maxLength]);
  }

  /** Terms within their own max distance of `word`, closest first. */
  lookup(word: string): readonly FuzzyHit<T>[] {
    return this.cache.get(word, searchIndex, this);
  }

  /** `lookup` without the cache, for callers that remember the answer themselves. */
  search(word: string): readonly FuzzyHit<T>[] {
    const hits: FuzzyHit<T>[] = [];
    for (const tier of this.tiers) {
      if (word.length < tier.minLength || word.length > tier.maxLength) continue;
      const { byDeletion, present } = tier;
      const count = deletionHashes(word, tier.distance);
      for (let k = 0; k < count; k++) {
        const key = keys[k]!;
        if ((present[(key & (FILTER_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) continue;
        const list = byDeletion.get(key);
        if (!list) continue;
        for (const term of list) {
          if (hits.some((h) => h.term === term)) continue;
          const distance = osaDistance(word, term.term, term.maxDistance);
          if (distance <= term.maxDistance) hits.push({ term, distance });
        }
      }
    }
    if (hits.length === 0) return NO_HITS;
    return hits.sort((a, b) => a.distance - b.distance);
  }
}

function searchIndex<T>(word: string, index: FuzzyIndex<T>): readonly FuzzyHit<T>[] {
  return index.search(word);
}

/** Odd multiplier of the rolling hash (FNV's prime); arithmetic is modulo 2^32 throughout. */
const BASE = 0x01000193;
/** Keys kept to 30 bits, so that they stay small integers, the fastest Map keys. */
const KEY_MASK = 0x3fffffff;

/** Scratch for one word at a time: prefix hashes and powers of BASE, grown as words need. */
let prefix = new Int32Array(64);
let power = new Int32Array(64);
/** The hashes the last deletionHashes call found, in its first `keyCount` slots; grown as words need. */
let keys = new Int32Array(1024);
let keyCount = 0;

/**
 * Fills `keys` with the hash of the word and of every string made by deleting 1..max of its
 * characters (the same number the string itself would hash to, built from prefix hashes) and
 * returns how many there are. Into a shared array rather than through a callback: a closure per
 * word and a call per hash cost more than the hashing.
 */
function deletionHashes(word: string, max: number): number {
  const n = word.length;
  if (prefix.length <= n) {
    prefix = new Int32Array(2 * n + 2);
    power = new Int32Array(2 * n + 2);
  }
  prefix[0] = 0;
  power[0] = 1;
  for (let i = 0; i < n; i++) {
    prefix[i + 1] = (Math.imul(prefix[i]!, BASE) + word.charCodeAt(i)) | 0;
    power[i + 1] = Math.imul(power[i]!, BASE);
  }
  keyCount = 0;
  keys[keyCount++] = prefix[n]! & KEY_MASK;
  deleteFrom(word, 0, max, 0);
  return keyCount;
}

/** Hash of word[from, to), from the prefix hashes. */
function slice(from: number, to: number): number {
  return (prefix[to]! - Math.imul(prefix[from]!, power[to - from]!)) | 0;
}

/**
 * Deletions at positions from `start` on, so each set of positions is visited once (deleting i
 * then j equals deleting j then i) without a set to remember them. `kept` is the hash of what
 * stays of word[0, start) after the deletions made so far.
 */
function deleteFrom(word: string, start: number, remaining: number, kept: number): void {
  const n = word.length;
  for (let i = start; i < n; i++) {
    // Deleting either of two equal neighbours gives the same string: skip the repeat.
    if (i > start && word.charCodeAt(i) === word.charCodeAt(i - 1)) continue;
    // What stays before position i, then everything after it.
    const before = (Math.imul(kept, power[i - start]!) + slice(start, i)) | 0;
    if (keyCount === keys.length) {
      const grown = new Int32Array(2 * keys.length);
      grown.set(keys);
      keys = grown;
    }
    keys[keyCount++] = ((Math.imul(before, power[n - i - 1]!) + slice(i + 1, n)) | 0) & KEY_MASK;
    if (remaining > 1) deleteFrom(word, i + 1, remaining - 1, before);
  }
}
