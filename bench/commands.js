// Runs earshot (and baselines) as separate processes, as users run them: wall time, and peak
// memory through bench/peak-rss.js.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEAK_RSS = join(ROOT, 'bench/peak-rss.js');
const EARSHOT = join(ROOT, 'bin/earshot.js');

/** One run of `node ARGS`: milliseconds of wall time and peak resident bytes. Throws on failure. */
export function runNode(args, { cwd = ROOT, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-rss-'));
  const rssFile = join(dir, 'rss');
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PEAK_RSS, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', EARSHOT_BENCH_RSS: rssFile, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const rss = Number(readFileSync(rssFile, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return { ms, rss, stdout: r.stdout };
}

export function runEarshot(args, options) {
  return runNode([EARSHOT, ...args], options);
}

/** The median wall time of `runs` runs (after one warm-up), for short commands. */
export function medianMs(runs, run) {
  run();
  const times = Array.from({ length: runs }, () => run().ms).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}
