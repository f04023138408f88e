import { UsageError } from '../errors.js';
import type { SentimentLabel } from '../types.js';

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `24h`, `7d`, `30m`, `2w` before now, or an ISO-8601 date or time, UTC unless it gives an offset
 * (as every time earshot prints is); returns ISO-8601 UTC.
 */
export function parseSince(value: string, now: Date): string {
  const rel = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (rel) {
    const t = now.getTime() - Number(rel[1]) * UNITS_MS[rel[2]!.toLowerCase()]!;
    if (Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS) return new Date(t).toISOString();
    throw new UsageError(`--since: ${value.trim()} reaches before any date there is`);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value.trim());
  if (!iso) throw new UsageError(`--since: expected a duration like 24h, 7d, 2w or an ISO date, got "${value}"`);
  const [, year, month, day, hour, minute, offset] = iso;
  // Date.parse rolls 2026-02-30 and T24:00 over into the next day: a typo, refused instead.
  const days = daysInMonth(Number(year), Number(month));
  if (Number(month) < 1 || Number(month) > 12) throw new UsageError(`--since: ${year}-${month}-${day} is not a date (there is no month ${Number(month)})`);
  if (Number(day) < 1 || Number(day) > days) throw new UsageError(`--since: ${year}-${month}-${day} is not a date (that month has ${days} days)`);
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59)) throw new UsageError(`--since: ${hour}:${minute} is not a time of day`);
  const text = value.trim().replace(' ', 'T');
  const t = Date.parse(hour !== undefined && !offset ? `${text}Z` : text);
  if (!Number.isFinite(t)) throw new UsageError(`--since: expected a duration like 24h, 7d, 2w or an ISO date, got "${value}"`);
  if (t > now.getTime()) throw new UsageError(`--since: ${value.trim()} is in the future (times without an offset are UTC; it is now ${now.toISOString()})`);
  return new Date(t).toISOString();
}

/** The largest time a Date holds: ±8.64e15 ms around 1970. */
const MAX_TIME_MS = 8.64e15;

function daysInMonth(year: number, month: number): number {
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

const SENTIMENTS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function parseSentiments(values: string[] | undefined): SentimentLabel[] | undefined {
  if (!values) return undefined;
  const out = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase());
  for (const v of out) {
    if (!SENTIMENTS.includes(v as SentimentLabel)) {
      throw new UsageError(`--sentiment: expected negative, neutral or positive, got "${v}"`);
    }
  }
  return out as SentimentLabel[];
}

export function parseLimit(value: string): number {
  // Digits only: Number() reads "" and " " as 0, and "0x10" and "1e3" as numbers nobody typed.
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  // Past 2^53 a number is no longer exact, and SQLite refuses it as a LIMIT.
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--limit: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${value}"`);
  return n;
}

/** Threads for a bulk command: from 1 (all in one) to a bound that keeps memory sane. */
export function parseJobs(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_JOBS)) throw new UsageError(`--jobs: expected a whole number from 1 to ${MAX_JOBS}, got "${value}"`);
  return n;
}

/** Each analysing thread holds its own rules and dictionaries (~100 MB with five languages). */
const MAX_JOBS = 16;

export function parseId(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`expected a mention id (a whole number from 1 to ${Number.MAX_SAFE_INTEGER}), got "${value}"`);
  return n;
}

/**
 * Repeatable and comma-separated: `--brand a --brand b` or `--brand a,b`. Given only empty
 * values (`--source "$UNSET"`), the option is refused: read as no filter, it would select all.
 */
export function splitList(values: string[] | undefined, option: string, whole: readonly string[] = []): string[] | undefined {
  // A name that holds a comma ("Smith, Jones & Co") is taken whole where it is one of `whole`.
  const kept = new Set(whole.map((n) => n.trim().toLowerCase()));
  const names = values?.flatMap((v) => (kept.has(v.trim().toLowerCase()) ? [v] : v.split(','))).map((v) => v.trim()).filter(Boolean);
  if (names?.length === 0) throw new UsageError(`${option}: expected a name, got an empty value`);
  return names;
}
