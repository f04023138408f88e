import { EarshotError } from '../errors.js';
import type { MentionStatus } from '../types.js';
import type { Db } from './open-db.js';

export type Verdict = 'relevant' | 'false-positive';

export interface MarkInput {
  ids: number[];
  status?: MentionStatus;
  verdict?: Verdict;
  /** A name to assign to; empty string unassigns. */
  assign?: string;
  note?: string;
  actor: string | null;
  at: string;
}

/**
 * Records decisions about mentions: the mention's current state and one history row per change,
 * all in one transaction. Unknown ids fail the whole call before anything is written.
 */
export function markMentions(db: Db, input: MarkInput): number {
  const find = db.prepare(`SELECT id, post_pk, brand, status, verdict, assigned_to FROM mentions WHERE id = ?`);
  const event = db.prepare(
    `INSERT INTO mention_events (post_pk, brand, at, actor, action, value, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const run = db.transaction(() => {
    const rows = input.ids.map((id) => {
      const row = find.get(id) as { id: number; post_pk: number; brand: string; status: MentionStatus; verdict: Verdict | null; assigned_to: string | null } | undefined;
      if (!row) throw new EarshotError(`no mention with id ${id}`);
      return row;
    });
    for (const row of rows) {
      const log = (action: string, value: string | null) =>
        event.run(row.post_pk, row.brand, input.at, input.actor, action, value, input.note ?? null);
      // A mark that changes nothing (--responded twice) adds nothing to the history; its note does.
      let changed = false;
      if (input.status && input.status !== row.status) {
        db.prepare(`UPDATE mentions SET status = ? WHERE id = ?`).run(input.status, row.id);
        log('status', input.status);
        changed = true;
      }
      if (input.verdict && input.verdict !== row.verdict) {
        db.prepare(`UPDATE mentions SET verdict = ? WHERE id = ?`).run(input.verdict, row.id);
        log('verdict', input.verdict);
        changed = true;
      }
      if (input.assign !== undefined && (input.assign || null) !== row.assigned_to) {
        db.prepare(`UPDATE mentions SET assigned_to = ? WHERE id = ?`).run(input.assign || null, row.id);
        log('assign', input.assign || null);
        changed = true;
      }
      if (!changed && input.note) log('note', null);
    }
    return rows.length;
  });
  return run.immediate();
}

/** One change recorded about a mention: by whom, when, what, and the note given with it. */
export interface MentionEvent {
  at: string;
  actor: string | null;
  action: 'status' | 'verdict' | 'assign' | 'note';
  value: string | null;
  note: string | null;
}

/** A mention's history, oldest first: marks by people and replies by the brand's own handles. */
export function queryMentionHistory(db: Db, id: number): MentionEvent[] {
  return db
    .prepare(
      `SELECT e.at, e.actor, e.action, e.value, e.note FROM mention_events e JOIN mentions m ON m.post_pk = e.post_pk AND m.brand = e.brand
       WHERE m.id = ? ORDER BY e.at, e.id`,
    )
    .all(id) as MentionEvent[];
}
