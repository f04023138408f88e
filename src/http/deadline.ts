import { SourceError } from '../errors.js';
import type { HttpClient } from './client.js';

/** Longest a whole scan may take; a source still fetching then fails and stores nothing. */
export const SCAN_DEADLINE_MS = 120_000;

/** When a scan must be done by: requests and waits that would run past it fail instead. */
export interface Deadline {
  /** ms since the epoch. */
  at: number;
  /** The budget it was set with, for messages. */
  budgetMs: number;
}

/** The same client (and rate limiter) with every request bound to one deadline from now. */
export function withDeadline(http: HttpClient, budgetMs: number, now: number = Date.now()): HttpClient {
  const deadline: Deadline = { at: now + budgetMs, budgetMs };
  return {
    request: (url, opts = {}) => http.request(url, { ...opts, deadline: opts.deadline ?? deadline }),
    close: () => http.close(),
  };
}

/** A source that hits the deadline fails as a whole: the scan stores nothing of it. */
export class DeadlineError extends SourceError {}

export function deadlineError(deadline: Deadline, doing: string): DeadlineError {
  return new DeadlineError(`scan deadline (${deadline.budgetMs / 1000} s) reached ${doing}`);
}
