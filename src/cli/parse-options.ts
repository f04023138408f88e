import { UsageError } from '../errors.js';
import type { SentimentLabel } from '../types.js';

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `7d`, `30m`, `2w` before now, or an ISO-8601 date or time; returns ISO-8601 UTC. */
export function parseSince(value: string, now: Date): string {
  const rel = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNITS_MS[rel[2]!.toLowerCase()]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
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
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--limit: expected a whole number, got "${value}"`);
  return n;
}

export function parseId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`expected a mention id (a positive whole number), got "${value}"`);
  return n;
}

/** Repeatable and comma-separated: `--brand a --brand b` or `--brand a,b`. */
export function splitList(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
