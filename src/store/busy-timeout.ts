import { UsageError } from '../errors.js';

/** Seconds earshot waits for another run's write lock before it gives up with exit 5. */
export const DEFAULT_BUSY_TIMEOUT_S = 10;

/** A day: SQLite takes the wait in milliseconds as a 32-bit number. */
const MAX_BUSY_TIMEOUT_S = 86_400;

/**
 * The wait for another earshot's write lock, in milliseconds: $EARSHOT_BUSY_TIMEOUT seconds when
 * set (a cron job beside a long import may wait longer; 0 gives up at once), else 10 s.
 */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['EARSHOT_BUSY_TIMEOUT'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_BUSY_TIMEOUT_S * 1000;
  const seconds = Number(raw);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || seconds > MAX_BUSY_TIMEOUT_S) {
    throw new UsageError(`EARSHOT_BUSY_TIMEOUT: expected the seconds to wait for another earshot's write lock (0 to ${MAX_BUSY_TIMEOUT_S}, such as 60), got "${raw}"`);
  }
  return Math.round(seconds * 1000);
}

/** The wait as the busy error says it: "10 s", "1.5 s". */
export function busyTimeoutText(): string {
  let ms: number;
  try {
    ms = busyTimeoutMs();
  } catch {
    ms = DEFAULT_BUSY_TIMEOUT_S * 1000;
  }
  return `${ms / 1000} s`;
}
