// `npm run train:sentiment -- DATA_DIR`: learns each language's word weights for earshot's
// sentiment scorer from the labelled tweets in DATA_DIR (../shared/data/sentiment) and writes
// src/sentiment/lexicons/<lang>.json. Deterministic: same data, same files.
//
// - Split: items whose id hashes into the held-out fifth (sentiment-split.js) are never read here;
//   hyper-parameters (λ, prefix lengths, pooling hr/sr/bs) are picked by 4-fold cross-validation on
//   the training items, then refit on all of them.
// - Features: exactly what the scorer sums — each word's multiplier after negation (×-0.74),
//   boosters, caps, "!", and the contrast weights, plus the same for the word's diacritic-free
//   prefixes of the chosen lengths ("zadovo*"), and a sentence's closing "?", "!" and "..." as
//   terms of their own — so a learned weight means the same at run time.
// - Model: L2-regularised logistic regression, full-batch Adam. Two-class files (Mozetič) train
//   positive vs negative (classes weighted equally); three-class files (UMSAB, VADER) train an
//   all-threshold ordinal model on the same sum, so neutral posts keep their words' weights small.
//   Learned words whose |weight| stays small are pruned (threshold out of fold). With a prior
//   lexicon (AFINN for en, natural's for es/de; the emoji table for all) the penalty pulls toward
//   the prior instead of 0, and only the changed weights are written; words and prefixes outside
//   that published lexicon may take a heavier penalty (×1, ×3 or ×10, chosen out of fold).
// - That new-word penalty, the prune threshold, bias and neutral band (its width and center):
//   fitted on out-of-fold scores (4 folds of the training part), then the weights are refit on all
//   the training items; the band on umsab-<lang>-train where it exists, the mean of those elsewhere.
// - Opinion model, for languages with 3-class items: whether a post takes a side at all (logistic
//   regression on its out-of-fold score and on word and mark counts), used to turn neutral a post
//   the band gives a side; kept only where it beats the band alone out of fold (fitOpinion).
// - `--reuse` skips the hyper-parameter search and takes what the existing files recorded;
//   `--only=pl,sl` trains just those languages; `--cv-only` reports the cross-validation and
//   writes nothing, `--verbose` logs every setting it tried (experiments).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSentiment, opinionTerms, opinionVerdict, textFeatures, textSum, toSentiment } from '../dist/sentiment/score-text.js';
import { cuesFor } from '../dist/sentiment/cues-languages.js';
import { EMOJI } from '../dist/sentiment/cues.js';
import { priorLexicon, PRIORS } from '../dist/sentiment/load-lexicon.js';
import { classMetrics } from './classification-metrics.js';
import { findDataFolder } from './data-dir.js';
import { fnv1a, isHeldOut, isTrainingFile, restoreLinks } from './sentiment-split.js';

const OUT = fileURLToPath(new URL('../src/sentiment/lexicons/', import.meta.url));
/** Logit per unit of the scorer's sum: a weight of 2 (AFINN "good") is odds of e to 1. */
const K = 0.5;
const ITERATIONS = 400;
const LEARNING_RATE = 0.05;
/** The grid cross-validation picks from; overridable by environment (JSON) for experiments. */
const LAMBDAS = process.env.LAMBDAS ? JSON.parse(process.env.LAMBDAS) : [1e-4, 3e-4, 1e-3];
const SELECT_FOLDS = Number(process.env.SELECT_FOLDS ?? 4);
const TRY_WITHOUT_PRIOR = process.env.TRY_WITHOUT_PRIOR === '1';
const MIN_COUNTS = process.env.MIN_COUNTS ? JSON.parse(process.env.MIN_COUNTS) : [2];
/**
 * For languages with a prior lexicon: the penalty on words (and prefixes) outside it, as a multiple
 * of λ. Above 1 the published lexicon is trusted more than words learned from a few thousand
 * tweets, which otherwise add small weights everywhere and blur neutral posts.
 */
const NEW_WORD_PENALTIES = process.env.NEW_WORD_PENALTIES ? JSON.parse(process.env.NEW_WORD_PENALTIES) : [1, 3, 10];
/**
 * German keeps the plain penalty: ×3 scored higher out of fold (63.9 vs 62.8, mean of binary and
 * 3-class) but shrank the learned prefixes ("danke*", "servi*") so far that "Danke Ocado, super
 * Service und ein sehr freundlicher Fahrer" came out neutral (test/sentiment/intent-priority.test.ts):
 * praise read as chatter.
 */
const NEW_WORD_PENALTIES_FOR = process.env.NEW_WORD_PENALTIES ? {} : { de: [1] };
/** Prefix lengths (without diacritics) whose weights add to a word's: none, one, or several summed. */
const STEMS = process.env.STEMS ? JSON.parse(process.env.STEMS) : [0, 5, [4, 6], [3, 5, 7]];
/**
 * Polish keeps single prefix lengths: with several, its cross-validated F1 was the same (70.5 vs
 * 70.3) but "nigdy więcej takiego bałaganu" (never again such a mess) came out positive, as the
 * negated "bała*" gained weight (test/sentiment/intent-priority.test.ts): churn read as praise.
 */
const STEMS_FOR = process.env.STEMS ? {} : { pl: [0, 5, 6] };
/** Smaller changes than this are not worth a line in the JSON. */
const MIN_WEIGHT = 0.05;
const MAX_WORDS = 6000;
const LANGUAGES = ['en', 'de', 'es', 'pl', 'sl', 'hr', 'sr', 'bs', 'hu'];
const SHTOKAVIAN = ['hr', 'sr', 'bs'];
const EMPTY = new Map();
const FEATURES = new Map();
/** Weight of each three-class item's ordinal loss relative to a two-class item's; 0 drops neutral items. */
const ORDINAL_WEIGHT = Number(process.env.ORDINAL_WEIGHT ?? 1);
const BANDS = Array.from({ length: 61 }, (_, i) => i * 0.01);
const CENTERS = process.env.NO_CENTER ? [0] : Array.from({ length: 31 }, (_, i) => round(-0.3 + i * 0.02, 2));


/** The training files of `folder`; a folder that cannot be read or holds none is an Error to print. */
function trainingFiles(folder) {
  let files;
  try {
    files = readdirSync(folder).filter(isTrainingFile).sort();
  } catch (err) {
    throw new Error(`cannot read the folder ${folder}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`);
  }
  if (files.length === 0) throw new Error(`no training .jsonl files in ${folder}`);
  return files;
}

function main(folder) {
  const byLang = new Map();
  for (const file of trainingFiles(folder)) {
    const lines = readFileSync(join(folder, file), 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      if (!line) continue;
      let x;
      try {
        x = JSON.parse(line);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not valid JSON (${err.message})`);
      }
      if (isHeldOut(x.id)) continue;
      const label = x.label ?? (x.mean >= 0.5 ? 'positive' : x.mean <= -0.5 ? 'negative' : 'neutral');
      if (!['negative', 'neutral', 'positive'].includes(label) || typeof x.text !== 'string') {
        throw new Error(`${file}:${i + 1}: expected "text" and a "label" of negative, neutral or positive (or VADER's "mean")`);
      }
      const list = byLang.get(x.lang) ?? [];
      list.push({ id: x.id, lang: x.lang, text: x.text, label, file });
      byLang.set(x.lang, list);
    }
  }
  mkdirSync(OUT, { recursive: true });
  const fitted = new Map();
  for (const lang of LANGUAGES.filter((l) => !ONLY || ONLY.includes(l))) {
    const own = byLang.get(lang) ?? [];
    const pooled = SHTOKAVIAN.includes(lang) ? SHTOKAVIAN.flatMap((l) => byLang.get(l) ?? []) : null;
    const candidates = [{ pool: false, items: own }];
    if (pooled) candidates.push({ pool: true, items: pooled });
    let best = null;
    const reused = REUSE ? reuseParams(lang, own, pooled) : null;
    if (reused) best = reused;
    else for (const { pool, items } of candidates) {
      const choice = select(lang, items, pool);
      log(`${lang}${pool ? ' (pooled hr/sr/bs)' : ''}: cross-validated macro-F1 ${(choice.f1 * 100).toFixed(1)} with ${describe(choice)}`);
      if (!best || choice.f1 > best.f1) best = { ...choice, pool, items };
    }
    if (CV_ONLY) continue;
    fitted.set(lang, { ...best, items: best.items, ownItems: own });
  }
  if (CV_ONLY) return;
  // Penalty on new words, prune threshold, bias and band from out-of-fold scores: fitted on items
  // the weights never saw. With 3-class data the penalty and threshold serve both tasks (sparser
  // lexicons leave more posts neutral). Then the weights are refit on all the training items.
  const bands = new Map();
  for (const [lang, f] of fitted) {
    let best = null;
    // Without a published prior every word is new: the multiple would only rescale λ.
    for (const newWordPenalty of f.usePrior && PRIORS[lang] ? NEW_WORD_PENALTIES_FOR[lang] ?? NEW_WORD_PENALTIES : [1]) {
      const oof = outOfFold(lang, f.items, { ...f, newWordPenalty });
      for (const [threshold, scored] of oof) {
        const binary = scored.filter((x) => x.label !== 'neutral');
        const { bias, f1 } = fitBias(binary);
        const three = scored.filter((x) => x.file.startsWith('umsab-'));
        const band = three.length ? fitBand(three, bias) : null;
        const goal = band ? (f1 + band.f1) / 2 : f1;
        log(`${lang}: new words ×${newWordPenalty}, prune <${threshold}: out-of-fold binary ${(f1 * 100).toFixed(1)}${band ? `, 3-class ${(band.f1 * 100).toFixed(1)} (band ${band.band}, center ${band.center})` : ''}, bias ${bias}`);
        if (!best || goal > best.goal + 1e-9) best = { goal, newWordPenalty, threshold, bias, band, three };
      }
    }
    f.newWordPenalty = best.newWordPenalty;
    f.prune = best.threshold;
    f.bias = best.bias;
    if (best.band) bands.set(lang, best.band);
    if (best.band) f.opinion = fitOpinion(lang, best.three, best.bias, best.band);
    f.model = fit(lang, f.items, f);
    for (const [word, weight] of f.model.written) {
      if (!f.model.prior.has(word) && Math.abs(weight) < f.prune) f.model.written.delete(word);
    }
    log(`${lang}: chose new words ×${f.newWordPenalty}, prune <${f.prune}, bias ${f.bias}${best.band ? `, band ${best.band.band}, center ${best.band.center}` : ''}`);
  }
  const meanBand = bands.size ? round([...bands.values()].reduce((a, b) => a + b.band, 0) / bands.size, 2) : 0.25;
  for (const [lang, f] of fitted) {
    const band = bands.get(lang)?.band ?? meanBand;
    const center = bands.get(lang)?.center ?? 0;
    const weights = Object.fromEntries([...f.model.written].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const doc = {
      language: lang,
      about: 'Derived word weights for earshot\'s sentiment scorer (scripts/train-sentiment.js); not data. Trained on the non-held-out part of Mozetič et al. 2016 (labels CC BY-SA 4.0), UMSAB/XLM-T and VADER tweets (MIT).',
      prior: f.usePrior ? PRIORS[lang] ?? null : null,
      band,
      bias: f.bias,
      center,
      stem: f.stem,
      bandFitted: bands.has(lang),
      ...(f.opinion ? { opinion: f.opinion } : {}),
      trainedOn: [...new Set(f.items.map((x) => x.file))].sort(),
      params: { lambda: f.lambda, newWordPenalty: f.newWordPenalty, minCount: f.minCount, pooled: f.pool, prior: f.usePrior, stem: f.stem, prune: f.prune, k: K },
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
    const choice = { f1: 0, lambda: params.lambda, newWordPenalty: params.newWordPenalty ?? 1, minCount: params.minCount, usePrior: params.prior, stem: params.stem, pool: params.pooled };
    log(`${lang}: reusing ${describe(choice)} pooled=${params.pooled}`);
    return { ...choice, items: params.pooled ? pooled : own };
  } catch {
    return null;
  }
}

/**
 * Picks λ, minimum support, prefix lengths and whether to use the prior by cross-validation on the
 * training items (SELECT_FOLDS folds by a hash of the id): every own-language item is predicted
 * once by a model that did not see it, and macro-F1 is taken over all those predictions (binary,
 * and for languages with three-class data the mean of binary and three-class).
 */
function select(lang, items, pooled) {
  const fold = (x) => fnv1a(`dev:${x.id}`) % SELECT_FOLDS;
  // Scored: the language's own items only, so pooling must help this language.
  const own = (x) => !pooled || x.file.includes(`-${lang}`);
  const priors = PRIORS[lang] && TRY_WITHOUT_PRIOR ? [true, false] : [true];
  let best = null;
  for (const usePrior of priors) {
    let bestHere = null;
    for (const stem of STEMS_FOR[lang] ?? STEMS) {
      for (const minCount of MIN_COUNTS) {
        for (const lambda of LAMBDAS) {
          const params = { lambda, newWordPenalty: 1, minCount, usePrior, stem };
          const two = { gold: [], predicted: [] };
          const three = { gold: [], predicted: [] };
          for (let k = 0; k < SELECT_FOLDS; k++) {
            const inner = items.filter((x) => fold(x) !== k);
            const dev = items.filter((x) => fold(x) === k && own(x));
            const model = train(lang, inner, params);
            const polar = dev.filter((x) => x.label !== 'neutral');
            two.gold.push(...polar.map((x) => x.label));
            two.predicted.push(...binaryPredictions(lang, polar, model.lexicon, majority(inner.filter((x) => x.label !== 'neutral')), stem));
            const devThree = ORDINAL_WEIGHT > 0 ? dev.filter((x) => isThreeClass(x.file)) : [];
            three.gold.push(...devThree.map((x) => x.label));
            three.predicted.push(...threePredictions(lang, devThree, model, stem));
          }
          const f2 = macroF1(two.gold, two.predicted, ['negative', 'positive']);
          const f1 = three.gold.length ? (f2 + macroF1(three.gold, three.predicted, ['negative', 'neutral', 'positive'])) / 2 : f2;
          if (VERBOSE) log(`  ${lang}: ${(f1 * 100).toFixed(2)} (binary ${(f2 * 100).toFixed(2)}) with ${describe(params)}`);
          if (!bestHere || f1 > bestHere.f1 + 1e-9) bestHere = { f1, ...params };
        }
      }
    }
    if (priors.length > 1) log(`${lang}: ${usePrior ? 'with' : 'without'} the ${PRIORS[lang]} prior: cross-validated macro-F1 ${(bestHere.f1 * 100).toFixed(1)}`);
    if (!best || bestHere.f1 > best.f1 + 1e-9) best = bestHere;
  }
  return best;
}

function fit(lang, items, { lambda, newWordPenalty, minCount, usePrior, stem }) {
  return train(lang, items, { lambda, newWordPenalty, minCount, usePrior, stem });
}

function describe({ lambda, newWordPenalty, minCount, usePrior, stem }) {
  return `λ=${lambda}${newWordPenalty !== 1 ? ` (×${newWordPenalty} for new words)` : ''} min=${minCount} prior=${usePrior} stem=${stem}`;
}

function featuresOf(lang, text, stem) {
  const key = `${lang}\u0000${stem}\u0000${text}`;
  let f = FEATURES.get(key);
  if (!f) FEATURES.set(key, (f = textFeatures(analyzeSentiment(text, EMPTY, cuesFor(lang), { features: true, stem }))));
  return f;
}

/** Files whose labels include neutral: their items train the all-threshold ordinal part. */
function isThreeClass(file) {
  return !file.startsWith('mozetic-');
}

/**
 * Logistic regression over the scorer's features. Items of two-class files (Mozetič: neutral was
 * dropped) train positive vs negative with bias b; items of three-class files train an
 * all-threshold ordinal model (Rennie & Srebro 2005) on the same sum: negative | neutral with
 * threshold b1, neutral | positive with b2, so neutral posts pull their words' weights toward 0.
 */
function train(lang, items, { lambda, newWordPenalty = 1, minCount, usePrior, stem }) {
  const prior = new Map(Object.entries(EMOJI));
  if (usePrior) for (const [w, s] of priorLexicon(lang) ?? []) prior.set(w, s);
  const docs = items.map((x) => ({
    f: featuresOf(lang, x.text, stem),
    y: x.label === 'positive' ? 1 : x.label === 'negative' ? 0 : 0.5,
    three: ORDINAL_WEIGHT > 0 && isThreeClass(x.file),
  })).filter((d) => d.three || d.y !== 0.5);
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
    return { idx, val, y: d.y, three: d.three, offset, weight: 0 };
  });
  const n = rows.length;
  // Classes weighted equally within each task; the ordinal rows count ORDINAL_WEIGHT each.
  const binaryRows = rows.filter((r) => !r.three);
  const positives = binaryRows.filter((r) => r.y === 1).length;
  for (const r of binaryRows) r.weight = binaryRows.length / (2 * Math.max(1, r.y === 1 ? positives : binaryRows.length - positives)) / n;
  const threeRows = rows.filter((r) => r.three);
  for (const y of [0, 0.5, 1]) {
    const c = threeRows.filter((r) => r.y === y).length;
    for (const r of threeRows) if (r.y === y) r.weight = (ORDINAL_WEIGHT * threeRows.length) / (3 * Math.max(1, c)) / n;
  }
  const p0 = Float64Array.from(vocab, (w) => prior.get(w) ?? 0);
  // Emoji are in every language's prior; only a published word list makes words "known".
  const known = usePrior && PRIORS[lang] ? prior : null;
  const penalty = Float64Array.from(vocab, (w) => (known && !known.has(w) ? lambda * newWordPenalty : lambda));
  const w = Float64Array.from(p0);
  const B = vocab.length; // b, then b1, b2
  const size = B + 3;
  const params = new Float64Array(size);
  params.set(w);
  params[B + 1] = 1;
  params[B + 2] = -1;
  const step = adamOptimizer(size);
  const grad = new Float64Array(size);
  for (let t = 1; t <= ITERATIONS; t++) {
    grad.fill(0);
    for (const r of rows) {
      let z = r.offset;
      for (let j = 0; j < r.idx.length; j++) z += r.val[j] * params[r.idx[j]];
      let gz = 0;
      if (!r.three) {
        const p = 1 / (1 + Math.exp(-(params[B] + K * z)));
        const g = (p - r.y) * r.weight;
        grad[B] += g;
        gz = g;
      } else {
        const p1 = 1 / (1 + Math.exp(-(params[B + 1] + K * z)));
        const g1 = (p1 - (r.y > 0 ? 1 : 0)) * r.weight;
        const p2 = 1 / (1 + Math.exp(-(params[B + 2] + K * z)));
        const g2 = (p2 - (r.y === 1 ? 1 : 0)) * r.weight;
        grad[B + 1] += g1;
        grad[B + 2] += g2;
        gz = g1 + g2;
      }
      for (let j = 0; j < r.idx.length; j++) grad[r.idx[j]] += gz * K * r.val[j];
    }
    for (let i = 0; i < B; i++) grad[i] += penalty[i] * (params[i] - p0[i]);
    step(params, grad, t);
  }
  // What the scorer will use: the prior, overlaid by the learned weights that moved from it.
  const changed = [];
  for (let i = 0; i < vocab.length; i++) {
    const delta = params[i] - p0[i];
    if (Math.abs(delta) >= MIN_WEIGHT) changed.push([vocab[i], round(params[i], 2), Math.abs(delta) * Math.sqrt(count.get(vocab[i]) ?? 1)]);
  }
  changed.sort((a, c) => c[2] - a[2]);
  const written = new Map(changed.slice(0, MAX_WORDS).map(([word, weight]) => [word, weight]));
  const lexicon = new Map(usePrior ? priorLexicon(lang) ?? [] : []);
  for (const [word, weight] of written) lexicon.set(word, weight);
  return { lexicon, written, prior, bias: params[B], thresholds: [params[B + 1], params[B + 2]] };
}

/** Adam for `size` parameters: each call is step `t` (from 1), updating `params` in place. */
function adamOptimizer(size) {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  return (params, grad, t) => {
    for (let i = 0; i < size; i++) {
      m[i] = 0.9 * m[i] + 0.1 * grad[i];
      v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
      params[i] -= (LEARNING_RATE * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
    }
  };
}

/** Positive vs negative as the evaluation counts it: a sum of exactly 0 is the majority class. */
function binaryPredictions(lang, items, lexicon, fallback, stem) {
  const cues = cuesFor(lang);
  return items.map((x) => {
    const s = textSum(analyzeSentiment(x.text, lexicon, cues, { stem }));
    return s > 0 ? 'positive' : s < 0 ? 'negative' : fallback;
  });
}

/** Three classes as the ordinal part of the model draws them: its two thresholds on the sum. */
function threePredictions(lang, items, model, stem) {
  const cues = cuesFor(lang);
  const [b1, b2] = model.thresholds;
  return items.map((x) => {
    const z = K * textSum(analyzeSentiment(x.text, model.lexicon, cues, { stem }));
    return z + b2 > 0 ? 'positive' : z + b1 < 0 ? 'negative' : 'neutral';
  });
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
    const model = train(lang, items.filter((x) => fold(x) !== k), params);
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

/** λ grid for the opinion model's word weights. */
const OPINION_LAMBDAS = [1e-3, 3e-3, 1e-2, 3e-2];
/** How much better than the band alone, in 3-class macro-F1 out of fold, the opinion model has to be to be kept. */
const OPINION_GAIN = 0.01;

/**
 * An opinion model (src/sentiment/score-text.ts, OpinionModel) for a language with 3-class items:
 * whether a post takes a side, from its out-of-fold score, that score's size, and word and mark
 * counts. λ by cross-validation over those items, each predicted as the scorer would (the band,
 * then the model); kept only when that beats the band alone (`band.f1`, on the same out-of-fold
 * scores) by OPINION_GAIN, else null.
 */
function fitOpinion(lang, items, bias, band) {
  const rows = items.map((x) => {
    const sum = x.hasCues ? x.sum + bias : x.sum;
    return { id: x.id, label: x.label, sum, score: toSentiment(sum).score, terms: opinionTerms(restoreLinks(x.text)) };
  });
  const fold = (r) => fnv1a(`opinion:${r.id}`) % FOLDS;
  let best = null;
  for (const lambda of OPINION_LAMBDAS) {
    const gold = [];
    const predicted = [];
    for (let k = 0; k < FOLDS; k++) {
      const opinion = trainOpinion(rows.filter((r) => fold(r) !== k), lambda);
      for (const r of rows.filter((r) => fold(r) === k)) {
        gold.push(r.label);
        predicted.push(opinionLabel(r, { ...band, opinion }));
      }
    }
    const f1 = macroF1(gold, predicted, ['negative', 'neutral', 'positive']);
    log(`${lang}: opinion model λ=${lambda}: out-of-fold 3-class ${(f1 * 100).toFixed(1)} (band alone ${(band.f1 * 100).toFixed(1)})`);
    if (!best || f1 > best.f1 + 1e-9) best = { f1, lambda };
  }
  if (best.f1 < band.f1 + OPINION_GAIN) {
    log(`${lang}: no opinion model`);
    return null;
  }
  const model = trainOpinion(rows, best.lambda);
  const words = Object.fromEntries([...model.words].filter(([, w]) => Math.abs(w) >= MIN_WEIGHT).map(([t, w]) => [t, round(w, 2)]).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  log(`${lang}: opinion model kept (λ=${best.lambda}, ${Object.keys(words).length} words)`);
  return { bias: round(model.bias, 3), score: round(model.score, 3), magnitude: round(model.magnitude, 3), words };
}

function opinionLabel(row, calibration) {
  let words = 0;
  for (const [t, n] of row.terms) words += n * (calibration.opinion.words.get(t) ?? 0);
  return opinionVerdict(row.sum, words, calibration).label;
}

/**
 * Logistic regression: takes a side (positive or negative) vs neutral, classes weighted equally;
 * L2 on the word weights only. Words seen in fewer than two posts get no weight.
 */
function trainOpinion(rows, lambda) {
  const seen = new Map();
  for (const r of rows) for (const t of r.terms.keys()) seen.set(t, (seen.get(t) ?? 0) + 1);
  const vocab = [...seen].filter(([, c]) => c >= 2).map(([t]) => t).sort();
  const index = new Map(vocab.map((t, i) => [t, i]));
  const V = vocab.length; // then bias, score, magnitude
  const data = rows.map((r) => {
    const idx = [];
    const val = [];
    for (const [t, n] of r.terms) {
      const i = index.get(t);
      if (i !== undefined) {
        idx.push(i);
        val.push(n);
      }
    }
    return { idx, val, score: r.score, y: r.label === 'neutral' ? 0 : 1 };
  });
  const sides = data.filter((d) => d.y === 1).length;
  // Classes weighted equally: each side's weights sum to one half.
  for (const d of data) d.weight = 1 / (2 * Math.max(1, d.y === 1 ? sides : data.length - sides));
  const size = V + 3;
  const params = new Float64Array(size);
  const step = adamOptimizer(size);
  const grad = new Float64Array(size);
  for (let t = 1; t <= ITERATIONS; t++) {
    grad.fill(0);
    for (const d of data) {
      let z = params[V] + params[V + 1] * d.score + params[V + 2] * Math.abs(d.score);
      for (let j = 0; j < d.idx.length; j++) z += d.val[j] * params[d.idx[j]];
      const g = (1 / (1 + Math.exp(-z)) - d.y) * d.weight;
      grad[V] += g;
      grad[V + 1] += g * d.score;
      grad[V + 2] += g * Math.abs(d.score);
      for (let j = 0; j < d.idx.length; j++) grad[d.idx[j]] += g * d.val[j];
    }
    for (let i = 0; i < V; i++) grad[i] += lambda * params[i];
    step(params, grad, t);
  }
  return { bias: params[V], score: params[V + 1], magnitude: params[V + 2], words: new Map(vocab.map((t, i) => [t, params[i]])) };
}

/**
 * The neutral band (center ± band on the score scale) that best separates the three classes, out
 * of fold, labelling as the scorer does (a side too close to call is neutral).
 */
function fitBand(items, bias) {
  const sums = items.map((x) => (x.hasCues ? x.sum + bias : x.sum));
  const gold = items.map((x) => x.label);
  let best = { f1: -1, band: 0, center: 0 };
  for (const center of CENTERS) {
    for (const band of BANDS) {
      const predicted = sums.map((s) => toSentiment(s, band, center).label);
      const f1 = macroF1(gold, predicted, ['negative', 'neutral', 'positive']);
      // Ties go to the center nearest 0.
      if (f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) < 1e-9 && Math.abs(center) < Math.abs(best.center))) best = { f1, band: round(band, 2), center: round(center, 2) };
    }
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
/** `--verbose`: log every cross-validated setting; `--cv-only`: only report the cross-validation, write nothing. */
const VERBOSE = process.argv.includes('--verbose');
const CV_ONLY = process.argv.includes('--cv-only');
/** `--only=de,es`: train just these languages (for quick experiments; the mean band needs en/de/es). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('usage: npm run train:sentiment -- DATA_DIR\n');
  process.exitCode = 2;
} else {
  try {
    main(findDataFolder(dir, 'sentiment', (folder) => readdirSync(folder).some(isTrainingFile)));
  } catch (err) {
    // A folder or file that cannot be read, a bad line: one line, not a stack trace.
    process.stderr.write(VERBOSE ? `${err.stack}\n` : `train:sentiment: ${err.message}\n`);
    process.exitCode = 1;
  }
}
