import { createWriteStream, lstatSync, readlinkSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { EarshotError, fileErrorMessage, UsageError } from '../errors.js';
import { notAFolder } from '../folders.js';
import { refusedTarget } from '../store/db-files.js';
import { stdoutGone } from './output.js';

/** Where long output goes, a piece at a time, at the pace the reader takes it. */
export interface Sink {
  /** Resolves once the text is taken; false when the reader is gone and nothing more is wanted. */
  write(text: string): Promise<boolean>;
  /** Finishes the output: a file is complete on disk, under its name, only after this. */
  close(): Promise<void>;
  /** Gives up: a file being written is removed, the one it would replace left as it was. */
  abort(): void;
}

/** Waits while the stream's buffer is full, so memory stays flat however much is written. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', fail);
      resolve();
    };
    const fail = (err: Error) => {
      stream.off('drain', done).off('close', done).off('error', fail);
      reject(err);
    };
    stream.on('drain', done).on('close', done).on('error', fail);
  });
}

/** stdout; a closed pipe (`earshot export | head`) ends the output quietly. */
export function stdoutSink(): Sink {
  return {
    async write(text) {
      if (stdoutGone()) return false;
      // The EPIPE that ends a pipe is handled by output.ts; here it only ends the wait.
      if (!process.stdout.write(text)) await drained(process.stdout).catch(() => undefined);
      return !stdoutGone();
    },
    async close() {},
    abort() {},
  };
}

/**
 * A file written under a temporary name beside it and renamed into place when complete: a cron
 * job that dies half-way, or a full disk, never leaves a half-written export where the last good
 * one was. Through a symlink, the file it points at is the one replaced (the link stays); a
 * device, a named pipe or a socket (/dev/null, a FIFO another program reads) is written to as it
 * is, since renaming over it would replace it with a plain file.
 */
export function fileSink(path: string): Sink {
  // "out/" names a folder: written as a file called "out", the export was not where it was looked for.
  if (/[\\/]$/.test(path)) throw new UsageError(`${path}: names a folder; give --out a file name, such as ${join(path, 'mentions.csv')}`);
  const target = resolveOutput(path);
  if ('fd' in target) return streamSink(createWriteStream(path, { fd: target.fd, autoClose: false }), path, () => undefined);
  if ('direct' in target) return streamSink(createWriteStream(path, { flags: target.direct }), path, () => undefined);
  const temp = join(dirname(target.file), `.${basename(target.file)}.${process.pid}.tmp`);
  // An interrupted run (Ctrl-C, a cron timeout) leaves no temporary file behind.
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(temp, { force: true });
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  const stopWatching = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  const sink = streamSink(createWriteStream(temp, { flags: 'wx' }), path, () => {
    try {
      renameSync(temp, target.file);
    } finally {
      rmSync(temp, { force: true });
    }
  });
  return {
    write: (text) => sink.write(text),
    async close() {
      try {
        await sink.close();
      } catch (err) {
        rmSync(temp, { force: true });
        throw err;
      } finally {
        stopWatching();
      }
    },
    abort() {
      sink.abort();
      rmSync(temp, { force: true });
      stopWatching();
    },
  };
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A descriptor's name: /dev/stdout, /dev/stderr, /dev/fd/3. */
const DESCRIPTOR = /^\/dev\/(?:(stdout)|(stderr)|fd\/(\d+))$/;
/** The folder of a process's descriptors, as realpath gives it: /proc/123/fd, /proc/123/task/123/fd. */
const DESCRIPTOR_FOLDER = /^\/proc\/(\d+)(?:\/task\/\d+)?\/fd$/;

/** Where `--out` writes: a descriptor of this process, another open descriptor, or a file. */
type Output = { fd: number } | { direct: 'a' | 'w' } | { file: string };

/**
 * Where `--out` writes. A descriptor of this process (/dev/stdout, /dev/fd/3, reached by name or
 * through links) is written through, sharing its offset with whatever else writes there (stderr
 * sent to the same file); another process's is appended to. Through either, renaming would
 * replace what it leads to (the log a cron job's stdout goes to). A device, a pipe or a socket is
 * written to as it is. Otherwise the file is replaced by rename: the file a symlink points at,
 * even one not there yet, each link followed as the system follows it.
 */
function resolveOutput(path: string): Output {
  let hop = resolve(path);
  for (let links = 0; links <= 40; links++) {
    const named = DESCRIPTOR.exec(hop);
    if (named) return { fd: named[1] ? 1 : named[2] ? 2 : Number(named[3]) };
    const folder = realFolder(dirname(hop));
    hop = join(folder, basename(hop));
    const inProc = DESCRIPTOR_FOLDER.exec(folder);
    if (inProc && /^\d+$/.test(basename(hop))) return Number(inProc[1]) === process.pid ? { fd: Number(basename(hop)) } : { direct: 'a' };
    let stats;
    try {
      stats = lstatSync(hop);
    } catch (err) {
      // Not there yet: written where its name, or the link standing for it, says.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file: hop };
      throw cannotWriteError(path, err);
    }
    if (!stats.isSymbolicLink()) return stats.isFile() ? { file: hop } : { direct: 'w' };
    hop = resolve(folder, readlinkSync(hop));
  }
  throw new EarshotError(`${path}: cannot write: too many symbolic links (a loop?)`);
}

/** Why `path` cannot be written: which folder on the way is a file, when that is the reason. */
function cannotWriteError(path: string, err: unknown): EarshotError {
  const file = (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? notAFolder(path) : undefined;
  return new EarshotError(`${path}: cannot write: ${file ?? fileErrorMessage(err)}`);
}

/** A folder as the system reaches it (links in it followed); as given when it is not there. */
function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/** A write stream as a Sink; `finish` runs once it is complete and closed. */
function streamSink(stream: Writable, path: string, finish: () => void): Sink {
  // The reason ("ENOENT: no such file or directory"), without the temporary name Node adds.
  const cannotWrite = (err: unknown) => cannotWriteError(path, err);
  let failure: Error | undefined;
  stream.on('error', (err) => (failure ??= err));
  // A stream given a descriptor is open already, and says nothing.
  const opened =
    typeof (stream as Writable & { fd?: unknown }).fd === 'number'
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          stream.once('open', () => resolve());
          stream.once('error', () => resolve());
        });
  return {
    async write(text) {
      await opened;
      if (failure) throw cannotWrite(failure);
      if (!stream.write(text)) await drained(stream).catch((err: unknown) => (failure ??= err as Error));
      if (failure) throw cannotWrite(failure);
      return true;
    },
    async close() {
      await opened;
      // end's callback gets the error of a last write that failed (a full disk), which the
      // 'error' event only brings later: taken from there, not reported as done.
      if (!failure) {
        await new Promise<void>((resolve) =>
          stream.end((err?: Error | null) => {
            if (err) failure ??= err;
            resolve();
          }),
        );
      }
      if (failure) throw cannotWrite(failure);
      try {
        finish();
      } catch (err) {
        throw cannotWrite(err);
      }
    },
    abort() {
      stream.destroy();
    },
  };
}

/** `--out FILE` as a path, or undefined for stdout: "-" names stdout, as it does for input. */
export function outPath(out: string | undefined): string | undefined {
  return out === '-' ? undefined : out;
}

/** Refuses an output that would overwrite the database it was read from (or a file SQLite keeps beside it). */
export function refuseDatabaseAsOutput(dbPath: string, out: string | undefined): void {
  const refused = out === undefined ? null : refusedTarget(dbPath, out, 'output');
  if (refused) throw new UsageError(refused);
}
