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

/**
 * A brand the running totals do not know of, looked for in the mentions themselves: topics and
 * false positives are left out of the totals. One seek in the brand index.
 */
export function probeStoredBrand(db: Db, name: string): { name: string; competitor: boolean; topic: boolean } | undefined {
  const row = db
    .prepare(`SELECT brand, competitor, match_kind = 'topic' FROM mentions INDEXED BY mentions_brand_rank WHERE brand = ? COLLATE NOCASE LIMIT 1`)
    .raw()
    .get(name) as [string, number, number] | undefined;
  return row && { name: row[0], competitor: row[1] === 1, topic: row[2] === 1 };
}

/** Whether any post is stored under this source (one seek in the posts' unique index). */
export function probeStoredSource(db: Db, source: string): boolean {
  return db.prepare(`SELECT 1 FROM posts WHERE source = ? LIMIT 1`).get(source) !== undefined;
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
