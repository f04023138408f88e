// End-to-end figures: import against its floor, rematch, list and report on a large database,
// start-up, memory and bytes per mention. Each earshot figure has a baseline from the same run.
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeBrands, makePosts } from './corpus.js';
import { medianMs, ROOT, runEarshot, runNode } from './commands.js';
import { buildMentionsDb } from './mentions-db.js';

const DEMO_CONFIG = join(ROOT, 'fixtures/demo/earshot.yaml');

const LANGUAGES = ['en', 'de', 'es', 'pl', 'hu'];

/** earshot.yaml for the benchmark's brands. */
export function writeConfig(dir, brands) {
  const yaml = [
    'brands:',
    ...brands.map((b) => `  - name: ${b.name}\n    aliases: [${b.aliases.map((a) => JSON.stringify(a)).join(', ')}]`),
    `languages: [${LANGUAGES.join(', ')}]`,
    '',
  ].join('\n');
  const file = join(dir, 'earshot.yaml');
  writeFileSync(file, yaml);
  return file;
}

/**
 * Posts as an export would hold them. Most say their language, as X, Mastodon and Bluesky do;
 * one in five does not, as feeds and e-mail do not, so the language detector takes its share.
 */
async function writeCorpus(file, count, brands) {
  const out = createWriteStream(file);
  const BATCH = 50_000;
  for (let from = 0; from < count; from += BATCH) {
    const posts = makePosts(Math.min(BATCH, count - from), brands, 42 + from);
    let text = '';
    for (const [i, p] of posts.entries()) {
      const n = from + i;
      const row = { id: String(n), text: p.text, author: `user${n % 9973}`, created_at: new Date(1_767_225_600_000 + n * 1000).toISOString() };
      if (n % 5 !== 0) row.language = p.language;
      text += JSON.stringify(row) + '\n';
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return statSync(file).size;
}

function log(message) {
  process.stderr.write(`  ${message}\n`);
}

export async function benchPipeline({ sizes, mentions, dir }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const brands = makeBrands(100, 10);
  const config = writeConfig(dir, brands);
  const result = { import: [], rematch: null, queries: null, startup: null, storage: null };

  for (const size of sizes) {
    const file = join(dir, `posts-${size}.jsonl`);
    const bytes = await writeCorpus(file, size, brands);
    const floorDb = join(dir, `floor-${size}.db`);
    const db = join(dir, `import-${size}.db`);
    const floor = runNode([join(ROOT, 'bench/floor.js'), file, floorDb]);
    log(`floor, ${size} posts: ${floor.ms.toFixed(0)} ms`);
    const run = runEarshot(['--config', config, '--db', db, 'import', file]);
    log(`earshot import, ${size} posts: ${run.ms.toFixed(0)} ms, peak ${(run.rss / 1e6).toFixed(0)} MB`);
    // The same with analysis in a worker thread, into a database of its own.
    const jobsDb = join(dir, `import-jobs-${size}.db`);
    const jobs = runEarshot(['--config', config, '--db', jobsDb, 'import', file, '--jobs', '2']);
    log(`earshot import --jobs 2, ${size} posts: ${jobs.ms.toFixed(0)} ms, peak ${(jobs.rss / 1e6).toFixed(0)} MB`);
    rmSync(jobsDb, { force: true });
    const stored = new Database(db, { readonly: true });
    const counts = stored.prepare('SELECT (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM mentions) AS mentions').get();
    stored.close();
    result.import.push({
      posts: size,
      file_bytes: bytes,
      mentions: counts.mentions,
      stored_posts: counts.posts,
      posts_per_s: size / (run.ms / 1000),
      floor_posts_per_s: size / (floor.ms / 1000),
      share_of_floor: floor.ms / run.ms,
      peak_rss_bytes: run.rss,
      floor_peak_rss_bytes: floor.rss,
      jobs2_posts_per_s: size / (jobs.ms / 1000),
      jobs2_share_of_floor: floor.ms / jobs.ms,
      jobs2_peak_rss_bytes: jobs.rss,
    });
    rmSync(floorDb, { force: true });
  }

  // Rematch every stored post of the largest import, against reading the same posts back bare.
  const largest = sizes[sizes.length - 1];
  const db = join(dir, `import-${largest}.db`);
  const readBack = runNode(['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(db)},{readonly:true});let n=0;for(const r of d.prepare('SELECT pk,language,text FROM posts').iterate())n+=r.text.length;`], { cwd: ROOT });
  const rematch = runEarshot(['--config', config, '--db', db, 'rematch']);
  log(`rematch, ${largest} posts: ${rematch.ms.toFixed(0)} ms (reading them back: ${readBack.ms.toFixed(0)} ms)`);
  const rematchJobs = runEarshot(['--config', config, '--db', db, 'rematch', '--jobs', '2']);
  log(`rematch --jobs 2, ${largest} posts: ${rematchJobs.ms.toFixed(0)} ms, peak ${(rematchJobs.rss / 1e6).toFixed(0)} MB`);
  result.rematch = {
    posts: largest,
    ms: rematch.ms,
    posts_per_s: largest / (rematch.ms / 1000),
    read_back_ms: readBack.ms,
    peak_rss_bytes: rematch.rss,
    jobs2_ms: rematchJobs.ms,
    jobs2_peak_rss_bytes: rematchJobs.rss,
  };

  // list and report on a database of `mentions` mentions, against a bare count(*).
  const bigDb = join(dir, `mentions-${mentions}.db`);
  const built = buildMentionsDb(bigDb, mentions, brands);
  log(`built a ${mentions}-mention database in ${built.ms.toFixed(0)} ms`);
  const count = `const D=require('better-sqlite3');new D(${JSON.stringify(bigDb)},{readonly:true}).prepare('SELECT count(*) FROM mentions').get();`;
  const queries = {
    mentions,
    count_ms: medianMs(5, () => runNode(['-e', count], { cwd: ROOT })),
    list_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'list', '--format', 'csv'])),
    list_brand_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'list', '--brand', brands[1].name, '--format', 'csv'])),
    list_competitor_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'list', '--brand', brands[3].name, '--format', 'csv'])),
    export_day_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'export', '--since', '24h', '--format', 'csv'])),
    report_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'report', '--since', built.since, '--format', 'json'])),
    // The default period (a week) and a day, as a daily run asks: a part of the history.
    report_week_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'report', '--format', 'json'])),
    report_day_ms: medianMs(5, () => runEarshot(['--db', bigDb, 'report', '--since', '24h', '--format', 'json'])),
  };
  // Every mention to a CSV file, once: streamed, so memory stays that of a page of mentions.
  const all = runEarshot(['--db', bigDb, '--quiet', 'export', '--format', 'csv', '--out', join(dir, 'all.csv')]);
  const readAll = `const D=require('better-sqlite3');let n=0;for(const r of new D(${JSON.stringify(bigDb)},{readonly:true}).prepare('SELECT m.*, p.text, p.author, p.url FROM mentions m JOIN posts p ON p.pk = m.post_pk ORDER BY m.id').iterate())n++;`;
  queries.export_all_ms = all.ms;
  queries.export_all_peak_rss_bytes = all.rss;
  queries.export_all_read_back_ms = runNode(['-e', readAll], { cwd: ROOT }).ms;
  log(`list ${queries.list_ms.toFixed(0)} ms, report ${queries.report_ms.toFixed(0)} ms (7d ${queries.report_week_ms.toFixed(0)}, 24h ${queries.report_day_ms.toFixed(0)}), count(*) ${queries.count_ms.toFixed(0)} ms, export all ${all.ms.toFixed(0)} ms`);
  result.queries = queries;
  result.storage = built.storage;

  // Start-up: what a user waits for before anything happens.
  const emptyDb = join(dir, 'empty.db');
  const emptyFile = join(dir, 'empty.jsonl');
  writeFileSync(emptyFile, '');
  runEarshot(['--config', config, '--db', emptyDb, 'import', emptyFile]);
  result.startup = {
    node_ms: medianMs(11, () => runNode(['-e', '0'])),
    help_ms: medianMs(11, () => runEarshot(['--help'])),
    list_empty_ms: medianMs(11, () => runEarshot(['--db', emptyDb, 'list', '--format', 'csv'])),
    // As users run it: with an earshot.yaml to read and validate (the demo's two brands).
    list_config_ms: medianMs(11, () => runEarshot(['--config', DEMO_CONFIG, '--db', emptyDb, 'list', '--format', 'csv'])),
    // An agency's: the bench's hundred brands of ten names each, and five languages.
    list_large_config_ms: medianMs(11, () => runEarshot(['--config', config, '--db', emptyDb, 'list', '--format', 'csv'])),
  };
  log(`start-up: node -e 0 ${result.startup.node_ms.toFixed(0)} ms, --help ${result.startup.help_ms.toFixed(0)} ms, list ${result.startup.list_empty_ms.toFixed(0)} ms, with a config ${result.startup.list_config_ms.toFixed(0)} ms, with 100 brands ${result.startup.list_large_config_ms.toFixed(0)} ms`);
  rmSync(dir, { recursive: true, force: true });
  return result;
}
