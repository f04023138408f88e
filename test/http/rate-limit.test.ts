import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimitedUntil, type Clock, type PlannedWait } from '../../src/http/rate-limit.js';

const NOW = Date.parse('2026-03-02T14:00:00Z');

describe('rateLimitedUntil', () => {
  it.each([
    ['429 with Retry-After seconds', 429, { 'retry-after': '30' }, NOW + 30_000],
    ['429 with Retry-After as an HTTP date', 429, { 'retry-after': 'Mon, 02 Mar 2026 14:02:00 GMT' }, NOW + 120_000],
    ['503 with Retry-After', 503, { 'retry-after': '5' }, NOW + 5_000],
    ['503 without Retry-After', 503, {}, null],
    ['429 with neither header', 429, {}, null],
    ['Mastodon 429: ISO-8601 reset with microseconds', 429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-03-02T14:05:00.000000Z' }, NOW + 300_000],
    ['Mastodon 200 with requests left', 200, { 'x-ratelimit-remaining': '297', 'x-ratelimit-reset': '2026-03-02T14:05:00.000000Z' }, null],
    ['Mastodon 200 with none left', 200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-03-02T14:05:00.000000Z' }, NOW + 300_000],
    ['Reddit: a fraction left, reset in seconds', 200, { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '1', 'x-ratelimit-reset': '42' }, NOW + 42_000],
    ['Reddit OAuth with budget left', 200, { 'x-ratelimit-remaining': '96.0', 'x-ratelimit-reset': '412' }, null],
    ['Bluesky: RateLimit-* with an epoch reset', 200, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 90) }, NOW + 90_000],
    ['X: x-rate-limit-* with an epoch reset', 429, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 600) }, NOW + 600_000],
    ['Retry-After wins over the reset on a 429', 429, { 'retry-after': '1', 'x-rate-limit-reset': String(NOW / 1000 + 600) }, NOW + 1_000],
    ['an unreadable reset', 200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' }, null],
  ])('%s', (_, status, headers, expected) => {
    expect(rateLimitedUntil({ status, headers: headers as Record<string, string>, now: NOW })).toBe(expected);
  });
});

/** Time that moves only when the limiter sleeps, so no test waits. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = NOW;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const url = (u: string) => new URL(u);
const noGuard = () => undefined;

describe('createRateLimiter', () => {
  it('spaces requests to reddit.com and its subdomains a minute apart, but not the OAuth API', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ clock });
    await limiter.acquire(url('https://www.reddit.com/r/a/new/.rss'), noGuard);
    await limiter.acquire(url('https://oauth.reddit.com/r/a/new'), noGuard);
    await limiter.acquire(url('https://oauth.reddit.com/search'), noGuard);
    await limiter.acquire(url('https://www.reddit.com/search.rss?q=x'), noGuard);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('queues concurrent requests to one host and leaves other hosts alone', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ clock, minIntervalMs: { '127.0.0.1': 5 } });
    await Promise.all([
      limiter.acquire(url('http://127.0.0.1:8080/a'), noGuard),
      limiter.acquire(url('http://127.0.0.1:8080/b'), noGuard),
      limiter.acquire(url('https://mastodon.social/api'), noGuard),
      limiter.acquire(url('http://127.0.0.1:8080/c'), noGuard),
    ]);
    expect(clock.sleeps).toEqual([5, 5]);
  });

  it('holds every request to a host until its rate limit resets, and tells the guard why', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ clock });
    const waits: PlannedWait[] = [];
    limiter.defer(url('https://mastodon.social/api/v1/x'), NOW + 42_000);
    await limiter.acquire(url('https://mastodon.social/api/v1/timelines/tag/a'), (w) => waits.push(w));
    await limiter.acquire(url('https://bsky.social/xrpc/x'), (w) => waits.push(w));
    expect(waits).toEqual([{ waitMs: 42_000, until: NOW + 42_000, rateLimited: true }]);
    expect(clock.sleeps).toEqual([42_000]);
  });

  it('lets a guard refuse a wait without blocking the requests queued behind it', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ clock });
    limiter.defer(url('https://api.x.com/'), NOW + 900_000);
    const refused = limiter.acquire(url('https://api.x.com/2/tweets/search/recent'), () => {
      throw new Error('too long');
    });
    await expect(refused).rejects.toThrow('too long');
    await limiter.acquire(url('https://api.x.com/2/tweets/search/recent'), noGuard);
    expect(clock.sleeps).toEqual([900_000]);
  });
});
