// `npm run bench [-- --json] [-- --save FILE] [-- --quick] [-- --posts N] [-- --sizes N,N] [-- --mentions N]`:
// earshot's speed, each figure beside a baseline measured in the same run, so machine noise
// cancels in the ratios. Progress goes to stderr, the table (or JSON) to stdout.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMatch } from './match.js';
import { benchPipeline } from './pipeline.js';
import { benchSentiment } from './sentiment.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const quick = flag('--quick');
const posts = Number(value('--posts', quick ? 20_000 : 200_000));
const sizes = value('--sizes', quick ? '20000' : '200000,1000000').split(',').map(Number);
const mentions = Number(value('--mentions', quick ? 50_000 : 1_000_000));

process.stderr.write(`matching: ${posts} posts, 100 brands × 10 variants\n`);
const match = benchMatch({ posts, brands: 100, variants: 10, naiveSample: quick ? 10_000 : 100_000 });
process.stderr.write(`sentiment: ${posts} posts\n`);
const sentiment = benchSentiment({ posts });
process.stderr.write(`pipeline: imports of ${sizes.join(', ')} posts; queries on ${mentions} mentions\n`);
const pipeline = await benchPipeline({ sizes, mentions, dir: join(tmpdir(), `earshot-bench-${process.pid}`) });

const results = JSON.stringify({ node: process.version, match, sentiment, ...pipeline }, null, 2) + '\n';
if (value('--save')) writeFileSync(value('--save'), results);
if (flag('--json')) {
  process.stdout.write(results);
} else {
  process.stdout.write(renderTable(match, sentiment, pipeline));
}

function renderTable(match, sentiment, p) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const ms = (x) => `${n(x)} ms`;
  const mb = (x) => `${n(x / 1e6)} MB`;
  const l = match.lookup;
  const m = match.matchText;
  const rows = [];
  for (const i of p.import) {
    rows.push([`import ${n(i.posts)} posts (parse, match, score, store)`, `${n(i.posts_per_s)} posts/s`, `${i.share_of_floor.toFixed(2)} of the floor: JSON parse + bare inserts, ${n(i.floor_posts_per_s)} posts/s`]);
    rows.push(['  peak memory', mb(i.peak_rss_bytes), `the floor's ${mb(i.floor_peak_rss_bytes)}; ${n(i.mentions)} mentions stored`]);
    rows.push(['  the same with --jobs 2 (analysis in a worker thread)', `${n(i.jobs2_posts_per_s)} posts/s`, `${i.jobs2_share_of_floor.toFixed(2)} of the floor, ${(i.jobs2_posts_per_s / i.posts_per_s).toFixed(2)}× one thread; peak ${mb(i.jobs2_peak_rss_bytes)}`]);
  }
  if (p.import.length > 1) {
    const [a, b] = [p.import[0], p.import[p.import.length - 1]];
    rows.push(['  memory, largest vs smallest import', `${(b.peak_rss_bytes / a.peak_rss_bytes).toFixed(2)}×`, `for ${(b.posts / a.posts).toFixed(0)}× the posts: streaming keeps it flat`]);
  }
  rows.push([`rematch ${n(p.rematch.posts)} stored posts`, ms(p.rematch.ms), `${n(p.rematch.posts_per_s)} posts/s; reading them back bare takes ${ms(p.rematch.read_back_ms)}`]);
  rows.push(['  the same with --jobs 2 (a worker thread and this one analyse)', ms(p.rematch.jobs2_ms), `${(p.rematch.ms / p.rematch.jobs2_ms).toFixed(2)}× one thread's speed; peak ${mb(p.rematch.jobs2_peak_rss_bytes)} (one thread: ${mb(p.rematch.peak_rss_bytes)})`]);
  const q = p.queries;
  rows.push([`list, ${n(q.mentions)} mentions`, ms(q.list_ms), `${(q.list_ms / q.count_ms).toFixed(2)}× a bare SELECT count(*) in a new process (${ms(q.count_ms)})`]);
  rows.push(['  list --brand one brand', ms(q.list_brand_ms), `${(q.list_brand_ms / q.count_ms).toFixed(2)}× count(*)`]);
  rows.push(['  list --brand a competitor (lists nothing)', ms(q.list_competitor_ms), `${(q.list_competitor_ms / q.count_ms).toFixed(2)}× count(*)`]);
  rows.push(['  export --since 24h', ms(q.export_day_ms), `${(q.export_day_ms / q.count_ms).toFixed(2)}× count(*)`]);
  rows.push([`export every mention as CSV to a file`, ms(q.export_all_ms), `peak ${mb(q.export_all_peak_rss_bytes)}; reading the same rows back bare takes ${ms(q.export_all_read_back_ms)}`]);
  rows.push([`report --since 30d, ${n(q.mentions)} mentions`, ms(q.report_ms), `${(q.report_ms / q.count_ms).toFixed(2)}× count(*)`]);
  rows.push(['  report (the default: 7 days)', ms(q.report_week_ms), `${(q.report_week_ms / q.count_ms).toFixed(2)}× count(*)`]);
  rows.push(['  report --since 24h', ms(q.report_day_ms), `${(q.report_day_ms / q.count_ms).toFixed(2)}× count(*)`]);
  const s = p.startup;
  rows.push(['start-up: earshot --help', ms(s.help_ms), `${ms(s.help_ms - s.node_ms)} more than node -e 0 (${ms(s.node_ms)})`]);
  rows.push(['start-up: earshot list, empty database', ms(s.list_empty_ms), `${ms(s.list_empty_ms - s.node_ms)} more than node -e 0`]);
  rows.push(['  the same with an earshot.yaml (two brands)', ms(s.list_config_ms), `${ms(s.list_config_ms - s.node_ms)} more than node -e 0`]);
  rows.push(['  the same with the bench\'s earshot.yaml (100 brands)', ms(s.list_large_config_ms), `${ms(s.list_large_config_ms - s.node_ms)} more than node -e 0`]);
  rows.push(['database per mention, beyond post text', `${n(p.storage.bytes_per_mention_beyond_text)} B`, `${mb(p.storage.database_bytes)} for ${n(p.storage.mentions)} mentions`]);
  rows.push(['matching alone, with misspellings', `${n(m.fuzzy_posts_per_s)} posts/s`, `${m.fuzzy_vs_exact_speed.toFixed(2)}× the speed of exact-only matching (${n(m.exact_posts_per_s)} posts/s)`]);
  rows.push(['  fuzzy lookup, symmetric-delete index', ms(l.index_ms), `${n(l.speedup_vs_naive)}× faster than naive pairwise OSA (${ms(l.naive_osa_ms)}), same ${n(l.sample_words)} words; identical results: ${l.identical_results}`]);
  rows.push(['  naive with fast-levenshtein', ms(l.naive_levenshtein_ms), `misses ${l.transpositions_missed_by_levenshtein} transposition pairs`]);
  rows.push(['sentiment, one core', `${n(sentiment.posts_per_s)} posts/s`, `English alone ${n(sentiment.english_posts_per_s)} posts/s: ${sentiment.speed_vs_natural.toFixed(2)}× the speed of natural's AFINN analyzer (${n(sentiment.natural_posts_per_s)} posts/s)`]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return `node ${process.version}\n` + rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}`).join('\n') + '\n';
}
