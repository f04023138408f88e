import { osaDistance } from './distance.js';

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
 * Symmetric-delete index: every term is stored under each string reachable by deleting up to
 * its max distance of letters; a word looks up its own deletions. A handful of hash lookups
 * per word instead of a distance computation against every term.
 */
export class FuzzyIndex<T> {
  private readonly byDeletion = new Map<string, FuzzyTerm<T>[]>();
  private maxDistance = 0;
  private minLength = Infinity;
  private maxLength = 0;

  add(term: FuzzyTerm<T>): void {
    if (term.maxDistance <= 0) return;
    this.maxDistance = Math.max(this.maxDistance, term.maxDistance);
    this.minLength = Math.min(this.minLength, term.term.length - term.maxDistance);
    this.maxLength = Math.max(this.maxLength, term.term.length + term.maxDistance);
    for (const key of deletions(term.term, term.maxDistance)) {
      const list = this.byDeletion.get(key);
      if (list) list.push(term);
      else this.byDeletion.set(key, [term]);
    }
  }

  /** Terms within their own max distance of `word`, closest first. */
  lookup(word: string): FuzzyHit<T>[] {
    if (this.maxDistance === 0 || word.length < this.minLength || word.length > this.maxLength) return [];
    const seen = new Set<FuzzyTerm<T>>();
    const hits: FuzzyHit<T>[] = [];
    for (const key of deletions(word, this.maxDistance)) {
      for (const term of this.byDeletion.get(key) ?? []) {
        if (seen.has(term)) continue;
        seen.add(term);
        const distance = osaDistance(word, term.term, term.maxDistance);
        if (distance <= term.maxDistance) hits.push({ term, distance });
      }
    }
    return hits.sort((a, b) => a.distance - b.distance);
  }
}

/** The word itself and every string made by deleting 1..max of its characters. */
function deletions(word: string, max: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < max; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const del = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(del)) {
          out.add(del);
          next.push(del);
        }
      }
    }
    frontier = next;
  }
  return out;
}
