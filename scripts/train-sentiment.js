// `npm run train:sentiment -- DATA_DIR`: learns each language's word weights for earshot's
// sentiment scorer from the labelled tweets in DATA_DIR (../shared/data/sentiment) and writes
// src/sentiment/lexicons/<lang>.json. Deterministic: same data, same files.
//
// - Split: items whose id hashes into the held-out fifth (sentiment-split.js) are never read here;
//   hyper-parameters are picked on an inner dev part of the training items, then refit on all of them.
// - Features: exactly what the scorer sums — each word's multiplier after negation (×-0.74),
//   boosters, caps, "!", and the contrast weights — so a learned weight means the same at run time.
// - Model: L2-regularised logistic regression (positive vs negative, classes weighted equally),
//   full-batch Adam. Learned words whose |weight| stays small are pruned (threshold out of fold). With a prior lexicon (AFINN for en, natural's for es/de; the emoji table for
//   all) the penalty pulls toward the prior instead of 0, and only the changed weights are written.
// - Prune threshold, bias and neutral band: fitted on out-of-fold scores (4 folds of the training
//   part); the band on umsab-<lang>-train where it exists, the mean of those elsewhere.
// - `--reuse` skips the hyper-parameter search and takes what the existing files recorded.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSentiment, textFeatures, textSum, toSentiment } from '../dist/sentiment/score-text.js';
import { cuesFor } from '../dist/sentiment/cues-languages.js';
import { EMOJI } from '../dist/sentiment/cues.js';
import { priorLexicon, PRIORS } from '../dist/sentiment/load-lexicon.js';
import { classMetrics } from './classification-metrics.js';
import { fnv1a, isHeldOut, isTrainingFile } from './sentiment-split.js';

const OUT = fileURLToPath(new URL('../src/sentiment/lexicons/', import.meta.url));
/** Logit per unit of the scorer's sum: a weight of 2 (AFINN "good") is odds of e to 1. */
const K = 0.5;
const ITERATIONS = 400;
const LEARNING_RATE = 0.05;
const LAMBDAS = [3e-5, 1e-4, 3e-4];
const MIN_COUNTS = [2, 3];
const STEMS = [0, 5, 6];
/** Smaller changes than this are not worth a line in the JSON. */
const MIN_WEIGHT = 0.05;
const MAX_WORDS = 6000;
const LANGUAGES = ['en', 'de', 'es', 'pl', 'sl', 'hr', 'sr', 'bs', 'hu'];
const SHTOKAVIAN = ['hr', 'sr', 'bs'];
const EMPTY = new Map();
const FEATURES = new Map();
const BANDS = Array.from({ length: 61 }, (_, i) => i * 0.01);


function main(folder) {
  const byLang = new Map();
  for (const file of readdirSync(folder).filter(isTrainingFile).sort()) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (!line) continue;
      const x = JSON.parse(line);
      if (isHeldOut(x.id)) continue;
      const label = x.label ?? (x.mean >= 0.5 ? 'positive' : x.mean <= -0.5 ? 'negative' : 'neutral');
      const list = byLang.get(x.lang) ?? [];
      list.push({ id: x.id, lang: x.lang, text: x.text, label, file });
      byLang.set(x.lang, list);
    }
  }
  mkdirSync(OUT, { recursive: true });
  const fitted = new Map();
  for (const lang of LANGUAGES) {
    const own = byLang.get(lang) ?? [];
    const pooled = SHTOKAVIAN.includes(lang) ? SHTOKAVIAN.flatMap((l) => byLang.get(l) ?? []) : null;
    const candidates = [{ pool: false, items: own }];
    if (pooled) candidates.push({ pool: true, items: pooled });
    let best = null;
    const reused = REUSE ? reuseParams(lang, own, pooled) : null;
    if (reused) best = reused;
    else for (const { pool, items } of candidates) {
      const choice = select(lang, items, pool);
      log(`${lang}${pool ? ' (pooled hr/sr/bs)' : ''}: inner-dev macro-F1 ${(choice.f1 * 100).toFixed(1)} with λ=${choice.lambda} min=${choice.minCount} prior=${choice.usePrior} stem=${choice.stem}`);
      if (!best || choice.f1 > best.f1) best = { ...choice, pool, items };
    }
    const model = fit(lang, best.items, best);
    fitted.set(lang, { ...best, model, items: best.items, ownItems: own });
  }
  // Prune threshold, bias and band from out-of-fold scores: fitted on items the weights never saw.
  // With 3-class data the threshold serves both tasks (sparser lexicons leave more posts neutral).
  const bands = new Map();
  for (const [lang, f] of fitted) {
    const oof = outOfFold(lang, f.items, f);
    let best = null;
    for (const [threshold, scored] of oof) {
      const binary = scored.filter((x) => x.label !== 'neutral');
      const { bias, f1 } = fitBias(binary);
      const three = scored.filter((x) => x.file.startsWith('umsab-'));
      const band = three.length ? fitBand(three, bias) : null;
      const goal = band ? (f1 + band.f1) / 2 : f1;
      log(`${lang}: prune <${threshold}: out-of-fold binary ${(f1 * 100).toFixed(1)}${band ? `, 3-class ${(band.f1 * 100).toFixed(1)} (band ${band.band})` : ''}, bias ${bias}`);
      if (!best || goal > best.goal + 1e-9) best = { goal, threshold, bias, band };
    }
    f.prune = best.threshold;
    f.bias = best.bias;
    if (best.band) bands.set(lang, best.band.band);
    for (const [word, weight] of f.model.written) {
      if (!f.model.prior.has(word) && Math.abs(weight) < f.prune) f.model.written.delete(word);
    }
    log(`${lang}: chose prune <${f.prune}, bias ${f.bias}${best.band ? `, band ${best.band.band}` : ''}`);
  }
  const meanBand = round([...bands.values()].reduce((a, b) => a + b, 0) / bands.size, 2);
  for (const [lang, f] of fitted) {
    const band = bands.get(lang) ?? meanBand;
    const weights = Object.fromEntries([...f.model.written].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const doc = {
      language: lang,
      about: 'Derived word weights for earshot\'s sentiment scorer (scripts/train-sentiment.js); not data. Trained on the non-held-out part of Mozetič et al. 2016 (labels CC BY-SA 4.0), UMSAB/XLM-T and VADER tweets (MIT).',
      prior: f.usePrior ? PRIORS[lang] ?? null : null,
      band,
      bias: f.bias,
      stem: f.stem,
      bandFitted: bands.has(lang),
      trainedOn: [...new Set(f.items.map((x) => x.file))].sort(),
      params: { lambda: f.lambda, minCount: f.minCount, pooled: f.pool, prior: f.usePrior, stem: f.stem, prune: f.prune, k: K },
      weights,
    };
    writeFileSync(join(OUT, `${lang}.json`), `${JSON.stringify(doc, null, 0).replace(/,"weights":/, ',\n"weights":')}\n`);
    log(`${lang}: ${Object.keys(weights).length} weights, bias ${f.bias}, band ${band}${bands.has(lang) ? ' (fitted)' : ' (mean)'} → ${lang}.json`);
  }
}

/** `--reuse`: the hyper-parameters an earlier full run selected (written in each file's params). */
function reuseParams(lang, own, pooled) {
  try {
    const { params } = JSON.parse(readFileSync(join(OUT, `${lang}.json`), 'utf8'));
    if (params?.prior === undefined) return null;
    log(`${lang}: reusing λ=${params.lambda} min=${params.minCount} prior=${params.prior} stem=${params.stem} pooled=${params.pooled}`);
    return { f1: 0, lambda: params.lambda, minCount: params.minCount, usePrior: params.prior, stem: params.stem, pool: params.pooled, items: params.pooled ? pooled : own };
  } catch {
    return null;
  }
}

/** Picks λ, minimum support and whether to use the prior on an inner dev eighth of the training items. */
function select(lang, items, pooled) {
  const binary = items.filter((x) => x.label !== 'neutral');
  const inner = binary.filter((x) => fnv1a(`dev:${x.id}`) % 8 !== 0);
  // The dev part is the language's own items only: pooling must help this language.
  const dev = binary.filter((x) => fnv1a(`dev:${x.id}`) % 8 === 0 && (!pooled || x.file.includes(`-${lang}`)));
  const priors = PRIORS[lang] ? [true, false] : [true];
  let best = null;
  for (const usePrior of priors) {
    let bestHere = null;
    for (const stem of STEMS) {
      for (const minCount of MIN_COUNTS) {
        for (const lambda of LAMBDAS) {
          const model = train(lang, inner, { lambda, minCount, usePrior, stem });
          const f1 = binaryF1(lang, dev, model.lexicon, majority(inner), stem);
          if (!bestHere || f1 > bestHere.f1 + 1e-9) bestHere = { f1, lambda, minCount, usePrior, stem };
        }
      }
    }
    if (priors.length > 1) log(`${lang}: ${usePrior ? 'with' : 'without'} the ${PRIORS[lang]} prior: inner-dev macro-F1 ${(bestHere.f1 * 100).toFixed(1)}`);
    if (!best || bestHere.f1 > best.f1 + 1e-9) best = bestHere;
  }
  return best;
}

function fit(lang, items, { lambda, minCount, usePrior, stem }) {
  return train(lang, items.filter((x) => x.label !== 'neutral'), { lambda, minCount, usePrior, stem });
}

function featuresOf(lang, text, stem) {
  const key = `${lang}\u0000${stem}\u0000${text}`;
  let f = FEATURES.get(key);
  if (!f) FEATURES.set(key, (f = textFeatures(analyzeSentiment(text, EMPTY, cuesFor(lang), { features: true, stem }))));
  return f;
}

function train(lang, items, { lambda, minCount, usePrior, stem }) {
  const prior = new Map(Object.entries(EMOJI));
  if (usePrior) for (const [w, s] of priorLexicon(lang) ?? []) prior.set(w, s);
  const docs = items.map((x) => ({ f: featuresOf(lang, x.text, stem), y: x.label === 'positive' ? 1 : 0 }));
  const count = new Map();
  for (const d of docs) for (const w of d.f.keys()) count.set(w, (count.get(w) ?? 0) + 1);
  const vocab = [...count].filter(([w, c]) => c >= minCount || prior.has(w)).map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const rows = docs.map((d) => {
    const idx = [];
    const val = [];
    let offset = 0;
    for (const [w, x] of d.f) {
      const i = index.get(w);
      if (i !== undefined) {
        idx.push(i);
        val.push(x);
      } else if (prior.has(w)) offset += x * prior.get(w);
    }
    return { idx, val, y: d.y, offset };
  });
  const n = rows.length;
  const positives = rows.reduce((a, r) => a + r.y, 0);
  const classWeight = [n / (2 * Math.max(1, n - positives)), n / (2 * Math.max(1, positives))];
  const p0 = Float64Array.from(vocab, (w) => prior.get(w) ?? 0);
  const w = Float64Array.from(p0);
  let b = 0;
  const m = new Float64Array(vocab.length + 1);
  const v = new Float64Array(vocab.length + 1);
  const grad = new Float64Array(vocab.length + 1);
  for (let t = 1; t <= ITERATIONS; t++) {
    grad.fill(0);
    for (const r of rows) {
      let z = r.offset;
      for (let j = 0; j < r.idx.length; j++) z += r.val[j] * w[r.idx[j]];
      const p = 1 / (1 + Math.exp(-(b + K * z)));
      const g = ((p - r.y) * classWeight[r.y]) / n;
      for (let j = 0; j < r.idx.length; j++) grad[r.idx[j]] += g * K * r.val[j];
      grad[vocab.length] += g;
    }
    for (let i = 0; i < vocab.length; i++) grad[i] += lambda * (w[i] - p0[i]);
    for (let i = 0; i <= vocab.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * grad[i];
      v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
      const step = (LEARNING_RATE * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
      if (i < vocab.length) w[i] -= step;
      else b -= step;
    }
  }
  // What the scorer will use: the prior, overlaid by the learned weights that moved from it.
  const changed = [];
  for (let i = 0; i < vocab.length; i++) {
    const delta = w[i] - p0[i];
    if (Math.abs(delta) >= MIN_WEIGHT) changed.push([vocab[i], round(w[i], 2), Math.abs(delta) * Math.sqrt(count.get(vocab[i]) ?? 1)]);
  }
  changed.sort((a, c) => c[2] - a[2]);
  const written = new Map(changed.slice(0, MAX_WORDS).map(([word, weight]) => [word, weight]));
  const lexicon = new Map(usePrior ? priorLexicon(lang) ?? [] : []);
  for (const [word, weight] of written) lexicon.set(word, weight);
  return { lexicon, written, prior, bias: b };
}

/** Positive vs negative as the evaluation counts it: a sum of exactly 0 is the majority class. */
function binaryF1(lang, items, lexicon, fallback, stem) {
  const cues = cuesFor(lang);
  const gold = items.map((x) => x.label);
  const predicted = items.map((x) => {
    const s = textSum(analyzeSentiment(x.text, lexicon, cues, { stem }));
    return s > 0 ? 'positive' : s < 0 ? 'negative' : fallback;
  });
  return macroF1(gold, predicted, ['negative', 'positive']);
}

const FOLDS = 4;
/** Learned words (outside the prior) with a smaller |weight| are dropped; picked out of fold. */
const PRUNES = [0, 0.3, 0.6, 1, 1.5];

/** Each of the language's own items scored, per prune threshold, by a model trained without its fold. */
function outOfFold(lang, items, params) {
  const fold = (x) => fnv1a(`fold:${x.id}`) % FOLDS;
  const cues = cuesFor(lang);
  const out = new Map(PRUNES.map((t) => [t, []]));
  for (let k = 0; k < FOLDS; k++) {
    const model = train(lang, items.filter((x) => x.label !== 'neutral' && fold(x) !== k), params);
    for (const t of PRUNES) {
      const lexicon = pruned(model, t);
      for (const x of items) {
        if (fold(x) !== k || x.lang !== lang) continue;
        const clauses = analyzeSentiment(x.text, lexicon, cues, { stem: params.stem });
        out.get(t).push({ ...x, sum: textSum(clauses), hasCues: clauses.some((c) => c.cues.length > 0) });
      }
    }
  }
  return out;
}

/** The model's lexicon without learned words (not in the prior) whose |weight| is below `threshold`. */
function pruned(model, threshold) {
  const lexicon = new Map(model.lexicon);
  for (const [word, weight] of model.written) if (!model.prior.has(word) && Math.abs(weight) < threshold) lexicon.delete(word);
  return lexicon;
}

/** The shift of the sum that best separates positive from negative, out of fold. */
function fitBias(items) {
  const gold = items.map((x) => x.label);
  const fallback = majority(items);
  let best = { f1: -1, bias: 0 };
  for (let b = -3; b <= 3.0001; b += 0.05) {
    const predicted = items.map((x) => {
      const s = x.hasCues ? x.sum + b : 0;
      return s > 0 ? 'positive' : s < 0 ? 'negative' : fallback;
    });
    const f1 = macroF1(gold, predicted, ['negative', 'positive']);
    // Ties go to the bias nearest 0.
    if (f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) < 1e-9 && Math.abs(b) < Math.abs(best.bias))) best = { f1, bias: round(b, 2) };
  }
  return best;
}

/** The neutral band that best separates the three classes, out of fold. */
function fitBand(items, bias) {
  const scores = items.map((x) => toSentiment(x.hasCues ? x.sum + bias : x.sum).score);
  const gold = items.map((x) => x.label);
  let best = { f1: -1, band: 0 };
  for (const band of BANDS) {
    const predicted = scores.map((s) => (s >= band && s > 0 ? 'positive' : s <= -band && s < 0 ? 'negative' : 'neutral'));
    const f1 = macroF1(gold, predicted, ['negative', 'neutral', 'positive']);
    if (f1 > best.f1 + 1e-9) best = { f1, band: round(band, 2) };
  }
  return best;
}

function majority(items) {
  const pos = items.filter((x) => x.label === 'positive').length;
  return pos * 2 >= items.length ? 'positive' : 'negative';
}

function macroF1(gold, predicted, classes) {
  return classMetrics(gold, predicted, classes).macroF1;
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

// Last, so every constant above is initialised before it runs.
const REUSE = process.argv.includes('--reuse');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('usage: npm run train:sentiment -- DATA_DIR\n');
  process.exitCode = 2;
} else {
  main(dir);
}
