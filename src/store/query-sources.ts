import type { Cursor } from '../types.js';
import type { Db } from './open-db.js';

/** What the database knows about one source: its health, where it stopped, what it stored. */
export interface SourceState {
  source: string;
  cursor: Cursor | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  posts: number;
  /** Channels of its stored posts, most posts first. */
  channels: string[];
}

/** Every source with a state row or stored posts, by name. */
export function querySourceStates(db: Db): Map<string, SourceState> {
  const states = new Map<string, SourceState>();
  const stateOf = (source: string) => {
    let state = states.get(source);
    if (!state) {
      state = { source, cursor: null, lastSuccessAt: null, lastError: null, lastErrorAt: null, posts: 0, channels: [] };
      states.set(source, state);
    }
    return state;
  };
  const rows = db
    .prepare(`SELECT source, cursor, last_success_at, last_error, last_error_at FROM source_state`)
    .all() as { source: string; cursor: string | null; last_success_at: string | null; last_error: string | null; last_error_at: string | null }[];
  for (const r of rows) {
    Object.assign(stateOf(r.source), {
      cursor: parseCursor(r.cursor),
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
    });
  }
  const counts = db
    .prepare(`SELECT source, channel, COUNT(*) AS n FROM posts GROUP BY source, channel ORDER BY n DESC, channel`)
    .all() as { source: string; channel: string; n: number }[];
  for (const c of counts) {
    const state = stateOf(c.source);
    state.posts += c.n;
    state.channels.push(c.channel);
  }
  return states;
}

/** A cursor some older earshot wrote in another shape is shown as missing, not a crash. */
function parseCursor(text: string | null): Cursor | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Cursor) : null;
  } catch {
    return null;
  }
}
