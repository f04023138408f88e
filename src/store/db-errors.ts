import { EXIT } from '../cli/exit-codes.js';
import { EarshotError } from '../errors.js';
import { busyTimeoutText } from './busy-timeout.js';

/**
 * SQLite failures a user can act on, as one line each: the problem, then what it left. Every
 * write is one transaction, so `unchanged` can promise that what was stored before is intact; a
 * command that commits in steps (import) says instead what its earlier steps stored.
 */
const DB_PROBLEMS: { prefix: string; problem: string; unchanged?: string; exitCode: number }[] = [
  {
    prefix: 'SQLITE_BUSY',
    problem: 'database is busy: another earshot has been writing to it for more than {wait}',
    unchanged: '; nothing was changed, try again',
    exitCode: EXIT.BUSY,
  },
  { prefix: 'SQLITE_FULL', problem: 'database or disk is full', unchanged: ': nothing from this run was stored; free some space and run again', exitCode: EXIT.FAILURE },
  {
    prefix: 'SQLITE_READONLY',
    problem: 'database is read-only (check the permissions of the file and its folder)',
    unchanged: ': nothing from this run was stored',
    exitCode: EXIT.FAILURE,
  },
  {
    // The index of the write-ahead log beside the database: a commit can fail so after its data
    // reached the disk (SQLITE_IOERR_SHMSIZE), so nothing is promised.
    prefix: 'SQLITE_IOERR_SHM',
    problem: 'cannot write the database (disk I/O error: is the disk full or the file too large?)',
    unchanged: ': its last write may or may not have been stored (see what was, once the disk is fixed)',
    exitCode: EXIT.FAILURE,
  },
  {
    prefix: 'SQLITE_IOERR',
    problem: 'cannot write the database (disk I/O error: is the disk full or the file too large?)',
    unchanged: ': nothing from this run was stored',
    exitCode: EXIT.FAILURE,
  },
  { prefix: 'SQLITE_CANTOPEN', problem: 'cannot open the database file (check the path and the permissions of its folder)', exitCode: EXIT.FAILURE },
  { prefix: 'SQLITE_CORRUPT', problem: 'the database file is corrupt: run "earshot doctor", restore a backup', exitCode: EXIT.FAILURE },
  { prefix: 'SQLITE_NOTADB', problem: 'the file is not an earshot database (not SQLite)', exitCode: EXIT.FAILURE },
];

/**
 * A SQLite error as an EarshotError with a clear message, or undefined for anything else.
 * Checked by name, not instanceof, so cli/main.ts need not load better-sqlite3 to report errors.
 */
export function describeDbError(err: unknown, path?: string, storedBefore?: string): EarshotError | undefined {
  if (!(err instanceof Error) || err.name !== 'SqliteError') return undefined;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  const found = DB_PROBLEMS.find((p) => code.startsWith(p.prefix));
  if (!found) return undefined;
  const outcome = storedBefore === undefined ? (found.unchanged ?? '') : `; ${storedBefore}`;
  const problem = found.problem.replace('{wait}', busyTimeoutText());
  return new EarshotError(`${path ? `${path}: ` : ''}${problem}${outcome} (${code})`, found.exitCode);
}
