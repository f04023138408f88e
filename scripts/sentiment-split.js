// The one train / held-out split shared by train-sentiment.js and eval-sentiment.js: an item is
// held out when the FNV-1a hash of its id falls in the last fifth, so the split never depends on
// file order and a held-out item is never trained on.
export const HELD_OUT_FIFTHS = 1;

export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** True for the ~20% of items evaluation reserves. */
export function isHeldOut(id) {
  return fnv1a(String(id)) % 5 < HELD_OUT_FIFTHS;
}

/** Files whose train part the trainer learns from; everything else is evaluated whole. */
export function isTrainingFile(file) {
  return /^(mozetic-[a-z]+|umsab-[a-z]+-train|vader-tweets)\.jsonl$/.test(file);
}

/**
 * The file whose training part a supervised reference for `file` learns from: the file itself when
 * it is trained on, its -train file for a -val file, else null.
 */
export function referenceTrainingFile(file) {
  if (isTrainingFile(file)) return file;
  const train = file.replace(/-val\.jsonl$/, '-train.jsonl');
  return train !== file && isTrainingFile(train) ? train : null;
}

/**
 * UMSAB replaced each link with a bare "http" (and each handle with "@user"). Made a link again, the
 * evaluation scores what real posts hold: a link, which the scorer skips and an opinion model counts
 * as `<link>`; the trainer does the same for opinion models. (Word weights are still learned from
 * the text as given: where they learned "http", it is a word real posts seldom have.)
 */
export function restoreLinks(text) {
  return text.replace(/\bhttps?\b(?!:\/\/)/g, 'http://link');
}
