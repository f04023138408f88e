import { SourceError } from '../errors.js';
import type { Logger } from '../log.js';
import { quoteTerm, uniqueTerms } from './search-terms.js';

export interface CappedTermsInput {
  terms: string[];
  /** Most terms one scan searches for: each costs a request or a query operator. */
  max: number;
  /** `stackexchange "so"`, for the warning. */
  label: string;
  log: Logger;
}

/** Brand terms ready for a search box (unique, phrases quoted), at most `max` with a warning about the rest. */
export function cappedTerms({ terms, max, label, log }: CappedTermsInput): string[] {
  const unique = uniqueTerms(terms);
  if (unique.length === 0) throw new SourceError('no query configured and no brand terms to search for');
  if (unique.length > max) {
    log.warn(`${label}: searching the first ${max} of ${unique.length} brand terms; set query: to choose`);
  }
  return unique.slice(0, max).map(quoteTerm);
}
