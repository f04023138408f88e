// Preloaded into a benchmarked command (`node --import ./bench/peak-rss.js …`): writes the
// process's peak resident memory to the file named by EARSHOT_BENCH_RSS when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.EARSHOT_BENCH_RSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
