import { UsageError } from '../errors.js';
import type { MentionRow } from '../store/query-mentions.js';

/**
 * The machine-format columns of list and export, in order. Scripts depend on these names and
 * this order: add new columns at the end, never rename or reorder.
 */
const BASE_COLUMNS = [
  'id',
  'created_at',
  'source',
  'channel',
  'brand',
  'competitor',
  'match_kind',
  'matched',
  'tagged',
  'sentiment',
  'sentiment_score',
  'language',
  'priority',
  'status',
  'author',
  'author_followers',
  'url',
  'text',
] as const satisfies readonly (keyof MentionRow)[];

/** Triage: minutes since the post, SLA state, minutes to the first response. */
const SLA_COLUMNS = ['age_minutes', 'sla_state', 'first_response_minutes'] as const satisfies readonly (keyof MentionRow)[];

export const MENTION_COLUMNS = [...BASE_COLUMNS, ...SLA_COLUMNS] as const;

/** `show` adds how the match was made. */
export const DETAIL_COLUMNS = [
  ...BASE_COLUMNS,
  'variant',
  'distance',
  'span_start',
  'span_end',
  'title',
  'native_id',
  'found_at',
  'verdict',
  'assigned_to',
  ...SLA_COLUMNS,
  'first_response_at',
] as const satisfies readonly (keyof MentionRow)[];

/** `--fields a,b,c`: a subset of `allowed`, in the order given; an unknown name is a usage error. */
export function parseFields<C extends string>(value: string, allowed: readonly C[]): C[] {
  const names = value.split(',').map((v) => v.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(allowed as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const what = names.length === 0 ? 'expected at least one column' : `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`;
    throw new UsageError(`--fields: ${what}; valid: ${allowed.join(', ')}`);
  }
  // A column twice would be two CSV columns but one JSON key: the formats would disagree.
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`--fields: "${twice}" is given twice`);
  return names as C[];
}

export type Cell = string | number | boolean | null;
export type OutputRecord = Record<string, Cell>;

export function toRecord(row: MentionRow, columns: readonly (keyof MentionRow)[]): OutputRecord {
  const out: OutputRecord = {};
  for (const c of columns) out[c] = row[c] as Cell;
  return out;
}
