import { UsageError } from '../errors.js';
import type { SentimentLabel } from '../types.js';

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `7d`, `30m`, `2w` before now, or an ISO-8601 date or time; returns ISO-8601 UTC. */
export function parseSince(value: string, now: Date): string {
  const rel = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNITS_MS[rel[2]!.toLowerCase()]!).toISOString();
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (date) {
    const t = Date.parse(value);
    // Date.parse rolls 2026-02-30 over into March; a day the month does not have is a typo.
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12) throw new UsageError(`--since: ${date[0]} is not a date (there is no month ${month})`);
    if (day < 1 || day > days) throw new UsageError(`--since: ${date[0]} is not a date (that month has ${days} days)`);
    if (Number.isFinite(t) && t > now.getTime()) throw new UsageError(`--since: ${value} is in the future; give a time before now (${now.toISOString()})`);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  throw new UsageError(`--since: expected a duration like 24h, 7d, 2w or an ISO date, got "${value}"`);
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
  const n = Number(value);
  // Past 2^53 a number is no longer exact, and SQLite refuses it as a LIMIT.
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--limit: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${value}"`);
  return n;
}

export function parseId(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`expected a mention id (a whole number from 1 to ${Number.MAX_SAFE_INTEGER}), got "${value}"`);
  return n;
}

/** Repeatable and comma-separated: `--brand a --brand b` or `--brand a,b`. */
export function splitList(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
