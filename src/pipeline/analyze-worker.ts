// A worker thread that analyses chunks of posts for another thread (chunk-analyzer.ts): it
// compiles the rules and loads the dictionaries itself, then answers each chunk in turn.
import { parentPort, workerData } from 'node:worker_threads';
import type { Post } from '../types.js';
import { createAnalyzer, type AnalyzerInput } from './analyze.js';

const port = parentPort!;
const analyzer = createAnalyzer(workerData as AnalyzerInput);
// A failure to start is told in answer to each chunk, not as an unhandled rejection.
analyzer.catch(() => {});
// Chunks are answered in the order they came: one at a time, as preparing one may wait.
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (posts: Post[]) => {
  queue = queue.then(async () => {
    try {
      const ready = await analyzer;
      await ready.prepare(posts);
      port.postMessage({ items: posts.map((p) => ready.analyze(p)) });
    } catch (err) {
      port.postMessage({ error: err instanceof Error ? err : new Error(String(err)) });
    }
  });
});
