import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The files of one SQLite database: the file itself, and beside it its WAL, shared memory and journal. */
export const DATABASE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/** A path as the file it names: symlinks followed where it, or else its folder, exists. */
function real(path: string): string {
  try {
    if (existsSync(path)) return realpathSync(path);
    const folder = dirname(resolve(path));
    return existsSync(folder) ? join(realpathSync(folder), basename(path)) : resolve(path);
  } catch {
    // A descriptor with no path behind it (/dev/fd/N of a pipe or an event queue): not a database file.
    return resolve(path);
  }
}

/**
 * Which of database `db`'s files writing `target` would overwrite, however either is named
 * (relative, through a symlink): '' for the database itself, else the suffix of the file SQLite
 * keeps beside it; null for none of them.
 */
export function databaseFileAt(db: string, target: string): (typeof DATABASE_FILE_SUFFIXES)[number] | null {
  const file = real(db);
  const written = real(target);
  return DATABASE_FILE_SUFFIXES.find((suffix) => real(file + suffix) === written) ?? null;
}

/** Why `target` may not take a `what` (a copy, an output) of database `db`; null when it may. */
export function refusedTarget(db: string, target: string, what: string): string | null {
  const suffix = databaseFileAt(db, target);
  if (suffix === null) return null;
  return `${target} is ${suffix === '' ? 'the database itself' : `the database's own ${suffix} file`}; give the ${what} another name`;
}
