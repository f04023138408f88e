/** What a code point counts as when splitting text into tokens. */
export const OTHER = 0;
export const LETTER = 1;
export const NUMBER = 2;

const LETTER_RE = /^\p{L}$/u;
const NUMBER_RE = /^\p{N}$/u;
/** Non-ASCII classes, looked up once per code point and remembered: 0 means not yet known. */
const known = new Map<number, number>();

/** LETTER, NUMBER or OTHER, as Unicode's \p{L} and \p{N} say; ASCII without a lookup. */
export function charClass(cp: number): number {
  if (cp < 128) {
    if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) return LETTER;
    return cp >= 48 && cp <= 57 ? NUMBER : OTHER;
  }
  let c = known.get(cp);
  if (c === undefined) {
    const s = String.fromCodePoint(cp);
    c = LETTER_RE.test(s) ? LETTER : NUMBER_RE.test(s) ? NUMBER : OTHER;
    known.set(cp, c);
  }
  return c;
}
