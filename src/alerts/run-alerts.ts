import type { Config } from '../config/schema.js';
import type { HttpClient } from '../http/client.js';
import { newSpikes, planNotifications, queryWindowCounts } from '../store/notifications.js';
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
  /** When the scan began and when it stored what it found (the found_at of its mentions). */
  scan?: { startedAt: string; storedAt?: string };
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
    const plan = planNotifications(db, { receivers: receivers.map((r) => r.url), spikes, at: at.toISOString(), cooldownMinutes: settings.cooldown, foundAt });
    for (const r of plan.baselined) {
      const i = receivers.findIndex((x) => x.url === r);
      lines.push(`notify: first run for receiver ${i + 1} (${redactUrl(r)}): its backlog of urgent mentions recorded, not sent`);
    }
    const sent = await sendNotifications({ db, http, receivers, now });
    failures.push(...sent.failures);
    lines.push(`notify: ${sent.sent} sent${sent.failures.length ? `, ${sent.failures.length} failed (retried on the next scan)` : ''}`);
  }
  return {
    found: { urgent: own.filter((m) => !m.tagged).length, negative: own.length, spike: fresh.size },
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
