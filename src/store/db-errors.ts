import { EXIT } from '../cli/exit-codes.js';
import { EarshotError } from '../errors.js';

/**
 * SQLite failures a user can act on, as one line each. Every write is one transaction, so each
 * message can promise that what was stored before is intact.
 */
const DB_PROBLEMS: { prefix: string; message: string; exitCode: number }[] = [
  {
    prefix: 'SQLITE_BUSY',
    message: 'database is busy: another earshot has been writing to it for more than 10 s; nothing was changed, try again',
    exitCode: EXIT.BUSY,
  },
  { prefix: 'SQLITE_FULL', message: 'database or disk is full: nothing from this run was stored; free some space and run again', exitCode: EXIT.FAILURE },
  {
    prefix: 'SQLITE_READONLY',
    message: 'database is read-only (check the permissions of the file and its folder): nothing from this run was stored',
    exitCode: EXIT.FAILURE,
  },
  {
    prefix: 'SQLITE_IOERR',
    message: 'cannot write the database (disk I/O error: is the disk full or the file too large?): nothing from this run was stored',
    exitCode: EXIT.FAILURE,
  },
  {
    prefix: 'SQLITE_CANTOPEN',
    message: 'cannot open the database file (check the path and the permissions of its folder)',
    exitCode: EXIT.FAILURE,
  },
  { prefix: 'SQLITE_CORRUPT', message: 'the database file is corrupt: run "earshot doctor", restore a backup', exitCode: EXIT.FAILURE },
  { prefix: 'SQLITE_NOTADB', message: 'the file is not an earshot database (not SQLite)', exitCode: EXIT.FAILURE },
];

/**
 * A SQLite error as an EarshotError with a clear message, or undefined for anything else.
 * Checked by name, not instanceof, so cli/main.ts need not load better-sqlite3 to report errors.
 */
export function describeDbError(err: unknown, path?: string): EarshotError | undefined {
  if (!(err instanceof Error) || err.name !== 'SqliteError') return undefined;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  const problem = DB_PROBLEMS.find((p) => code.startsWith(p.prefix));
  if (!problem) return undefined;
  return new EarshotError(`${path ? `${path}: ` : ''}${problem.message} (${code})`, problem.exitCode);
}
