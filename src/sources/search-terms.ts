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
}

/** `query` as written, else one query per brand term (phrases quoted), at most MAX_TERM_QUERIES. */
export function termQueries({ query, terms, log, label }: TermQueriesInput): string[] {
  if (query) return [query];
  const unique = uniqueTerms(terms);
  if (unique.length === 0) throw new SourceError('no query configured and no brand terms to search for');
  if (unique.length > MAX_TERM_QUERIES) {
    log.warn(`${label}: searching the first ${MAX_TERM_QUERIES} of ${unique.length} brand terms; set query: to choose`);
  }
  return unique.slice(0, MAX_TERM_QUERIES).map(quoteTerm);
}
