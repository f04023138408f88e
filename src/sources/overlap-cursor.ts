import { isObject } from './is-object.js';

/** Ids remembered from the overlap window; the store skips anything older that comes back. */
const MAX_RECENT_IDS = 1000;

/**
 * Where a search left off. Search indexes lag, so the next scan asks again from `newest` minus an
 * overlap and drops the ids it already returned: a post indexed late is still found, none twice.
 */
export type OverlapCursor = {
  /** Newest creation time seen, ISO-8601. */
  newest: string;
  /** Ids created inside the overlap window before `newest`, with their creation time. */
  recent: Record<string, string>;
};

export interface OverlapItem {
  id: string;
  /** ISO-8601. */
  createdAt: string;
}

export interface SearchStartInput {
  now: Date;
  /** How far back a first scan looks. */
  lookbackMs: number;
  overlapMs: number;
}

/** When the next search should start: a first scan looks back, later ones overlap the last. */
export function searchStart(cursor: OverlapCursor | null, { now, lookbackMs, overlapMs }: SearchStartInput): Date {
  return cursor ? new Date(Date.parse(cursor.newest) - overlapMs) : new Date(now.getTime() - lookbackMs);
}

export function isSeen(cursor: OverlapCursor | null, id: string): boolean {
  return cursor !== null && Object.hasOwn(cursor.recent, id);
}

/** The cursor after a scan that found `items`; null while nothing was ever found. */
export function advanceCursor(
  previous: OverlapCursor | null,
  items: OverlapItem[],
  overlapMs: number,
): OverlapCursor | null {
  const byId = new Map(Object.entries(previous?.recent ?? {}));
  for (const item of items) byId.set(item.id, item.createdAt);
  let newestMs = previous ? Date.parse(previous.newest) : -Infinity;
  for (const at of byId.values()) newestMs = Math.max(newestMs, Date.parse(at));
  if (!Number.isFinite(newestMs)) return null;
  const recent = [...byId]
    .filter(([, at]) => Date.parse(at) >= newestMs - overlapMs)
    .sort((a, b) => Date.parse(b[1]) - Date.parse(a[1]))
    .slice(0, MAX_RECENT_IDS);
  return { newest: new Date(newestMs).toISOString(), recent: Object.fromEntries(recent) };
}

/** A stored cursor as written by advanceCursor, or null for anything else. */
export function readOverlapCursor(value: unknown): OverlapCursor | null {
  if (!isObject(value) || typeof value['newest'] !== 'string' || Number.isNaN(Date.parse(value['newest']))) return null;
  const recent = isObject(value['recent']) ? value['recent'] : {};
  const entries = Object.entries(recent).filter((e): e is [string, string] => typeof e[1] === 'string');
  return { newest: value['newest'], recent: Object.fromEntries(entries) };
}
