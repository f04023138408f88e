import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Least time between two requests to a host (or any subdomain of it), where the host demands
 * more than its headers say. Reddit's keyless feeds allow about one request a minute (observed
 * since June 2026, not published); its OAuth API announces its own budget in headers.
 */
export const DEFAULT_MIN_INTERVAL_MS: Readonly<Record<string, number>> = {
  'reddit.com': 60_000,
  'oauth.reddit.com': 0,
};

/** A number of seconds this large is an epoch time, not a delay: no rate window lasts 30 years. */
const EPOCH_THRESHOLD_S = 1_000_000_000;

/** Mastodon, Reddit, GitHub; Bluesky and the IETF draft; X. */
const REMAINING_HEADERS = ['x-ratelimit-remaining', 'ratelimit-remaining', 'x-rate-limit-remaining'];
const RESET_HEADERS = ['x-ratelimit-reset', 'ratelimit-reset', 'x-rate-limit-reset'];

/** Time as the limiter sees it: real by default, a fake in tests so none of them waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

/** A wait the limiter is about to make; the guard may throw to refuse it. */
export interface PlannedWait {
  waitMs: number;
  /** When the host may be asked again (ms since the epoch). */
  until: number;
  /** True when the server's rate limit causes the wait, false for our own spacing. */
  rateLimited: boolean;
}

/**
 * One per HTTP client, shared by every source in a scan: requests to a host wait for their turn
 * instead of hammering a host that said stop.
 */
export interface RateLimiter {
  /** Resolves when `url`'s host may be asked; `guard` sees any wait first and may throw instead. */
  acquire(url: URL, guard: (wait: PlannedWait) => void): Promise<void>;
  /** No request to `url`'s host before `until` (ms since the epoch). */
  defer(url: URL, until: number): void;
}

export interface RateLimiterInput {
  /** Hostname or parent domain → least ms between requests; merged over DEFAULT_MIN_INTERVAL_MS. */
  minIntervalMs?: Record<string, number>;
  clock?: Clock;
}

interface HostState {
  lastAt: number;
  limitedUntil: number;
  /** Requests to one host take their turns in order. */
  queue: Promise<void>;
}

export function createRateLimiter({ minIntervalMs = {}, clock = realClock }: RateLimiterInput = {}): RateLimiter {
  const intervals = { ...DEFAULT_MIN_INTERVAL_MS, ...minIntervalMs };
  const hosts = new Map<string, HostState>();
  const stateOf = (url: URL) => {
    let state = hosts.get(url.host);
    if (!state) hosts.set(url.host, (state = { lastAt: -Infinity, limitedUntil: -Infinity, queue: Promise.resolve() }));
    return state;
  };

  return {
    acquire(url, guard) {
      const state = stateOf(url);
      const interval = intervalFor(url.hostname, intervals);
      const turn = state.queue.then(async () => {
        const spacedAt = state.lastAt + interval;
        const until = Math.max(spacedAt, state.limitedUntil);
        const waitMs = until - clock.now();
        if (waitMs > 0) {
          guard({ waitMs, until, rateLimited: state.limitedUntil >= spacedAt });
          await clock.sleep(waitMs);
        }
        state.lastAt = clock.now();
      });
      // A refused turn must not block the ones queued behind it.
      state.queue = turn.catch(() => undefined);
      return turn;
    },
    defer(url, until) {
      const state = stateOf(url);
      state.limitedUntil = Math.max(state.limitedUntil, until);
    },
  };
}

/** The most specific entry for the hostname or one of its parent domains; 0 when none. */
function intervalFor(hostname: string, intervals: Record<string, number>): number {
  const labels = hostname.toLowerCase().split('.');
  for (let i = 0; i < labels.length; i++) {
    const interval = intervals[labels.slice(i).join('.')];
    if (interval !== undefined) return interval;
  }
  return 0;
}

export interface RateHeadersInput {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  now: number;
}

/**
 * When a response says the host may be asked again (ms since the epoch), or null when it sets
 * no limit: Retry-After on a 429/503, else the reset time of an exhausted (or a 429's) window.
 */
export function rateLimitedUntil({ status, headers, now }: RateHeadersInput): number | null {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  // GitHub refuses its secondary limit with 403 and Retry-After. A 403 with a spent window alone
  // may be any refusal that used the window's last request: it defers the host, never retries.
  const refused = status === 429 || ((status === 503 || status === 403) && retryAfter !== null);
  if (refused && retryAfter !== null) return now + retryAfter;
  const remaining = Number(firstHeader(headers, REMAINING_HEADERS) ?? NaN);
  const reset = parseReset(firstHeader(headers, RESET_HEADERS), now);
  // Reddit sends fractions ("0.0"); anything under one request left means wait.
  if (reset !== null && (refused || remaining < 1)) return reset;
  return null;
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * A window's reset as ms since the epoch: ISO 8601 (Mastodon), epoch seconds (X, Bluesky,
 * GitHub, GoToSocial) or seconds from now (Reddit, the IETF draft).
 */
export function parseReset(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return seconds >= EPOCH_THRESHOLD_S ? seconds * 1000 : now + seconds * 1000;
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : at;
}

function firstHeader(headers: Record<string, string>, names: string[]): string | undefined {
  for (const name of names) if (headers[name] !== undefined) return headers[name];
  return undefined;
}
