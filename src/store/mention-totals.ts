import type { Db } from './open-db.js';

/**
 * The running totals of new mentions (mention_counts, author_totals and mention_totals,
 * migrations 6, 7 and 12), added for many rows at once. Triggers still keep the totals exact
 * through updates and deletes; inserts are counted here, as a trigger per inserted row cost about
 * a fifth of storing an import.
 */
export interface PendingTotals {
  /**
   * Counts the mentions inserted since the last call (ids above the highest counted: SQLite gives
   * a new row a higher id than any row in the table). Call before updating or deleting a mention
   * that may be new, whose update triggers would otherwise move counts it was never added to, and
   * before the inserting transaction commits.
   */
  flush(): void;
  /**
   * Counts one mention that rematch gave back its old id (migration 14), which may be below the
   * ids counted so far. Call right after inserting it.
   */
  addRestored(id: number): void;
}

/** Starts counting at the mentions stored so far; use inside the transaction that inserts. */
export function pendingTotals(db: Db): PendingTotals {
  const lastId = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM mentions`).pluck();
  const above = countsOf(db, 'id > ?');
  const one = countsOf(db, 'id = ?');
  let counted = lastId.get() as number;
  return {
    flush() {
      const last = lastId.get() as number;
      if (last <= counted) return;
      for (const add of above) add.run(counted);
      counted = last;
    },
    addRestored(id) {
      // One above those counted (the newest, given back) is counted by the next flush.
      if (id <= counted) for (const add of one) add.run(id);
    },
  };
}

/** Statements that add the mentions `which` picks (an id bound) to each of the running totals. */
function countsOf(db: Db, which: 'id > ?' | 'id = ?') {
  // The WHERE clauses keep SQLite from reading ON CONFLICT as a join constraint.
  return [
    db.prepare(
      `INSERT INTO mention_counts
         SELECT COALESCE(date(created_at), substr(created_at, 1, 10)), brand, competitor, source, channel, sentiment, tagged, status,
                assigned_to IS NOT NULL, COUNT(*)
         FROM mentions WHERE ${which} AND verdict IS NOT 'false-positive' AND match_kind != 'topic'
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    ),
    // All time, from the same new mentions' counts per day: the rows just added cannot be told
    // from the earlier ones in mention_counts, so they are grouped again here.
    db.prepare(
      `INSERT INTO mention_totals
         SELECT status, competitor, brand, source, channel, sentiment, tagged, assigned_to IS NOT NULL, COUNT(*)
         FROM mentions WHERE ${which} AND verdict IS NOT 'false-positive' AND match_kind != 'topic'
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    ),
    db.prepare(
      `INSERT INTO author_totals
         SELECT author, COUNT(*) FROM mentions
         WHERE ${which} AND competitor = 0 AND author IS NOT NULL
         GROUP BY author
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    ),
  ];
}
