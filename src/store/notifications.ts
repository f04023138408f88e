import type { BrandWindows, Spike } from '../alerts/detect-spikes.js';
import type { Db } from './open-db.js';

/** A row of the notifications table that still has to go out. */
export interface PendingNotification {
  id: number;
  receiver: string;
  kind: 'mention' | 'spike';
  payload: string;
  attempts: number;
}

export interface WindowCountsInput {
  now: Date;
  windowMinutes: number;
  /** Windows before the current one. */
  baseline: number;
}

/**
 * Own-brand mentions per window, oldest first, the current window last; empty windows are zeros.
 * A baseline window that began before earshot was listening for the brand is null.
 */
export function queryWindowCounts(db: Db, { now, windowMinutes, baseline }: WindowCountsInput): BrandWindows[] {
  const windowMs = windowMinutes * 60_000;
  const from = new Date(now.getTime() - (baseline + 1) * windowMs).toISOString();
  const rows = db
    .prepare(
      `SELECT m.brand, m.created_at, m.sentiment FROM mentions m
       WHERE m.competitor = 0 AND m.match_kind != 'topic' AND m.verdict IS NOT 'false-positive' AND m.created_at >= ? AND m.created_at <= ?`,
    )
    .all(from, now.toISOString()) as { brand: string; created_at: string; sentiment: string }[];
  // Listening began with the first scan, and for a brand added later with the first mention found
  // of it. What a scan finds from before then (a source's backlog, an import) shows some of that
  // time, never all of it: a window there with nothing found is not known to be quiet.
  const firstScan = db.prepare(`SELECT MIN(started_at) FROM scans`).pluck().get() as string | null;
  const brands = db.prepare(`SELECT brand, found_at AS first_found FROM brand_first_found`).all() as { brand: string; first_found: string }[];
  const out = new Map(
    brands.map(({ brand, first_found }) => {
      const since = Math.max(Date.parse(firstScan ?? first_found), Date.parse(first_found));
      const windows = Array.from({ length: baseline + 1 }, (_, i) => {
        const start = now.getTime() - (baseline + 1 - i) * windowMs;
        return i < baseline && start < since ? null : { total: 0, negative: 0 };
      });
      return [brand, windows];
    }),
  );
  for (const r of rows) {
    const ago = Math.floor((now.getTime() - Date.parse(r.created_at)) / windowMs);
    if (ago < 0 || ago > baseline) continue;
    const w = out.get(r.brand)?.[baseline - ago];
    if (!w) continue;
    w.total++;
    if (r.sentiment === 'negative') w.negative++;
  }
  return [...out].map(([brand, windows]) => ({ brand, windows }));
}

/** Open, negative, untagged mentions of own brands: nobody else has seen them and they hurt. */
const URGENT = `m.status = 'open' AND m.competitor = 0 AND m.sentiment = 'negative' AND m.tagged = 0
  AND m.match_kind != 'topic' AND m.verdict IS NOT 'false-positive'`;

export interface PlanInput {
  receivers: string[];
  spikes: Spike[];
  at: string;
  cooldownMinutes: number;
  /** The found_at of what this scan stored: sent even to a receiver seen for the first time. */
  foundAt?: string;
}

export interface PlanResult {
  /** Receivers seen for the first time: what is there now was recorded, not sent. */
  baselined: string[];
}

/**
 * Records, per receiver, every urgent mention and spike not yet recorded for it, in one
 * transaction. A receiver's first time records the urgent mentions not stored by this very scan
 * as already known (a first scan must not flood a channel with the backlog).
 */
export function planNotifications(db: Db, { receivers, spikes, at, cooldownMinutes, foundAt }: PlanInput): PlanResult {
  const known = db.prepare(`SELECT 1 FROM notifications WHERE receiver = ? LIMIT 1`);
  const urgent = db.prepare(
    `SELECT m.id, m.post_pk, m.brand, m.sentiment, m.priority, m.created_at, m.found_at, p.author, p.url, p.text, p.source
     FROM mentions m JOIN posts p ON p.pk = m.post_pk
     WHERE ${URGENT} AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.receiver = ? AND n.kind = 'mention' AND n.key = m.post_pk || ':' || m.brand)
     ORDER BY m.priority DESC, m.created_at`,
  );
  const insert = db.prepare(
    `INSERT INTO notifications (receiver, kind, key, brand, payload, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (receiver, kind, key) DO NOTHING`,
  );
  const recentSpike = db.prepare(
    `SELECT 1 FROM notifications WHERE receiver = ? AND kind = 'spike' AND brand = ? AND key LIKE ? AND created_at > ? LIMIT 1`,
  );
  const coolFrom = new Date(Date.parse(at) - cooldownMinutes * 60_000).toISOString();
  // Deliveries still pending for a webhook no longer configured (its URL was changed): a webhook
  // seen for the first time takes them over, sends them instead of recording them as known, and
  // they are then closed for the old one, so a later change of URL does not send them again.
  const current = JSON.stringify(receivers);
  const orphaned = `kind = 'mention' AND sent_at IS NULL AND receiver != '' AND receiver NOT IN (SELECT value FROM json_each(?))`;
  const orphanedKeys = db.prepare(`SELECT key FROM notifications WHERE ${orphaned}`).pluck();
  const handOver = db.prepare(`UPDATE notifications SET sent_at = ?, last_error = 'handed over to a webhook configured since' WHERE ${orphaned}`);
  const run = db.transaction((): PlanResult => {
    const baselined: string[] = [];
    const takenOver = new Set(orphanedKeys.all(current) as string[]);
    for (const receiver of receivers) {
      const first = !known.get(receiver);
      if (first) {
        baselined.push(receiver);
        insert.run(receiver, 'baseline', 'first-scan', null, '{}', at, at);
      }
      for (const m of urgent.all(receiver) as Record<string, string | number | null>[]) {
        const payload = {
          type: 'mention',
          id: m.id,
          brand: m.brand,
          sentiment: m.sentiment,
          priority: m.priority,
          created_at: m.created_at,
          source: m.source,
          author: m.author,
          url: m.url,
          text: m.text,
        };
        // A first time records the backlog as known; what this very scan found still goes out,
        // and so does what a webhook no longer configured never delivered.
        const key = `${m.post_pk}:${m.brand}`;
        const known = first && m.found_at !== foundAt && !takenOver.has(key);
        insert.run(receiver, 'mention', key, m.brand, JSON.stringify(payload), at, known ? at : null);
      }
      if (first) continue;
      for (const s of spikes) {
        if (recentSpike.get(receiver, s.brand, `${s.brand}:${s.kind}:%`, coolFrom)) continue;
        insert.run(receiver, 'spike', `${s.brand}:${s.kind}:${at}`, s.brand, JSON.stringify({ type: 'spike', at, ...s }), at, null);
      }
    }
    if (baselined.length > 0 && takenOver.size > 0) handOver.run(at, current);
    return { baselined };
  });
  return run.immediate();
}

/** Spikes are recorded for the exit code under this receiver, which no webhook URL can be. */
const EXIT_CODE_RECEIVER = '';

/**
 * The spikes not already raised within the cooldown, recorded as raised: `--fail-on spike`
 * trips once for a spike, not on every scan while it lasts (webhooks have the same cooldown).
 */
export function newSpikes(db: Db, { spikes, at, cooldownMinutes }: Pick<PlanInput, 'spikes' | 'at' | 'cooldownMinutes'>): Spike[] {
  const coolFrom = new Date(Date.parse(at) - cooldownMinutes * 60_000).toISOString();
  const recent = db.prepare(
    `SELECT 1 FROM notifications WHERE receiver = ? AND kind = 'spike' AND brand = ? AND key LIKE ? AND created_at > ? LIMIT 1`,
  );
  const record = db.prepare(
    `INSERT INTO notifications (receiver, kind, key, brand, payload, created_at, sent_at) VALUES (?, 'spike', ?, ?, '{}', ?, ?)
     ON CONFLICT (receiver, kind, key) DO NOTHING`,
  );
  return db.transaction(() =>
    spikes.filter((s) => {
      if (recent.get(EXIT_CODE_RECEIVER, s.brand, `${s.brand}:${s.kind}:%`, coolFrom)) return false;
      record.run(EXIT_CODE_RECEIVER, `${s.brand}:${s.kind}:${at}`, s.brand, at, at);
      return true;
    }),
  ).immediate();
}

/**
 * What is still to go out to a receiver. A mention's alert waits while it is no longer urgent:
 * one answered, ignored or marked a false positive after a delivery failed is not news to anyone
 * (it goes out if the mention is reopened). Its key is `post_pk:brand`, the mention's unique key.
 */
export function pendingNotifications(db: Db, receiver: string): PendingNotification[] {
  return db
    .prepare(
      `SELECT n.id, n.receiver, n.kind, n.payload, n.attempts FROM notifications n
       WHERE n.receiver = ? AND n.sent_at IS NULL
         AND (n.kind != 'mention' OR EXISTS (
           SELECT 1 FROM mentions m
           WHERE m.post_pk = CAST(substr(n.key, 1, instr(n.key, ':') - 1) AS INTEGER) AND m.brand = substr(n.key, instr(n.key, ':') + 1) AND ${URGENT}))
       ORDER BY n.id`,
    )
    .all(receiver) as PendingNotification[];
}

export function markNotification(db: Db, id: number, outcome: { sentAt: string } | { error: string }): void {
  if ('sentAt' in outcome) {
    db.prepare(`UPDATE notifications SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`).run(outcome.sentAt, id);
  } else {
    db.prepare(`UPDATE notifications SET attempts = attempts + 1, last_error = ? WHERE id = ?`).run(outcome.error, id);
  }
}

/** Of the mentions with ids in [from, to), how many are urgent as stored (a reply by the brand in the same scan closed some). */
export function countUrgent(db: Db, { from, to }: { from: number; to: number }): number {
  return db.prepare(`SELECT COUNT(*) FROM mentions m WHERE m.id >= ? AND m.id < ? AND ${URGENT}`).pluck().get(from, to) as number;
}
