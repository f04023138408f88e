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
  /** Chunks that may wait for analysis at once: 0 in this thread, enough to keep workers busy. */
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
 * Analysis spread over `jobs` threads in all: this one reads and stores, the others analyse, as
 * analysis is most of an import's work. One job analyses here, as before. Each worker loads its
 * own rules and dictionaries (~70 MB for five languages), so the default stays at two.
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

function workerPool(input: AnalyzerInput, count: number): ChunkAnalyzer {
  const workers = Array.from({ length: count }, () => new AnalysisWorker(input));
  let next = 0;
  return {
    analyze(posts) {
      const worker = workers[next]!;
      next = (next + 1) % workers.length;
      return worker.analyze(posts);
    },
    // Each worker has the chunk it analyses and the next one queued, so it never waits for this
    // thread to store.
    depth: 2 * count,
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
  private readonly waiting: Waiting[] = [];
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
      const w = this.waiting.shift();
      if (this.waiting.length === 0) this.worker.unref();
      if ('error' in m) w?.reject(m.error);
      else w?.resolve(m.items);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the analysis thread stopped (exit code ${code})`));
    });
  }

  analyze(posts: Post[]): Promise<AnalyzedPost[]> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
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
    for (const w of this.waiting.splice(0)) w.reject(this.failed);
    this.worker.unref();
  }
}
