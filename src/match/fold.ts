import { RecentCache } from './recent-cache.js';

const COMBINING_MARKS = /\p{M}+/gu;
/** Three or more of one letter are an elongation ("niiiike"); two may be real spelling. */
const ELONGATED = /(\p{L})\1\1/u;
const LETTER = /^\p{L}$/u;

/** Words with capitals, accents or elongations, folded recently. */
const folded = new RecentCache<string>(50_000);

/** Case, diacritics and elongations folded away; what matching compares. */
export function fold(word: string): string {
  // The common case, plain ASCII, is checked in place: cheaper than hashing the word.
  let upper = false;
  let before = -1;
  let last = -1;
  for (let i = 0; i < word.length; i++) {
    let c = word.charCodeAt(i);
    if (c > 0x7f) return folded.get(word, foldWord);
    if (c >= 0x41 && c <= 0x5a) {
      upper = true;
      c |= 0x20;
    }
    if (c === last && c === before) return folded.get(word, foldWord);
    before = last;
    last = c;
  }
  return upper ? word.toLowerCase() : word;
}

function foldWord(word: string): string {
  let s = word.toLowerCase();
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(COMBINING_MARKS, '').replace(/ß/g, 'ss').replace(/ł/g, 'l').replace(/đ/g, 'd').replace(/ø/g, 'o');
  return ELONGATED.test(s) ? collapseElongations(s) : s;
}

/**
 * Each run of three or more of one letter as that letter, in one pass: the regular expression
 * `(\p{L})\1{2,}` runs out of stack on a run of millions ("a" five million times as a name).
 */
function collapseElongations(s: string): string {
  const chars = [...s];
  let out = '';
  for (let i = 0; i < chars.length; ) {
    const c = chars[i]!;
    let j = i + 1;
    while (chars[j] === c) j++;
    out += j - i >= 3 && LETTER.test(c) ? c : c.repeat(j - i);
    i = j;
  }
  return out;
}

/**
 * Words of a configured term, folded: "Coca-Cola" → ["coca", "cola"], "McDonald's" → ["mcdonald"],
 * "L'Oréal Paris" → ["loreal", "paris"].
 */
export function foldTerm(term: string): string[] {
  // Posts lose the possessive when tokenized ("Tesco's" is Tesco), so names lose it too; other
  // apostrophes join what they stand between, as in a post's words.
  return term
    .replace(/['’]s\b/giu, '')
    .replace(/(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(fold);
}

/**
 * The sign two initials are joined by ("M&S", "H & M", "B+Q"), which a post must write too;
 * undefined for anything else. Three or more initials (H-E-B, A.P.C.) are rarely an everyday
 * word, and keep their unsigned spellings (HEB).
 */
export function joinerOf(term: string, words: readonly string[]): string | undefined {
  if (words.length !== 2 || !words.every((w) => [...w].length === 1)) return undefined;
  const signs = term.replace(/[\p{L}\p{N}\s]/gu, '');
  return signs && new Set(signs).size === 1 ? signs[0]! : undefined;
}

/** A run of + or # after the last letter or digit; other marks ("Yahoo!") are punctuation in posts. */
const TRAILING_SIGN = /[\p{L}\p{N}]([+#]+)\s*$/u;

/**
 * The sign a name ends in ("C++", "F#", "Disney+"), which a post must write right after its last
 * word; undefined for anything else.
 */
export function signOf(term: string): string | undefined {
  return TRAILING_SIGN.exec(term)?.[1];
}

/**
 * Whether `sign` is written at `at`, in ASCII or in a compatibility form that reads as it: full
 * width (C＃, Disney＋, as in Japanese and Chinese text), small or superscript (C⁺⁺).
 */
export function signWrittenAt(text: string, sign: string, at: number): boolean {
  // Most words are followed by ASCII (a space, a comma): no form to fold there.
  if (text.charCodeAt(at) < 0x80) return text.startsWith(sign, at);
  return text.slice(at, at + sign.length).normalize('NFKC') === sign;
}
