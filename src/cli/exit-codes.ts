/** Every exit code earshot uses; the README lists the same table. */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  PARTIAL: 3,
  ALERT: 4,
} as const;
