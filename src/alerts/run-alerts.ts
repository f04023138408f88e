import type { Config } from '../config/schema.js';
import type { HttpClient } from '../http/client.js';
import { countUrgent, newSpikes, planNotifications, queryWindowCounts } from '../store/notifications.js';
import { receiverKey } from '../store/receiver-key.js';
import type { Db } from '../store/open-db.js';
import type { ScoredMention } from '../types.js';
import { detectSpikes, type Spike } from './detect-spikes.js';
import { sendNotifications } from './send-notifications.js';

export interface RunAlertsInput {
  config: Config;
  db: Db;
  http: HttpClient;
  now: () => Date;
  notify: boolean;
  /** What this scan stored, for --fail-on urgent and negative. */
  newMentions: ScoredMention[];
  /**
   * When the scan began, when it stored what it found (the found_at of its mentions), and the ids
   * those mentions took.
   */
  scan?: { startedAt: string; storedAt?: string; newMentionIds?: { from: number; to: number } };
  /**
   * Record the spikes found as raised, so that --fail-on spike trips once per spike: only when
   * this run can trip it (asked for, and the scan did not fail outright).
   */
  raiseSpikes?: boolean;
}

export interface AlertsResult {
  found: { urgent: number; negative: number; spike: number };
  spikes: Spike[];
  failures: string[];
  /** Lines for stdout: spikes with their numbers, and what was sent. */
  summary: string;
}

/** After a scan: detect spikes, record and send notifications, count what --fail-on looks at. */
export async function runAlerts({ config, db, http, now, notify, newMentions, scan, raiseSpikes = false }: RunAlertsInput): Promise<AlertsResult> {
  const settings = config.alerts ?? { window: 60, baseline: 24, k: 3, minMentions: 5, cooldown: 360 };
  const at = now();
  const spikes = detectSpikes(queryWindowCounts(db, { now: at, windowMinutes: settings.window, baseline: settings.baseline }), settings);
  const own = newMentions.filter((m) => !m.competitor && m.kind !== 'topic' && m.sentiment === 'negative');
  const fresh = new Set(raiseSpikes ? newSpikes(db, { spikes, at: at.toISOString(), cooldownMinutes: settings.cooldown }) : spikes);
  const lines = spikes.map(
    (s) =>
      `spike: ${s.brand} ${s.kind === 'volume' ? `${s.value} mentions` : `negative share ${s.value}`} in the last ${settings.window}m ` +
      `(mean ${s.mean}, sd ${s.sd}, threshold ${s.threshold}, k ${settings.k})${fresh.has(s) ? '' : '; raised before, within the cooldown'}`,
  );
  const failures: string[] = [];
  if (notify && config.notify?.length) {
    const receivers = config.notify;
    // A receiver added to a database already scanned gets what this scan found; on the first
    // scan of all, everything found is the backlog.
    const scannedBefore = scan !== undefined && db.prepare(`SELECT 1 FROM scans WHERE started_at < ? LIMIT 1`).get(scan.startedAt) !== undefined;
    const foundAt = scannedBefore ? scan?.storedAt : undefined;
    const keys = receivers.map((r) => receiverKey(r.url));
    const plan = planNotifications(db, { receivers: keys, spikes, at: at.toISOString(), cooldownMinutes: settings.cooldown, foundAt });
    for (const key of plan.baselined) {
      const i = keys.indexOf(key);
      lines.push(`notify: first run for receiver ${i + 1} (${redactUrl(receivers[i]!.url)}): its backlog of urgent mentions recorded, not sent`);
    }
    const sent = await sendNotifications({ db, http, receivers, now });
    failures.push(...sent.failures);
    lines.push(`notify: ${sent.sent} sent${sent.failures.length ? `, ${sent.failures.length} failed (retried on the next scan)` : ''}`);
  }
  // Urgent as stored: a reply by the brand's own handle in the same scan has already closed some.
  const urgent = scan?.newMentionIds ? countUrgent(db, scan.newMentionIds) : own.filter((m) => !m.tagged).length;
  return {
    found: { urgent, negative: own.length, spike: fresh.size },
    spikes,
    failures,
    summary: lines.length ? `${lines.join('\n')}\n` : '',
  };
}

/** Webhook URLs carry their secret in the path: show the host only. */
function redactUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'webhook';
  }
}
