// `npm run eval:sentiment -- DIR`: accuracy and macro-F1 of earshot's sentiment on every labelled
// file in DIR (e.g. ../shared/data/sentiment), beside the majority-class baseline and natural's
// own analyzer where it has the language, all from the same run.
//   HELD-OUT ONLY: for the files scripts/train-sentiment.js learns from (mozetic-*, umsab-*-train,
//   vader-tweets) only the ~20% of items whose id hashes into the held-out fifth
//   (scripts/sentiment-split.js) are scored; files never trained on (umsab-*-val) are scored whole.
//   `--all` scores every item instead (not a fair measure: most of it was trained on).
//   mozetic-*: positive vs negative by the sign of the score (exactly 0 counts as the majority
//              class, as in ../shared/reference/SENTIMENT.md); umsab-*: negative / neutral / positive;
//   vader-tweets: the mean human rating, >= 0.5 positive, <= -0.5 negative, else neutral.
//   `--reference` adds a supervised bag-of-n-grams classifier (scripts/ngram-baseline.js) trained
//   on the training part of the same file (of umsab-<lang>-train for the validation files): what
//   these labels allow a plain classifier, as a yardstick for earshot's figures. About a minute.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { createSentimentScorer } from '../dist/sentiment/score-post.js';
import { classMetrics } from './classification-metrics.js';
import { findDataFolder, isFile } from './data-dir.js';
import { trainNgramBaseline } from './ngram-baseline.js';
import { isHeldOut, isTrainingFile, referenceTrainingFile, restoreLinks } from './sentiment-split.js';

const require = createRequire(import.meta.url);

/** natural's vocabularies by language, the configuration SENTIMENT.md found best. */
const NATURAL = { en: ['English', 'afinn'], es: ['Spanish', 'afinn'], pt: ['Portuguese', 'afinn'], de: ['German', 'pattern'], nl: ['Dutch', 'pattern'], fr: ['French', 'pattern'], it: ['Italian', 'pattern'] };
const all = process.argv.includes('--all');
const reference = process.argv.includes('--reference') && !all;
if (all && process.argv.includes('--reference')) process.stderr.write('--reference is left out with --all: the reference would be scored on its own training items\n');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('usage: npm run eval:sentiment -- DIR   (a folder of labelled .jsonl files, one above it, or one such file)\n');
  process.exitCode = 2;
} else {
  try {
    // A file given itself is scored alone, held out or whole by its name as in a folder.
    if (isFile(dir)) await main(dirname(dir), [basename(dir)]);
    else await main(findDataFolder(dir, 'sentiment', (folder) => readdirSync(folder).some((f) => f.endsWith('.jsonl'))));
  } catch (err) {
    // A folder or file that cannot be read, a bad line: one line, not a stack trace.
    process.stderr.write(`eval:sentiment: ${err.message}\n`);
    process.exitCode = 1;
  }
}

async function main(folder, only) {
  const score = await createSentimentScorer();
  let files;
  try {
    files = only ?? readdirSync(folder).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (err) {
    throw new Error(`cannot read the folder ${folder}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`);
  }
  if (files.length === 0) throw new Error(`no .jsonl files in ${folder}`);
  const rows = [];
  const read = (file) =>
    readFileSync(join(folder, file), 'utf8')
      .split('\n')
      .map((line, i) => [line, i + 1])
      .filter(([line]) => line)
      .map(([line, n]) => {
        let x;
        try {
          x = JSON.parse(line);
        } catch (err) {
          throw new Error(`${file}:${n}: not valid JSON (${err.message})`);
        }
        const label = labelOf(x);
        if (!['negative', 'neutral', 'positive'].includes(label) || typeof x.text !== 'string') {
          throw new Error(`${file}:${n}: expected "text" and a "label" of negative, neutral or positive (or VADER's "mean")`);
        }
        return { ...x, text: restoreLinks(x.text), label };
      });
  const references = new Map();
  for (const file of files) {
    const heldOutOnly = !all && isTrainingFile(file);
    const items = read(file).filter((x) => !heldOutOnly || isHeldOut(x.id));
    const binary = file.startsWith('mozetic-');
    const gold = items.map((x) => x.label);
    const classes = binary ? ['negative', 'positive'] : ['negative', 'neutral', 'positive'];
    const majority = mostCommon(gold);
    const toClass = (label) => (binary && label === 'neutral' ? majority : label);
    const lang = items[0].lang;

    // Binary files as in SENTIMENT.md: the sign of the score, exactly 0 counting as the majority.
    const verdict = (s) => (binary ? (s.score > 0 ? 'positive' : s.score < 0 ? 'negative' : majority) : s.label);
    score('warm up: loads the language\'s lexicon outside the timing', lang);
    const ours = items.map((x) => verdict(score(x.text, x.lang)));
    // Throughput over several passes, so one-off JIT warm-up does not dominate a small file.
    const t = performance.now();
    let passes = 0;
    while (performance.now() - t < 200) {
      for (const x of items) score(x.text, x.lang);
      passes++;
    }
    const perSecond = (items.length * passes) / ((performance.now() - t) / 1000);

    const natural = naturalScorer(lang);
    const nat = natural ? items.map((x) => toClass(natural(x.text))) : null;
    const trainedOn = referenceTrainingFile(file);
    let ref = null;
    if (reference && trainedOn && files.includes(trainedOn)) {
      if (!references.has(trainedOn)) {
        process.stderr.write(`training the n-gram reference on ${trainedOn} …\n`);
        references.set(trainedOn, trainNgramBaseline(read(trainedOn).filter((x) => !isHeldOut(x.id)), classes));
      }
      const predict = references.get(trainedOn);
      ref = classMetrics(gold, items.map((x) => predict(x.text)), classes);
    }
    rows.push({
      file: heldOutOnly ? `${file} (held out)` : file,
      n: items.length,
      classes: classes.length,
      majority: classMetrics(gold, gold.map(() => majority), classes),
      natural: nat && classMetrics(gold, nat, classes),
      earshot: classMetrics(gold, ours, classes),
      reference: ref,
      perSecond,
    });
  }
  const pct = (m) => (m ? `${(m.accuracy * 100).toFixed(1).padStart(5)} ${(m.macroF1 * 100).toFixed(1).padStart(5)}` : '    —     —');
  console.log(`accuracy and macro-F1 in %; binary files score positive vs negative; ${all ? 'ALL items (includes training data)' : 'held-out part only for files used in training'}\n`);
  const refHead = reference ? '  n-gram ref acc/F1' : '';
  console.log(`${'file'.padEnd(36)} ${'posts'.padStart(6)}  cls  majority acc/F1  natural acc/F1  earshot acc/F1  earshot posts/s${refHead}`);
  for (const r of rows) {
    const refCell = reference ? `     ${pct(r.reference)}` : '';
    console.log(`${r.file.padEnd(36)} ${String(r.n).padStart(6)}  ${String(r.classes).padStart(3)}   ${pct(r.majority)}     ${pct(r.natural)}     ${pct(r.earshot)}   ${Math.round(r.perSecond).toString().padStart(9)}${refCell}`);
  }
}

function naturalScorer(lang) {
  const conf = NATURAL[lang];
  if (!conf) return null;
  // Submodules only: natural's index loads database drivers and dotenv.
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer');
  const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer');
  const analyzer = new SentimentAnalyzer(conf[0], null, conf[1]);
  const tokenizer = new WordTokenizer();
  return (text) => {
    const s = analyzer.getSentiment(tokenizer.tokenize(text));
    return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
  };
}

/** The item's class: its label, or for VADER's mean rating >= 0.5 positive, <= -0.5 negative. */
function labelOf(x) {
  return x.label ?? (x.mean >= 0.5 ? 'positive' : x.mean <= -0.5 ? 'negative' : 'neutral');
}

function mostCommon(labels) {
  const counts = new Map();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

