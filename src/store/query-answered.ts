import type { SlaTargets } from '../triage/sla.js';
import type { Channel } from '../types.js';
import type { Db } from './open-db.js';
import { type AnsweredStats, type CountRow, reportable } from './report-rows.js';

export interface QueryAnsweredInput {
  db: Db;
  since: string;
  targets: SlaTargets;
  /** The own brands' counts in the period: which brands and channels to look at. */
  own: readonly CountRow[];
}

/**
 * Median, p90 (nearest rank) and answers within target, per own brand and segment, computed in
 * SQLite: the answered mentions of a busy period number in the hundreds of thousands.
 */
export function queryAnsweredStats({ db, since, targets, own }: QueryAnsweredInput): AnsweredStats[] {
  const brands = [...new Set(own.map((r) => r.brand))];
  if (brands.length === 0) return [];
  // response_ms: whole milliseconds, kept by a trigger; exact, so the median of two is exact too.
  const answered = `m.response_ms IS NOT NULL AND m.competitor = 0 AND ${reportable('m')} AND m.created_at >= ? AND m.status != 'ignored'`;

  // One pass for the counts: per brand, tagged and channel, answered within each distinct target.
  const limits = [...new Set(own.map((r) => targets(r.brand, r.channel)))];
  const counted = db
    .prepare(
      `SELECT m.brand, m.tagged, m.channel, COUNT(*) AS n, ${limits.map((_, i) => `SUM(m.response_ms <= ?) AS w${i}`).join(', ')}
       FROM json_each(?) b JOIN mentions m INDEXED BY mentions_answered ON m.brand = b.value
       WHERE ${answered} GROUP BY m.brand, m.tagged, m.channel`,
    )
    .all(...limits.map((l) => l * 60_000), JSON.stringify(brands), since) as ({ brand: string; tagged: number; channel: Channel; n: number } & Record<string, number>)[];
  const totals = new Map<string, { n: number; within: number }>();
  for (const c of counted) {
    const within = c[`w${limits.indexOf(targets(c.brand, c.channel))}`] ?? 0;
    for (const segment of ['all', c.tagged ? 'tagged' : 'untagged']) {
      const key = `${c.brand}\u0000${segment}`;
      const t = totals.get(key) ?? { n: 0, within: 0 };
      t.n += c.n;
      t.within += within;
      totals.set(key, t);
    }
  }

  // Median and p90 (nearest rank: index ceil(0.9 n) - 1) by rank: the answered mentions in
  // response-time order (index mentions_response), read at that rank, with SQLite stepping over the
  // rows before it inside the index instead of collecting and sorting them all (~3× faster on a
  // million mentions). The counts n come from the pass above, over the same rows.
  const byRank = db
    .prepare(`SELECT m.response_ms FROM mentions m INDEXED BY mentions_response WHERE m.brand = ? AND ${answered} ORDER BY m.response_ms LIMIT ? OFFSET ?`)
    .pluck();
  const byRankTagged = db
    .prepare(
      `SELECT m.response_ms FROM mentions m INDEXED BY mentions_response WHERE m.brand = ? AND ${answered} AND m.tagged = ? ORDER BY m.response_ms LIMIT ? OFFSET ?`,
    )
    .pluck();
  const valuesAt = (brand: string, segment: AnsweredStats['segment'], count: number, offset: number): number[] =>
    (segment === 'all' ? byRank.all(brand, since, count, offset) : byRankTagged.all(brand, since, segment === 'tagged' ? 1 : 0, count, offset)) as number[];
  const spread = [...totals].map(([key, { n }]) => {
    const [brand, segment] = key.split('\u0000') as [string, AnsweredStats['segment']];
    const middle = valuesAt(brand, segment, 2, Math.floor((n - 1) / 2));
    const medianMs = n % 2 === 1 ? middle[0]! : (middle[0]! + middle[1]!) / 2;
    const p90Ms = valuesAt(brand, segment, 1, Math.ceil(0.9 * n) - 1)[0]!;
    return { brand, segment, medianMs, p90Ms };
  });
  return spread.map((s) => {
    const t = totals.get(`${s.brand}\u0000${s.segment}`)!;
    return { brand: s.brand, segment: s.segment, medianMinutes: s.medianMs / 60_000, p90Minutes: s.p90Ms / 60_000, answered: t.n, withinSla: t.within };
  });
}

