import type { Db } from './open-db.js';

export interface StoredNames {
  /** Every brand with mentions stored, and whether it is a competitor. */
  brands: { name: string; competitor: boolean }[];
  sources: string[];
}

/** The brands and sources the database holds mentions of, from the running totals (a few rows). */
export function queryStoredNames(db: Db): StoredNames {
  const rows = db.prepare(`SELECT DISTINCT brand, competitor, source FROM mention_totals WHERE n > 0`).raw().all() as [string, number, string][];
  const brands = new Map<string, boolean>();
  for (const [brand, competitor] of rows) brands.set(brand, competitor === 1);
  return {
    brands: [...brands].map(([name, competitor]) => ({ name, competitor })),
    sources: [...new Set(rows.map((r) => r[2]))],
  };
}

/** Which of these posts of a source are stored already: what a dry run would not store again. */
export function queryStoredPostIds(db: Db, source: string, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = db
    .prepare(`SELECT native_id FROM posts WHERE source = ? AND native_id IN (SELECT value FROM json_each(?))`)
    .pluck()
    .all(source, JSON.stringify(ids)) as string[];
  return new Set(rows);
}
