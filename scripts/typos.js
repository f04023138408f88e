// Realistic typos for evaluating fuzzy matching: one edit per brand word, of the kinds people
// make on phones and keyboards (Damerau 1964; Kukich 1992): an adjacent transposition, a dropped
// letter, a doubled letter, or a neighbouring key. Deterministic per post id.

const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS = new Map();
for (let r = 0; r < QWERTY_ROWS.length; r++) {
  for (let c = 0; c < QWERTY_ROWS[r].length; c++) {
    const near = [QWERTY_ROWS[r][c - 1], QWERTY_ROWS[r][c + 1], QWERTY_ROWS[r - 1]?.[c], QWERTY_ROWS[r + 1]?.[c]];
    NEIGHBOURS.set(QWERTY_ROWS[r][c], near.filter(Boolean));
  }
}

/** Below this length earshot does not look for misspellings (by design), so none are injected. */
const MIN_LENGTH = 5;

function random(seed) {
  let h = 2166136261;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

/** The word with one edit that keeps its first letter (people rarely get that one wrong). */
export function misspell(word, rand) {
  const i = 1 + Math.floor(rand() * (word.length - 2)); // an interior position
  switch (Math.floor(rand() * 4)) {
    case 0:
      return word[i] === word[i + 1] ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default: {
      const lower = word[i].toLowerCase();
      const options = NEIGHBOURS.get(lower) ?? [lower];
      const sub = options[Math.floor(rand() * options.length)];
      return word.slice(0, i) + (word[i] === lower ? sub : sub.toUpperCase()) + word.slice(i + 1);
    }
  }
}

/** Misspells every plain-word occurrence of the one-word terms (not in @handles, #tags or URLs). */
export function injectTypos(text, terms, seed) {
  const rand = random(seed);
  const words = terms.filter((t) => /^[\p{L}]+$/u.test(t) && t.length >= MIN_LENGTH);
  if (words.length === 0) return text;
  const pattern = new RegExp(`(?<![@#\\p{L}\\p{N}_/.])(${words.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  return text.replace(pattern, (w) => misspell(w, rand));
}
