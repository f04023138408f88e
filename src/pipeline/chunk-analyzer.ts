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

/**
 * Analysis spread over `jobs` threads in all: this one reads and stores and analyses what the
 * others leave, as analysis is most of an import's work. One job analyses here alone. Each thread
 * that analyses loads its own rules and dictionaries (~70 MB for five languages).
 */
export function analyzeInThreads(input: AnalyzerInput, jobs: number): ChunkAnalyzer {
  let chosen: ChunkAnalyzer | undefined;
  return {
    analyze(posts, more) {
      chosen ??= jobs > 1 && more ? workerPool(input, jobs - 1) : analyzeHere(createAnalyzer(input));
      return chosen.analyze(posts, more);
    },
    get depth() {
      return chosen?.depth ?? 0;
    },
    close: () => chosen?.close() ?? Promise.resolve(),
  };
}

/**
 * Built to dist/pipeline/ beside this file; named from the package root so that tests running
 * this module from src/ start the same built worker.
 */
const WORKER_FILE = new URL('../../dist/pipeline/analyze-worker.js', import.meta.url);

/**
 * Chunks go to the worker with the fewest waiting, while it has fewer than two (the one it
 * analyses and the next, so it never waits for this thread); past that this thread analyses the
 * chunk itself, so that `jobs` threads all analyse when reading and storing leave time for it
 * (rematch, whose writes are few, or a slow worker). It loads its own rules and dictionaries
 * the first time it helps.
 */
function workerPool(input: AnalyzerInput, count: number): ChunkAnalyzer {
  const workers = Array.from({ length: count }, () => new AnalysisWorker(input));
  let here: ChunkAnalyzer | undefined;
  return {
    analyze(posts, more) {
      const idlest = workers.reduce((a, b) => (b.waiting < a.waiting ? b : a));
      if (idlest.waiting < 2) return idlest.analyze(posts);
      here ??= analyzeHere(createAnalyzer(input));
      return here.analyze(posts, more);
    },
    // Enough to fill every worker and give this thread one of its own.
    depth: 2 * count + 1,
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

  constructor({ brands, topics, languages }: AnalyzerInput) {
    this.worker = new Worker(WORKER_FILE, {
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
      this.queue.push({ resolve, reject });
      // Held only while it owes an answer: a caller awaiting one must not see the process end.
      this.worker.ref();
      this.worker.postMessage(posts);
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
