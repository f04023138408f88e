/** Every exit code earshot uses; the README lists the same table. */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  PARTIAL: 3,
  ALERT: 4,
  /** Another earshot held the database's write lock past the busy timeout: safe to retry. */
  BUSY: 5,
} as const;
