import { describe, expect, it } from 'vitest';
import { parseId, parseLimit, parseSince, splitList } from '../../src/cli/parse-options.js';
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
    expect(() => parseSince('2026-03-11', NOW)).toThrow(
      new UsageError('--since: 2026-03-11 is in the future (times without an offset are UTC; it is now 2026-03-10T12:00:00.000Z)'),
    );
    expect(parseSince('2026-03-10T12:00:00Z', NOW)).toBe(NOW.toISOString());
    for (const bad of ['yesterday', '7 days', '2026-03-01T25:00:00Z', '2026-03-04T24:00', '2026-03-04T10:60', '']) {
      expect(() => parseSince(bad, NOW), bad).toThrow(UsageError);
    }
    expect(() => parseSince('99999999999d', NOW)).toThrow(new UsageError('--since: 99999999999d reaches before any date there is'));
  });

  it('reads a time without an offset as UTC, as a date without one is, whatever the local zone', () => {
    // Node reads TZ again when it changes: a zone far from UTC, where local time would show.
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      expect(new Date('2026-03-05T00:00').toISOString()).toBe('2026-03-04T15:00:00.000Z');
      expect(parseSince('2026-03-05T00:00', NOW)).toBe('2026-03-05T00:00:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(parseSince('2026-03-05 08:30:15', NOW)).toBe('2026-03-05T08:30:15.000Z');
    expect(parseSince('2026-03-05T08:30+01:00', NOW)).toBe('2026-03-05T07:30:00.000Z');
    // Year 0 is a leap year; Date.UTC would have read it as 1900, which is not.
    expect(parseSince('0000-02-29', NOW)).toBe(new Date(Date.parse('0000-02-29T00:00:00Z')).toISOString());
  });
});

describe('--limit and mention ids', () => {
  it('take whole numbers that stay exact; larger ones are refused, not rounded', () => {
    expect(parseLimit('0')).toBe(0);
    expect(parseLimit(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    // Empty ones too ("$LIMIT" unset), and numbers written in ways nobody means as a count.
    for (const bad of ['99999999999999999999', String(Number.MAX_SAFE_INTEGER + 1), '-1', '1.5', 'ten', '', ' ', '0x10', '1e3']) {
      expect(() => parseLimit(bad), bad).toThrow(/^--limit: expected a whole number from 0 to 9007199254740991, got "/);
    }
    expect(parseId('42')).toBe(42);
    for (const bad of ['99999999999999999999', '0', '-3', 'x', '', '0x2a', '4.2e1']) {
      expect(() => parseId(bad), bad).toThrow(/^expected a mention id \(a whole number from 1 to 9007199254740991\), got "/);
    }
  });
});

describe('lists of names (--brand, --source)', () => {
  it('are repeatable and comma-separated; only empty values are refused, as they would select everything', () => {
    expect(splitList(['Ocado, Tesco', 'Lidl'], '--brand')).toEqual(['Ocado', 'Tesco', 'Lidl']);
    expect(splitList(undefined, '--brand')).toBeUndefined();
    for (const empty of [[''], [' '], [',', '']]) {
      expect(() => splitList(empty, '--source'), JSON.stringify(empty)).toThrow(/^--source: expected a name, got an empty value$/);
    }
  });

  it('keep a known name with a comma in it whole, in any case', () => {
    const known = ['Smith, Jones & Co', 'Ocado'];
    expect(splitList(['smith, jones & co', 'Ocado,Tesco'], '--brand', known)).toEqual(['smith, jones & co', 'Ocado', 'Tesco']);
    expect(splitList(['Smith, Jones & Co'], '--brand')).toEqual(['Smith', 'Jones & Co']);
  });
});
