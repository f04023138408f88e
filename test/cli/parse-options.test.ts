import { describe, expect, it } from 'vitest';
import { parseId, parseLimit, parseSince } from '../../src/cli/parse-options.js';
import { UsageError } from '../../src/errors.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('--since', () => {
  it('takes durations before now and ISO dates and times, as UTC', () => {
    expect(parseSince('24h', NOW)).toBe('2026-03-09T12:00:00.000Z');
    expect(parseSince('2w', NOW)).toBe('2026-02-24T12:00:00.000Z');
    expect(parseSince('2024-02-29', NOW)).toBe('2024-02-29T00:00:00.000Z');
    expect(parseSince('2026-03-01T10:00:00+02:00', NOW)).toBe('2026-03-01T08:00:00.000Z');
  });

  it('refuses a day the month does not have, instead of rolling it over into the next', () => {
    expect(() => parseSince('2026-02-30', NOW)).toThrow(new UsageError('--since: 2026-02-30 is not a date (that month has 28 days)'));
    expect(() => parseSince('2026-02-29T08:00:00Z', NOW)).toThrow(/2026-02-29 is not a date \(that month has 28 days\)/);
    expect(() => parseSince('2026-04-31', NOW)).toThrow(/that month has 30 days/);
    expect(() => parseSince('2026-13-01', NOW)).toThrow(/there is no month 13/);
    expect(() => parseSince('2026-01-00', NOW)).toThrow(/that month has 31 days/);
  });

  it('refuses a time after now, and what is no date at all', () => {
    expect(() => parseSince('2026-03-11', NOW)).toThrow(/^--since: 2026-03-11 is in the future; give a time before now \(2026-03-10T12:00:00\.000Z\)$/);
    expect(parseSince('2026-03-10T12:00:00Z', NOW)).toBe(NOW.toISOString());
    for (const bad of ['yesterday', '7 days', '2026-03-01T25:00:00Z', '']) {
      expect(() => parseSince(bad, NOW), bad).toThrow(UsageError);
    }
  });
});

describe('--limit and mention ids', () => {
  it('take whole numbers that stay exact; larger ones are refused, not rounded', () => {
    expect(parseLimit('0')).toBe(0);
    expect(parseLimit(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['99999999999999999999', String(Number.MAX_SAFE_INTEGER + 1), '-1', '1.5', 'ten']) {
      expect(() => parseLimit(bad), bad).toThrow(/^--limit: expected a whole number from 0 to 9007199254740991, got "/);
    }
    expect(parseId('42')).toBe(42);
    for (const bad of ['99999999999999999999', '0', '-3', 'x']) {
      expect(() => parseId(bad), bad).toThrow(/^expected a mention id \(a whole number from 1 to 9007199254740991\), got "/);
    }
  });
});
