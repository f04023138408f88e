import type { SlaTargets } from '../triage/sla.js';
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
 * Median, p90 (nearest rank) and answers within target, per own brand and segment. Each brand's
 * answered mentions of the period are read from the index mentions_answered (migration 12), by
 * date, so a day or a week reads only its own mentions, not the brand's whole history; each is
 * one number (response time, channel and tagged packed together), sorted here. They come over as
 * one JSON array per brand: a row per number costs better-sqlite3 more than the read itself
 * (the read alone, for a month of 1M mentions: 65 → 48 ms).
 */
export function queryAnsweredStats({ db, since, targets, own }: QueryAnsweredInput): AnsweredStats[] {
  const brands = [...new Set(own.map((r) => r.brand))];
  if (brands.length === 0) return [];
  // response_ms: whole milliseconds, kept by a trigger; exact, so the median of two is exact too.
  // Channels by their place in the list of those the period has (own covers every answered one).
  const channels = [...new Set(own.map((r) => r.channel))];
  const codes = channels.length;
  const channelCode = `CASE m.channel ${channels.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END`;
  const packed = db
    .prepare(
      `SELECT json_group_array((m.response_ms * ${codes} + ${channelCode}) * 2 + m.tagged)
       FROM mentions m INDEXED BY mentions_answered
       WHERE m.brand = ? AND m.created_at >= ? AND m.channel IN (${channels.map(() => '?').join(', ')}) AND m.response_ms IS NOT NULL
         AND m.competitor = 0 AND ${reportable('m')} AND m.status != 'ignored'`,
    )
    .pluck();
  return brands.flatMap((brand) => {
    // Packed, response time leads: sorting the numbers sorts by response time.
    const values = Float64Array.from(JSON.parse(packed.get(...channels, brand, since, ...channels) as string) as number[]).sort();
    const limits = channels.map((c) => targets(brand, c) * 60_000);
    return segmentStats(brand, values, codes, limits);
  });
}

const SEGMENTS = ['all', 'tagged', 'untagged'] as const;

/**
 * The figures of one brand's answered mentions, given in response-time order, packed as above:
 * a pass for counts, then the values at the ranks wanted, which for all answers are positions in
 * the array and for tagged and untagged a second pass finds. Segments by index: all, tagged, untagged.
 */
function segmentStats(brand: string, values: Float64Array, codes: number, limits: readonly number[]): AnsweredStats[] {
  const msOf = (v: number) => Math.floor((v - (v % 2)) / 2 / codes);
  const count = [values.length, 0, 0];
  const within = [0, 0, 0];
  for (const v of values) {
    const tagged = v % 2;
    const rest = (v - tagged) / 2;
    const ms = Math.floor(rest / codes);
    const segment = 2 - tagged;
    count[segment]!++;
    if (ms <= limits[rest - ms * codes]!) {
      within[0]!++;
      within[segment]!++;
    }
  }
  // Per segment, the ranks wanted: the median's one or two, and p90's by nearest rank.
  const ranks = count.map((n) => [Math.floor((n - 1) / 2), Math.floor(n / 2), Math.ceil(0.9 * n) - 1] as const);
  const found = ranks.map((wanted, i) => (i === 0 ? wanted.map((rank) => msOf(values[rank] ?? 0)) : [0, 0, 0]));
  const seen = [0, 0, 0];
  for (const v of values) {
    const segment = 2 - (v % 2);
    const rank = seen[segment]!++;
    const [lower, upper, p90] = ranks[segment]!;
    if (rank === lower) found[segment]![0] = msOf(v);
    if (rank === upper) found[segment]![1] = msOf(v);
    if (rank === p90) found[segment]![2] = msOf(v);
  }
  return SEGMENTS.flatMap((segment, i) => {
    if (count[i] === 0) return [];
    const [lower, upper, p90] = found[i] as [number, number, number];
    return [{ brand, segment, medianMinutes: (lower + upper) / 2 / 60_000, p90Minutes: p90 / 60_000, answered: count[i]!, withinSla: within[i]! }];
  });
}
