import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isObject } from './is-object.js';
import { cannotReadFile } from './source-errors.js';

/** A file a local source reads, with what tells a later scan whether it changed. */
export interface LocalFile {
  path: string;
  /** Name relative to the configured path's folder: stable as a cursor key. */
  key: string;
  size: number;
  mtimeMs: number;
}

/** Size and mtime of every file when last read, by key: unchanged files are skipped. */
export type FileStamps = Record<string, { size: number; mtimeMs: number }>;

/** Bytes checked for NUL when telling text from binary files. */
const SNIFF_BYTES = 8192;

/**
 * The file at `root`, whatever its name, or the files directly inside the folder `root` whose
 * extension is listed, sorted by name. Hidden files are left alone.
 */
export async function listLocalFiles(root: string, extensions: ReadonlySet<string>): Promise<LocalFile[]> {
  const stats = await stat(root).catch((err: unknown) => {
    throw cannotReadFile(root, err);
  });
  if (!stats.isDirectory()) return [{ path: root, key: path.basename(root), size: stats.size, mtimeMs: stats.mtimeMs }];

  const entries = await readdir(root, { withFileTypes: true }).catch((err: unknown) => {
    throw cannotReadFile(root, err);
  });
  const names = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && extensions.has(path.extname(e.name).toLowerCase()))
    .map((e) => e.name)
    .sort();
  const files: LocalFile[] = [];
  for (const name of names) {
    const file = path.join(root, name);
    const s = await stat(file).catch((err: unknown) => {
      throw cannotReadFile(file, err);
    });
    files.push({ path: file, key: name, size: s.size, mtimeMs: s.mtimeMs });
  }
  return files;
}

export function isUnchanged(stamps: FileStamps, file: LocalFile): boolean {
  const seen = stamps[file.key];
  return seen !== undefined && seen.size === file.size && seen.mtimeMs === file.mtimeMs;
}

/** Stamps for the files there now: files since deleted drop out of the cursor. */
export function stampFiles(files: LocalFile[]): FileStamps {
  return Object.fromEntries(files.map((f) => [f.key, { size: f.size, mtimeMs: f.mtimeMs }]));
}

export function readFileStamps(value: unknown): FileStamps {
  if (!isObject(value)) return {};
  const stamps: FileStamps = {};
  for (const [key, v] of Object.entries(value)) {
    if (isObject(v) && typeof v['size'] === 'number' && typeof v['mtimeMs'] === 'number') {
      stamps[key] = { size: v['size'], mtimeMs: v['mtimeMs'] };
    }
  }
  return stamps;
}

/** Text files, whatever their charset, have no NUL bytes; images, archives and .msg files do. */
export function looksBinary(data: Buffer): boolean {
  return data.subarray(0, SNIFF_BYTES).includes(0);
}
