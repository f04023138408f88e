// `npm run eval:match -- DATA_DIR`: precision and recall of brand relevance on the Sanders corpus
// (DATA_DIR/mentions/sanders.jsonl), with the rule set in eval/sanders-rules.yaml, on the posts as
// written and on a copy with realistic typos injected into the brand names.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../dist/config/load.js';
import { createAnalyzer } from '../dist/pipeline/analyze.js';
import { findDataFile } from './data-dir.js';
import { injectTypos } from './typos.js';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: npm run eval:match -- DATA_DIR   (the folder holding mentions/sanders.jsonl, or the one above it)\n');
  process.exitCode = 2;
} else {
  const { file, tried } = findDataFile(dataDir, 'mentions', 'sanders.jsonl');
  if (file) await main(file);
  else {
    process.stderr.write(`eval:match: sanders.jsonl not found (looked for ${tried.join(', ')})\n`);
    process.exitCode = 2;
  }
}

async function main(dataFile) {
  const rulesFile = fileURLToPath(new URL('../eval/sanders-rules.yaml', import.meta.url));
  const config = loadConfigFile(rulesFile, {});
  const analyzer = await createAnalyzer(config);
  const rows = readFileSync(dataFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

  const brandTerms = new Map(config.brands.map((b) => [b.name.toLowerCase(), [b.name, ...b.aliases]]));
  const typoRows = rows
    .map((r) => ({ ...r, text: injectTypos(r.text, brandTerms.get(r.topic) ?? [], r.id) }))
    .filter((r, i) => r.text !== rows[i].text);

  // Sanders' tweets do not say their language: the detector has to be loaded first.
  await analyzer.prepare(rows);
  console.log(`rules: eval/sanders-rules.yaml; data: ${dataFile}\n`);
  report('as written', rows, analyzer);
  report(`with typos (${typoRows.length} posts whose brand words could be misspelled)`, typoRows, analyzer);
}

function report(title, rows, analyzer) {
  const byTopic = new Map();
  for (const r of rows) {
    const relevant = r.label !== 'irrelevant';
    const found = analyzer
      .analyze({ source: 'sanders', id: r.id, channel: 'social', createdAt: '2011-10-18T00:00:00Z', text: r.text })
      .mentions.some((m) => m.brand.toLowerCase() === r.topic);
    const c = byTopic.get(r.topic) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    if (found && relevant) c.tp++;
    else if (found) c.fp++;
    else if (relevant) c.fn++;
    else c.tn++;
    byTopic.set(r.topic, c);
  }
  const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
  console.log(title);
  console.log('  topic        posts  precision  recall     F1');
  for (const [topic, c] of [...byTopic].sort()) {
    for (const k of Object.keys(total)) total[k] += c[k];
    console.log(line(topic, c));
  }
  console.log(line('all', total) + '\n');
}

function line(name, { tp, fp, fn, tn }) {
  const p = tp / (tp + fp || 1);
  const r = tp / (tp + fn || 1);
  const f1 = (2 * p * r) / (p + r || 1);
  return `  ${name.padEnd(10)} ${String(tp + fp + fn + tn).padStart(6)}  ${p.toFixed(3).padStart(9)}  ${r.toFixed(3).padStart(6)}  ${f1.toFixed(3).padStart(5)}`;
}
