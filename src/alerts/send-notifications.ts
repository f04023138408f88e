import type { NotifyConfig } from '../config/schema.js';
import type { HttpClient } from '../http/client.js';
import { markNotification, pendingNotifications } from '../store/notifications.js';
import type { Db } from '../store/open-db.js';
import { receiverKey } from '../store/receiver-key.js';
import type { Spike } from './detect-spikes.js';

export interface SendInput {
  db: Db;
  http: HttpClient;
  receivers: NotifyConfig[];
  now: () => Date;
}

export interface SendResult {
  sent: number;
  /** One line per failed delivery; those stay pending and are retried on the next scan. */
  failures: string[];
}

/** Posts every pending notification; one failing receiver does not stop the others. */
export async function sendNotifications({ db, http, receivers, now }: SendInput): Promise<SendResult> {
  const result: SendResult = { sent: 0, failures: [] };
  for (const receiver of receivers) {
    for (const n of pendingNotifications(db, receiverKey(receiver.url))) {
      const body = receiver.format === 'slack' ? JSON.stringify({ text: slackText(JSON.parse(n.payload) as Alert) }) : n.payload;
      try {
        await http.request(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      } catch (err) {
        const message = redact((err as Error).message ?? String(err), receiver.url);
        // Recording the failure is for `earshot sources`-style diagnosis only: it may be skipped.
        record(db, n.id, { error: message }, 0);
        result.failures.push(`notification ${n.id} (${n.kind}) not delivered: ${message}`);
        continue;
      }
      // Delivered: a delivery not recorded is sent again, so another earshot's write lock (a
      // rematch, an import) is waited out for longer than usual before giving up.
      const failed = record(db, n.id, { sentAt: now().toISOString() }, RECORD_PATIENCE_MS);
      if (failed) result.failures.push(`notification ${n.id} (${n.kind}) delivered, but not recorded (${failed}): it will be sent again on the next scan`);
      else result.sent++;
    }
  }
  return result;
}

/** How long past the usual busy timeout a delivery's record waits for the write lock. */
const RECORD_PATIENCE_MS = 60_000;
const RECORD_RETRY_MS = 50;

/** Records an outcome, trying again while the database is busy for up to `patienceMs`; why not, when it could not. */
function record(db: Db, id: number, outcome: Parameters<typeof markNotification>[2], patienceMs: number): string | null {
  const until = Date.now() + patienceMs;
  for (;;) {
    try {
      markNotification(db, id, outcome);
      return null;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const busy = typeof code === 'string' && code.startsWith('SQLITE_BUSY');
      if (!busy) throw err;
      if (Date.now() >= until) return 'the database stayed busy';
      // Each attempt waits out the busy timeout, unless that is 0 (EARSHOT_BUSY_TIMEOUT): no spinning.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RECORD_RETRY_MS);
    }
  }
}

/** A webhook's path is its secret (Slack's are): error text keeps the host only. */
function redact(message: string, url: string): string {
  try {
    const u = new URL(url);
    return message.split(u.host + u.pathname).join(u.host).split(url).join(u.host);
  } catch {
    return message;
  }
}

type Alert =
  | ({ type: 'spike'; at: string } & Spike)
  | { type: 'mention'; id: number; brand: string; author: string | null; url: string | null; text: string; source: string };

/** Slack's mrkdwn needs &, < and > escaped; everything else is shown as written. */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackText(a: Alert): string {
  if (a.type === 'spike') {
    const what = a.kind === 'volume' ? `${a.value} mentions` : `${Math.round(a.value * 100)}% negative of ${a.mentions} mentions`;
    return slackEscape(`Spike for ${a.brand}: ${what} in the last window (mean ${a.mean}, sd ${a.sd}, threshold ${a.threshold})`);
  }
  const text = a.text.length > 300 ? `${a.text.slice(0, 299)}…` : a.text;
  return slackEscape(`Urgent ${a.brand} mention #${a.id} by ${a.author ?? 'someone'} on ${a.source}: ${text}${a.url ? ` ${a.url}` : ''}`);
}
