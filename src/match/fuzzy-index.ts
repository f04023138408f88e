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

/** Words looked up recently, with their hits. */
const CACHE_WORDS = 50_000;
/** Most words are near no term: they share one empty answer instead of an array each. */
const NO_HITS: readonly never[] = Object.freeze([]);

/** Terms that tolerate the same number of edits, keyed by every deletion of up to that many letters. */
interface Tier<T> {
  distance: number;
  byDeletion: Map<string, FuzzyTerm<T>[]>;
  minLength: number;
  maxLength: number;
}

/**
 * Symmetric-delete index: every term is stored under each string reachable by deleting up to
 * its max distance of letters; a word looks up its own deletions. A handful of hash lookups
 * per word instead of a distance computation against every term. Terms are kept in tiers by
 * distance, so a short word never pays for the two-edit deletions only long terms need.
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
      tier = { distance: term.maxDistance, byDeletion: new Map(), minLength: Infinity, maxLength: 0 };
      this.tiers.push(tier);
    }
    tier.minLength = Math.min(tier.minLength, term.term.length - term.maxDistance);
    tier.maxLength = Math.max(tier.maxLength, term.term.length + term.maxDistance);
    forEachDeletion(term.term, term.maxDistance, (key) => {
      const list = tier.byDeletion.get(key);
      if (!list) tier.byDeletion.set(key, [term]);
      else if (!list.includes(term)) list.push(term);
    });
  }

  /** Word lengths (inclusive ranges) that can be within reach of some term: others never hit. */
  lengthRanges(): [number, number][] {
    return this.tiers.map((t) => [t.minLength, t.maxLength]);
  }

  /** Terms within their own max distance of `word`, closest first. */
  lookup(word: string): readonly FuzzyHit<T>[] {
    return this.cache.get(word, (w) => this.search(w));
  }

  private search(word: string): readonly FuzzyHit<T>[] {
    const hits: FuzzyHit<T>[] = [];
    for (const tier of this.tiers) {
      if (word.length < tier.minLength || word.length > tier.maxLength) continue;
      forEachDeletion(word, tier.distance, (key) => {
        const list = tier.byDeletion.get(key);
        if (!list) return;
        for (const term of list) {
          if (hits.some((h) => h.term === term)) continue;
          const distance = osaDistance(word, term.term, term.maxDistance);
          if (distance <= term.maxDistance) hits.push({ term, distance });
        }
      });
    }
    if (hits.length === 0) return NO_HITS;
    return hits.sort((a, b) => a.distance - b.distance);
  }
}

/** Calls `visit` with the word and every string made by deleting 1..max of its characters. */
function forEachDeletion(word: string, max: number, visit: (s: string) => void): void {
  visit(word);
  deleteFrom(word, 0, max, visit);
}

/**
 * Deletions at positions from `start` on, so each set of positions is visited once (deleting i
 * then j equals deleting j then i) without a set to remember them.
 */
function deleteFrom(word: string, start: number, remaining: number, visit: (s: string) => void): void {
  for (let i = start; i < word.length; i++) {
    // Deleting either of two equal neighbours gives the same string: skip the repeat.
    if (i > start && word[i] === word[i - 1]) continue;
    const del = word.slice(0, i) + word.slice(i + 1);
    visit(del);
    if (remaining > 1) deleteFrom(del, i, remaining - 1, visit);
  }
}
