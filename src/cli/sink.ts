import { createWriteStream, lstatSync, readlinkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { EarshotError, fileErrorMessage, UsageError } from '../errors.js';
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
  const target = resolveOutput(path);
  if (target.direct) return streamSink(createWriteStream(path, { flags: target.direct }), path, () => undefined);
  const temp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
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
      renameSync(temp, target.path);
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

/** A file descriptor's name: /dev/stdout, /dev/fd/3, /proc/self/fd/1. */
const DESCRIPTOR = /^\/(?:dev\/(?:std(?:out|err)|fd\/\d+)|proc\/[^/]+\/fd\/\d+)$/;

/**
 * Where `--out` writes. An open descriptor (reached by name or through links) is appended to as
 * it is: through it, renaming would replace what it leads to (the log a cron job's stdout goes
 * to), and truncating it would clear that log. A device, a pipe or a socket is written to as it
 * is. Otherwise the file is replaced by rename: the file a symlink points at, even one not there yet.
 */
function resolveOutput(path: string): { path: string; direct?: 'a' | 'w' } {
  let hop = resolve(path);
  for (let links = 0; links < 40; links++) {
    if (DESCRIPTOR.test(hop)) return { path, direct: 'a' };
    let next: string;
    try {
      if (!lstatSync(hop).isSymbolicLink()) break;
      next = resolve(dirname(hop), readlinkSync(hop));
    } catch {
      break;
    }
    hop = next;
  }
  try {
    return statSync(hop).isFile() ? { path: realpathSync(hop) } : { path, direct: 'w' };
  } catch {
    // Not there yet: written where its name, or the link standing for it, says.
    return { path: hop };
  }
}

/** A write stream as a Sink; `finish` runs once it is complete and closed. */
function streamSink(stream: Writable, path: string, finish: () => void): Sink {
  // The reason ("ENOENT: no such file or directory"), without the temporary name Node adds.
  const cannotWrite = (err: unknown) => new EarshotError(`${path}: cannot write: ${fileErrorMessage(err)}`);
  let failure: Error | undefined;
  stream.on('error', (err) => (failure ??= err));
  const opened = new Promise<void>((resolve) => {
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
      if (!failure) await new Promise<void>((resolve) => stream.end(resolve));
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
