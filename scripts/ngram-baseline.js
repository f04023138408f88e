// A supervised reference for eval-sentiment.js: how far a plain bag-of-n-grams classifier gets when
// trained on the same training part of the same file. It shows what the labels themselves allow:
// when this reference and earshot land close together, a higher score would need more or cleaner
// data, not another rule.
//
// Features: lowercased word unigrams and bigrams, and character 2- to 5-grams of each
// whitespace-separated token padded with spaces (scikit-learn's "char_wb"), hashed into 2^20
// slots, binary, each post's vector scaled to unit length. Model: softmax regression with classes
// weighted equally and an L2 penalty at scikit-learn's default strength (C = 1), fitted by
// full-batch Adam. Nothing is tuned on held-out items. Deterministic: same data, same scores.

const DIMENSIONS = 1 << 20;
const ITERATIONS = 150;
const LEARNING_RATE = 0.1;
const C = 1;

/** Sorted, unique feature slots of a text and the value each takes (1/√count). */
export function ngramFeatures(text) {
  const lower = text.toLowerCase();
  const slots = new Set();
  const words = lower.match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    slots.add(hash(`w ${words[i]}`));
    if (i > 0) slots.add(hash(`b ${words[i - 1]} ${words[i]}`));
  }
  for (const token of lower.split(/\s+/)) {
    if (!token) continue;
    const padded = ` ${token} `;
    for (let n = 2; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) slots.add(hash(`c${padded.slice(i, i + n)}`));
    }
  }
  const index = Int32Array.from(slots).sort();
  return { index, value: index.length ? 1 / Math.sqrt(index.length) : 0 };
}

function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (DIMENSIONS - 1);
}

/**
 * Fits the reference on `items` ({text, label}) over `classes` and returns a function from a text to
 * its predicted class.
 */
export function trainNgramBaseline(items, classes) {
  const k = classes.length;
  const docs = items.map((x) => {
    const y = classes.indexOf(x.label);
    if (y === -1) throw new Error(`label "${x.label}" is not one of ${classes.join(', ')}`);
    return { ...ngramFeatures(x.text), y };
  });
  const n = docs.length;
  // Classes weighted equally: each class's posts together count as much as any other's.
  const perClass = classes.map((_, c) => docs.filter((d) => d.y === c).length);
  const sampleWeight = perClass.map((m) => (m ? n / (k * m) : 0));
  // Only slots some training post has can get a weight: the model is kept on those.
  const used = [...new Set(docs.flatMap((d) => [...d.index]))].sort((a, b) => a - b);
  const column = new Map(used.map((slot, i) => [slot, i]));
  const local = docs.map((d) => Int32Array.from(d.index, (s) => column.get(s)));
  const size = used.length * k;
  const w = new Float64Array(size);
  const bias = new Float64Array(k);
  const m = new Float64Array(size + k);
  const v = new Float64Array(size + k);
  const grad = new Float64Array(size + k);
  const lambda = 1 / (C * n);
  const logits = new Float64Array(k);
  for (let t = 1; t <= ITERATIONS; t++) {
    for (let i = 0; i < size; i++) grad[i] = lambda * w[i];
    for (let c = 0; c < k; c++) grad[size + c] = 0;
    for (let d = 0; d < n; d++) {
      const doc = docs[d];
      const cols = local[d];
      softmax(cols, doc.value, w, bias, k, logits);
      const sw = sampleWeight[doc.y] / n;
      for (let c = 0; c < k; c++) {
        const g = sw * (logits[c] - (c === doc.y ? 1 : 0));
        if (g === 0) continue;
        grad[size + c] += g;
        const gv = g * doc.value;
        for (let j = 0; j < cols.length; j++) grad[cols[j] * k + c] += gv;
      }
    }
    // Adam over every weight and the biases.
    const b1 = 0.9;
    const b2 = 0.999;
    const step = (LEARNING_RATE * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < size + k; i++) {
      m[i] = b1 * m[i] + (1 - b1) * grad[i];
      v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
      const delta = (step * m[i]) / (Math.sqrt(v[i]) + 1e-8);
      if (i < size) w[i] -= delta;
      else bias[i - size] -= delta;
    }
  }
  return (text) => {
    const { index, value } = ngramFeatures(text);
    const cols = Int32Array.from([...index].filter((s) => column.has(s)), (s) => column.get(s));
    softmax(cols, value, w, bias, k, logits);
    let best = 0;
    for (let c = 1; c < k; c++) if (logits[c] > logits[best]) best = c;
    return classes[best];
  };
}

/** Class probabilities of one post into `out`. */
function softmax(cols, value, w, bias, k, out) {
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    let z = bias[c];
    for (let j = 0; j < cols.length; j++) z += w[cols[j] * k + c] * value;
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c] - max);
  for (let c = 0; c < k; c++) out[c] /= sum;
}
