import { afterEach, describe, expect, it } from 'vitest';
import { createAnalyzer, type AnalyzerInput } from '../../src/pipeline/analyze.js';
import { analyzeHere, analyzeInThreads, type ChunkAnalyzer } from '../../src/pipeline/chunk-analyzer.js';
import type { Post } from '../../src/types.js';
import { makeBrand, makePost } from '../helpers/builders.js';

// Worker threads run the built dist/pipeline/analyze-worker.js: `npm test` builds first.

const RULES: AnalyzerInput = {
  brands: [makeBrand({ name: 'Ocado', handles: ['@Ocado'] }), makeBrand({ name: 'Tesco', competitor: true })],
  topics: [{ name: 'late refunds', query: 'refund NEAR/3 late', languages: [] }],
  languages: ['en', 'de'],
};

/** Posts that use every part of analysis: handles, misspellings, two languages, detection, topics. */
const POSTS: Post[] = [
  makePost({ id: '1', language: 'en', text: '@Ocado my order is late again, awful' }),
  makePost({ id: '2', text: 'Ocdao hat meine Bestellung verloren, schrecklich' }),
  makePost({ id: '3', language: 'en', text: 'Tesco was great today, love it' }),
  makePost({ id: '4', language: 'en', text: 'a quiet day, nothing to see' }),
  makePost({ id: '5', language: 'en', text: 'my refund is very late, still waiting' }),
  makePost({ id: '6', text: 'Oca\u0301do lost my parcel \u001b[31mtwice\u001b[0m' }),
];

let open: ChunkAnalyzer[] = [];
const track = (a: ChunkAnalyzer) => (open.push(a), a);
afterEach(async () => {
  await Promise.all(open.map((a) => a.close()));
  open = [];
});

describe('analyzeInThreads', () => {
  it('analyses in a worker thread exactly as in this one', async () => {
    const here = await analyzeHere(createAnalyzer(RULES)).analyze(POSTS, false);
    const threads = track(analyzeInThreads(RULES, 2));
    const there = await threads.analyze(POSTS, true);
    // Two chunks may wait per worker: the sign that a worker took it.
    expect(threads.depth).toBe(2);
    expect(there).toEqual(here);
    expect(there.flatMap((a) => a.mentions.map((m) => `${a.post.id}:${m.brand}:${m.kind}:${m.sentiment}`))).toEqual([
      '1:Ocado:handle:negative',
      '2:Ocado:fuzzy:negative',
      '3:Tesco:name:positive',
      '5:late refunds:topic:negative',
      '6:Ocado:name:negative',
    ]);
  });

  it('answers chunks given at once in the order they were given, across workers and this thread', async () => {
    // Two workers take two chunks each; with helpHere, this thread analyses the fifth.
    const threads = track(analyzeInThreads(RULES, 3, { helpHere: true }));
    const chunks = [0, 1, 2, 3, 4].map((c) => POSTS.map((p) => ({ ...p, id: `${c}-${p.id}` })));
    const answers = await Promise.all(chunks.map((chunk) => threads.analyze(chunk, true)));
    expect(threads.depth).toBe(5);
    expect(answers.map((items) => items.map((a) => a.post.id))).toEqual(chunks.map((chunk) => chunk.map((p) => p.id)));
  });

  it('analyses an input of one chunk, and any with one job, in this thread; a later larger input in workers', async () => {
    const one = track(analyzeInThreads(RULES, 2));
    await one.analyze(POSTS, false);
    expect(one.depth).toBe(0);
    // `import small.csv big.jsonl --jobs 2`: the second file is more than a chunk.
    await one.analyze(POSTS, true);
    expect(one.depth).toBe(2);
    const single = track(analyzeInThreads(RULES, 1));
    await single.analyze(POSTS, true);
    expect(single.depth).toBe(0);
  });

  it('rejects what a worker owed when it dies, and every chunk after', async () => {
    const dying = track(analyzeInThreads(RULES, 2, { workerFile: new URL('../helpers/exiting-worker.mjs', import.meta.url) }));
    await expect(dying.analyze(POSTS, true)).rejects.toThrow('the analysis thread stopped (exit code 3)');
    await expect(dying.analyze(POSTS, true)).rejects.toThrow('the analysis thread stopped (exit code 3)');
  });

  it('rejects a chunk whose analysis fails in the worker with its error, and goes on with the next', async () => {
    const threads = track(analyzeInThreads(RULES, 2));
    const broken = [makePost({ id: 'x', text: undefined as unknown as string })];
    await expect(threads.analyze(broken, true)).rejects.toThrow(TypeError);
    expect((await threads.analyze(POSTS, true)).map((a) => a.post.id)).toEqual(POSTS.map((p) => p.id));
  });

  it('rejects what is waiting when a worker stops, and what comes after', async () => {
    const threads = track(analyzeInThreads(RULES, 2));
    await threads.analyze(POSTS, true);
    const waiting = expect(threads.analyze(POSTS, true)).rejects.toThrow(/analysis thread stopped/);
    await threads.close();
    await waiting;
    await expect(threads.analyze(POSTS, true)).rejects.toThrow(/analysis thread stopped/);
  });
});
