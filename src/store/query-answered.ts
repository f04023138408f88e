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

  // SQLite's percentile_disc(Y, P) is the value at index floor(P × (n − 1)); nearest rank is at
  // ceil(0.9 × n) − 1. So each group gets the P that lands there (the half keeps the floor clear
  // of rounding), joined in brand by brand.
  const groups = [...totals].map(([key, { n }]) => {
    const rank = Math.max(1, Math.ceil(0.9 * n));
    return [...key.split('\u0000'), n === 1 ? 1 : Math.min(1, (rank - 0.5) / (n - 1))];
  });
  const spread = db
    .prepare(
      `WITH grp(brand, segment, p) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
       SELECT g.brand, g.segment, median(m.response_ms) AS medianMs, percentile_disc(m.response_ms, g.p) AS p90Ms
       FROM grp g JOIN mentions m INDEXED BY mentions_answered
         ON m.brand = g.brand AND (g.segment = 'all' OR m.tagged = (g.segment = 'tagged'))
       WHERE ${answered} GROUP BY g.brand, g.segment`,
    )
    .all(JSON.stringify(groups), since) as { brand: string; segment: AnsweredStats['segment']; medianMs: number; p90Ms: number }[];
  return spread.map((s) => {
    const t = totals.get(`${s.brand}\u0000${s.segment}`)!;
    return { brand: s.brand, segment: s.segment, medianMinutes: s.medianMs / 60_000, p90Minutes: s.p90Ms / 60_000, answered: t.n, withinSla: t.within };
  });
}

