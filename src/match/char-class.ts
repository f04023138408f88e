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

const PICTOGRAPHIC_RE = /^\p{Extended_Pictographic}$/u;
const pictographic = new Map<number, boolean>();

/** Whether a code point is an emoji-like pictograph (Unicode's Extended_Pictographic). */
export function isPictographic(cp: number): boolean {
  if (cp < 0xa9) return false;
  let known = pictographic.get(cp);
  if (known === undefined) pictographic.set(cp, (known = PICTOGRAPHIC_RE.test(String.fromCodePoint(cp))));
  return known;
}

/** What JavaScript's \s matches. */
export function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** End of the run of code points from `i` that pass `test`. */
export function runOf(text: string, i: number, test: (cp: number) => boolean): number {
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    if (!test(cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}
