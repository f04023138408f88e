// Checks earshot's response times against the Customer Support on Twitter (twcs) sample.
// Usage: npm run check:twcs -- DATA_DIR   (DATA_DIR holds twcs-sample.csv; nothing is copied)
//
// 1. One brand per company account (author_id of inbound=False tweets), handle = that author_id.
// 2. earshot imports the CSV into a temp database, threading replies via in_response_to_tweet_id,
//    and `earshot report --format json` gives per-brand median and p90 first response.
// 3. The same figures are computed here straight from the CSV, independently of earshot: for each
//    inbound tweet that @-mentions the company, the earliest tweet by the company answering it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { findDataFile } from './data-dir.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: npm run check:twcs -- DATA_DIR   (the folder holding twcs-sample.csv, or one above it)');
  process.exit(2);
}
const { file: csvPath, tried } = findDataFile(dataDir, 'support', 'twcs-sample.csv');
if (!csvPath) {
  console.error(`check-twcs: twcs-sample.csv not found (looked for ${tried.join(', ')})`);
  process.exit(2);
}

const rows = parse(readFileSync(csvPath), { columns: true, skip_empty_lines: true, relax_quotes: true });
const companies = [...new Set(rows.filter((r) => r.inbound === 'False').map((r) => r.author_id))].sort();

// --- earshot, end to end through the CLI ---
const dir = mkdtempSync(join(tmpdir(), 'earshot-twcs-'));
try {
  const yaml = ['brands:', ...companies.flatMap((c) => [`  - name: ${JSON.stringify(c)}`, `    handles: [${JSON.stringify(c)}]`, '    fuzzy: off'])].join('\n');
  writeFileSync(join(dir, 'earshot.yaml'), yaml + '\n');
  const earshot = (...args) => {
    const r = spawnSync(process.execPath, [join(root, 'bin/earshot.js'), '--config', join(dir, 'earshot.yaml'), '--db', join(dir, 'twcs.db'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(r.status ?? 1);
    }
    return r;
  };
  const started = Date.now();
  const imported = earshot('import', csvPath, '--source', 'twcs', '--field', 'id=tweet_id', '--field', 'author=author_id', '--field', 'reply_to=in_response_to_tweet_id');
  const importMs = Date.now() - started;
  const warnings = imported.stderr.split('\n').filter(Boolean).length;
  const report = JSON.parse(earshot('report', '--since', '2000-01-01', '--format', 'json').stdout);
  // The CSV side counts @-tagged tweets only, so it is compared with earshot's tagged split;
  // earshot's total (untagged mentions of the name too) is shown beside it.
  const fromEarshot = new Map(report.responseTimes.filter((s) => s.segment === 'tagged').map((s) => [s.brand, s]));
  const allMentions = new Map(report.responseTimes.filter((s) => s.segment === 'all').map((s) => [s.brand, s]));

  // --- independently, from the CSV ---
  const time = (s) => Date.parse(s.replace(/^\w{3} (\w{3}) (\d{2}) ([\d:]{8}) ([+-]\d{4}) (\d{4})$/, '$2 $1 $5 $3 $4'));
  const id = (s) => (s ?? '').trim().replace(/\.0+$/, '');
  const firstReply = new Map(); // `${company}\u0000${tweet id}` → earliest reply time
  for (const r of rows) {
    const to = id(r.in_response_to_tweet_id);
    if (r.inbound !== 'False' || !to) continue;
    const key = `${r.author_id}\u0000${to}`;
    const t = time(r.created_at);
    if (!firstReply.has(key) || t < firstReply.get(key)) firstReply.set(key, t);
  }
  const median = (v) => {
    if (!v.length) return null;
    const s = [...v].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const p90 = (v) => (v.length ? [...v].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.9 * v.length) - 1)] : null);
  const independent = new Map();
  for (const c of companies) {
    const tag = new RegExp(`(^|[^\\w@])@${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'i');
    const asked = rows.filter((r) => r.inbound === 'True' && tag.test(r.text));
    const minutes = asked
      .map((r) => {
        const reply = firstReply.get(`${c}\u0000${id(r.tweet_id)}`);
        return reply === undefined ? null : Math.max(0, (reply - time(r.created_at)) / 60_000);
      })
      .filter((m) => m !== null);
    independent.set(c, { mentions: asked.length, answered: minutes.length, median: median(minutes), p90: p90(minutes) });
  }

  const fmt = (m) => (m === null || m === undefined ? '–' : (Math.round(m * 10) / 10).toFixed(1));
  const header = ['brand', 'all n', 'answered', '|', 'tagged n', 'answered', 'median min', 'p90 min', '|', 'csv n', 'answered', 'median min', 'p90 min', 'same'];
  const table = companies
    .map((c) => {
      const e = fromEarshot.get(c);
      const i = independent.get(c);
      const em = e?.medianMinutes ?? null;
      const ep = e?.p90Minutes ?? null;
      const same =
        (e?.mentions ?? 0) === i.mentions &&
        (e?.answered ?? 0) === i.answered &&
        Math.abs((em ?? 0) - (i.median ?? 0)) <= 0.051 &&
        Math.abs((ep ?? 0) - (i.p90 ?? 0)) <= 0.051;
      const a = allMentions.get(c);
      return [c, String(a?.mentions ?? 0), String(a?.answered ?? 0), '|', String(e?.mentions ?? 0), String(e?.answered ?? 0), fmt(em), fmt(ep), '|', String(i.mentions), String(i.answered), fmt(i.median), fmt(i.p90), same ? 'yes' : 'NO'];
    })
    .sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0]));
  const widths = header.map((h, k) => Math.max(h.length, ...table.map((row) => row[k].length)));
  const line = (cells) => cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  ');
  console.log(`twcs sample: ${rows.length} tweets, ${companies.length} company accounts; import ${importMs} ms, ${warnings} warning lines`);
  console.log('first response in minutes, median and p90 (nearest rank), of @-tagged inbound tweets: earshot (via the CLI) | csv (computed here)');
  console.log('all n: every earshot mention of the brand, untagged ones (name, hashtag) included');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  const differing = table.filter((row) => row[13] === 'NO').length;
  console.log(`${companies.length - differing} of ${companies.length} brands agree${differing ? `; ${differing} differ (see the rows marked NO)` : ''}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
