import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

/** "… is a file, not a folder" when a folder on the way to `path` is a file (mkdir said EEXIST or ENOTDIR). */
export function notAFolder(path: string): string | undefined {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    let stat;
    try {
      stat = statOrNull(dir);
    } catch {
      // Not allowed in, a loop of links: the caller's own error says more.
      return undefined;
    }
    if (stat === 'not a folder on the way') continue;
    if (stat) return stat.isDirectory() ? undefined : `${dir} is a file, not a folder`;
  }
  return undefined;
}

/**
 * mkdir -p, one folder at a time from the deepest that exists: Node's recursive mkdirSync
 * spins forever where mkdir answers ENOENT, as under /proc.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; statOrNull(d) === null && d !== dirname(d); d = dirname(d)) missing.push(d);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      // Another run made it a moment ago.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !isFolder(d)) throw err;
    }
  }
}

function statOrNull(path: string): Stats | null | 'not a folder on the way' {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'not a folder on the way';
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Whether `path` is a folder (through links); false where it cannot be told. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
