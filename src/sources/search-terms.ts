import { SourceError } from '../errors.js';
import type { Logger } from '../log.js';

/** Sources that search one term per request stop here; `query:` chooses instead. */
export const MAX_TERM_QUERIES = 10;

/** Trimmed, without blanks or case-insensitive repeats; the first spelling wins. */
export function uniqueTerms(terms: string[]): string[] {
  const byFolded = new Map<string, string>();
  for (const term of terms.map((t) => t.trim()).filter(Boolean)) {
    if (!byFolded.has(term.toLowerCase())) byFolded.set(term.toLowerCase(), term);
  }
  return [...byFolded.values()];
}

/** A phrase in double quotes, a single word as is. */
export function quoteTerm(term: string): string {
  return /\s/.test(term) ? `"${term.replace(/"/g, '')}"` : term;
}

export interface TermQueriesInput {
  query: string | undefined;
  terms: string[];
  log: Logger;
  /** `mastodon "m"`, for the warning. */
  label: string;
  /** Most terms one scan searches for (each costs a request or a query operator); MAX_TERM_QUERIES by default. */
  max?: number;
}

/** `query` as written, else the brand terms (unique, phrases quoted), at most `max` with a warning about the rest. */
export function termQueries({ query, terms, log, label, max = MAX_TERM_QUERIES }: TermQueriesInput): string[] {
  if (query) return [query];
  const unique = uniqueTerms(terms);
  if (unique.length === 0) throw new SourceError('no query configured and no brand terms to search for');
  if (unique.length > max) {
    log.warn(`${label}: searching the first ${max} of ${unique.length} brand terms; set query: to choose`);
  }
  return unique.slice(0, max).map(quoteTerm);
}
