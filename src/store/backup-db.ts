import { existsSync, lstatSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { EarshotError, UsageError } from '../errors.js';
import { isFolder } from '../folders.js';
import { DATABASE_FILE_SUFFIXES, refusedTarget } from './db-files.js';
import { noDatabaseYet, openForReading } from './open-db.js';

export interface BackupDbInput {
  from: string;
  to: string;
}

export interface BackupResult {
  /** The copy's path: `to`, or a file in it when `to` is a folder. */
  to: string;
  pages: number;
}

/**
 * A consistent copy of a live database through SQLite's online backup API: scans may keep
 * writing meanwhile. Written beside the target and renamed when complete and checked, so a
 * backup cut short never leaves a half-written file under the target's name.
 */
export async function backupDb({ from, to }: BackupDbInput): Promise<BackupResult> {
  if (!existsSync(from)) throw noDatabaseYet(from);
  const target = targetFile(from, to);
  const partial = `${target}.partial`;
  const source = openForReading(from);
  try {
    removeWithSidecars(partial);
    const { totalPages } = await source.backup(partial);
    // Read-write, so that closing it removes the -wal and -shm files a WAL database gets when
    // opened: a read-only connection leaves them behind, beside the renamed copy.
    const copy = new Database(partial);
    try {
      const check = copy.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') throw new EarshotError(`${target}: the backup failed its check (${check}); the database itself may be damaged: run "earshot doctor"`);
    } finally {
      copy.close();
    }
    // An older copy's -wal and -shm would be replayed over the new one (a copy that was opened
    // and left by a crash): they go first, so the file renamed in is read as written.
    for (const suffix of DATABASE_FILE_SUFFIXES.filter((s) => s !== '')) rmSync(`${target}${suffix}`, { force: true });
    renameSync(partial, target);
    return { to: target, pages: totalPages };
  } catch (err) {
    removeWithSidecars(partial);
    throw writeError(err, target) ?? err;
  } finally {
    source.close();
  }
}

/** A failure to write the copy, named by the copy's path, not the database's. */
function writeError(err: unknown, target: string): EarshotError | undefined {
  const code = (err as { code?: unknown }).code;
  // Errors in reading (IOERR_READ, IOERR_SHORT_READ) are the database's own, told as such elsewhere.
  const writing = typeof code === 'string' && /^SQLITE_(CANTOPEN|READONLY|FULL|IOERR)/.test(code) && !/^SQLITE_IOERR_(SHORT_)?READ$/.test(code);
  if (!writing) return undefined;
  const problem = code.startsWith('SQLITE_FULL') ? 'the disk is full' : code.startsWith('SQLITE_IOERR') ? 'disk I/O error' : 'check the permissions of its folder';
  return new EarshotError(`cannot write the copy ${target} (${problem}); the database itself is untouched (${code})`);
}

/**
 * Where the copy goes: `to`, or, when `to` is a folder, a file in it named as the database (as
 * cp does). Refused before anything is written: the database itself, and a folder that does not
 * exist (a mistyped path would otherwise fail only after the whole copy).
 */
function targetFile(from: string, to: string): string {
  if (/[\\/]$/.test(to) && !isFolder(to)) throw new UsageError(`${to}: folder does not exist`);
  const target = realTarget(isFolder(to) ? join(to, basename(from)) : to, to);
  if (!isFolder(dirname(target))) throw new UsageError(`${to}: folder ${dirname(target)} does not exist`);
  const refused = refusedTarget(from, target, 'copy');
  if (refused) throw new UsageError(refused);
  return target;
}

/**
 * The copy is renamed into place, which would replace a symlink, a device or a named pipe with a
 * plain file (run as root, `backup /dev/full` replaced the device): through a link the file it
 * points at is replaced and the link kept; anything else that is not a file is refused.
 */
function realTarget(target: string, to: string): string {
  let stats;
  try {
    stats = lstatSync(target);
  } catch {
    return target;
  }
  if (stats.isSymbolicLink()) {
    try {
      return realTarget(realpathSync(target), to);
    } catch {
      throw new UsageError(`${to}: a symbolic link to nothing (or a loop); give the copy a file name`);
    }
  }
  if (!stats.isFile()) throw new UsageError(`${to}: not a file (a device, a pipe or a socket); give the copy a file name`);
  return target;
}

function removeWithSidecars(file: string): void {
  for (const suffix of DATABASE_FILE_SUFFIXES) rmSync(`${file}${suffix}`, { force: true });
}
