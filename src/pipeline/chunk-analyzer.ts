import { Worker } from 'node:worker_threads';
import type { Post } from '../types.js';
import { createAnalyzer, type AnalyzedPost, type Analyzer, type AnalyzerInput } from './analyze.js';

/**
 * Analyses posts a chunk at a time, for a bulk import: in this thread, or in worker threads
 * while this one reads and stores. Results come back in the order the chunks were given.
 */
export interface ChunkAnalyzer {
  /**
   * The chunk's posts analysed. `more` says whether more chunks follow: an input of one chunk
   * is analysed in this thread, where a worker would cost more to start than it saves.
   */
  analyze(posts: Post[], more: boolean): Promise<AnalyzedPost[]>;
  /** Chunks that may wait for analysis at once: 0 in this thread, enough to keep every thread busy. */
  readonly depth: number;
  /** Stops the workers; idle ones never keep the process alive meanwhile. */
  close(): Promise<void>;
}

/**
 * Text given for analysis and not yet stored, with workers: past it a caller stores what is
 * analysed before giving more, so chunks of long texts (e-mails) wait in fewer numbers.
 */
export const MAX_WAITING_CHARS = 16_000_000;

/** An analyzer of this thread, chunk by chunk. */
export function analyzeHere(analyzer: Analyzer | Promise<Analyzer>): ChunkAnalyzer {
  return {
    async analyze(posts) {
      const ready = await analyzer;
      await ready.prepare(posts);
      return posts.map((p) => ready.analyze(p));
    },
    depth: 0,
    close: async () => {},
  };
}

export interface ThreadOptions {
  /**
   * Whether this thread also analyses the chunks that find every worker busy: right where it
   * would otherwise wait (rematch), not where reading and storing keep it busy (import, which
   * would gain little for a second copy of the dictionaries).
   */
  helpHere?: boolean;
  /** The worker's script (tests start one that fails). */
  workerFile?: URL;
}

/**
 * Analysis spread over `jobs` threads in all: this one reads and stores (and, with `helpHere`,
 * analyses what the others leave); one job analyses here alone. Each thread that analyses loads
 * its own rules and dictionaries (~70 MB for five languages). Workers start with the first input
 * of more than one chunk (a later file of an import, too).
 */
export function analyzeInThreads(input: AnalyzerInput, jobs: number, options: ThreadOptions = {}): ChunkAnalyzer {
  let here: ChunkAnalyzer | undefined;
  const analyzeHereNow = () => (here ??= analyzeHere(createAnalyzer(input)));
  let pool: ChunkAnalyzer | undefined;
  return {
    analyze(posts, more) {
      if (jobs > 1 && (pool || more)) pool ??= workerPool(input, jobs - 1, options.helpHere ? analyzeHereNow : undefined, options.workerFile ?? WORKER_FILE);
      return (pool ?? analyzeHereNow()).analyze(posts, more);
    },
    get depth() {
      return pool?.depth ?? 0;
    },
    close: () => pool?.close() ?? Promise.resolve(),
  };
}

/**
 * Built to dist/pipeline/ beside this file; named from the package root so that tests running
 * this module from src/ start the same built worker.
 */
const WORKER_FILE = new URL('../../dist/pipeline/analyze-worker.js', import.meta.url);

/**
 * Chunks go to the worker with the fewest waiting. Each is given two (the one it analyses and
 * the next, so it never waits for this thread); past that, `here` (when given) analyses the chunk
 * in this thread, else it waits in the least busy worker's queue.
 */
function workerPool(input: AnalyzerInput, count: number, here: (() => ChunkAnalyzer) | undefined, file: URL): ChunkAnalyzer {
  const workers = Array.from({ length: count }, () => new AnalysisWorker(input, file));
  return {
    analyze(posts, more) {
      const idlest = workers.reduce((a, b) => (b.waiting < a.waiting ? b : a));
      return idlest.waiting < 2 || !here ? idlest.analyze(posts) : here().analyze(posts, more);
    },
    // Enough to fill every worker, and to give this thread one of its own when it helps.
    depth: 2 * count + (here ? 1 : 0),
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

interface Waiting {
  resolve(items: AnalyzedPost[]): void;
  reject(err: unknown): void;
}

class AnalysisWorker {
  private readonly worker: Worker;
  private readonly queue: Waiting[] = [];
  private failed: unknown;
  private closed = false;

  constructor({ brands, topics, languages }: AnalyzerInput, file: URL) {
    this.worker = new Worker(file, {
      // The rules alone: a config's sources and secrets stay in this thread.
      workerData: { brands, topics, languages },
      // What analysis allocates dies with its post: a small young generation holds it as well
      // and keeps ~25 MB off the peak (same speed, measured with `npm run bench`).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    this.worker.unref();
    this.worker.on('message', (m: { items: AnalyzedPost[] } | { error: unknown }) => {
      const w = this.queue.shift();
      if (this.queue.length === 0) this.worker.unref();
      if ('error' in m) w?.reject(m.error);
      else w?.resolve(m.items);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('messageerror', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the analysis thread stopped (exit code ${code})`));
    });
  }

  /** Chunks given and not yet answered. */
  get waiting(): number {
    return this.queue.length;
  }

  analyze(posts: Post[]): Promise<AnalyzedPost[]> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      // Queued once sent: a chunk that cannot be sent is refused, and owes no answer.
      this.worker.postMessage(posts);
      this.queue.push({ resolve, reject });
      // Held only while it owes an answer: a caller awaiting one must not see the process end.
      this.worker.ref();
    });
  }

  close(): Promise<unknown> {
    this.closed = true;
    this.fail(new Error('the analysis thread stopped'));
    return this.worker.terminate();
  }

  private fail(err: unknown): void {
    this.failed ??= err;
    for (const w of this.queue.splice(0)) w.reject(this.failed);
    this.worker.unref();
  }
}
