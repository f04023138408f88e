import { charClass, isPictographic, isWhitespace, LETTER, OTHER, runOf } from '../match/char-class.js';
import { EMOJI } from './cues.js';

/** What the sentiment scorer sees in a text, in order. */
export const SKIPPED = 1; // a link, @handle or #tag: "@iLoveX" says nothing (a tag's words do: scanTagWords)
export const EMOTICON = 2;
export const EMOJI_GLYPH = 3; // with its variation selector, if any
export const WORD = 4;
export const SENTENCE_END = 5; // a run of . ! ? ; … and line breaks
export const COMMA = 6; // ends a negation's scope

export type SentimentTokenKind = typeof SKIPPED | typeof EMOTICON | typeof EMOJI_GLYPH | typeof WORD | typeof SENTENCE_END | typeof COMMA;

/** ASCII emoticons of the emoji table, longest first, so ":-)" wins over ":-". */
const EMOTICONS = Object.keys(EMOJI)
  .filter((k) => /^[\x20-\x7e]+$/.test(k))
  .sort((a, b) => b.length - a.length);
const EMOTICON_STARTS = new Set(EMOTICONS.map((e) => e.charCodeAt(0)));

/**
 * Calls `visit` with each token's kind and span. A hand-written scanner (a regular expression
 * with match arrays cost most of the scoring time); at each position it tries, in order: a link
 * or tag, an emoticon not glued to a following letter or digit, an emoji, a word (letters and
 * digits, with one apostrophe part: "don't"), a sentence end, a comma.
 */
export function scanSentimentTokens(text: string, visit: (kind: SentimentTokenKind, start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x68 /* h */ && (text.startsWith('https://', i) || text.startsWith('http://', i))) {
      const from = i + (text.charCodeAt(i + 4) === 0x73 ? 8 : 7);
      let end = from;
      while (end < n && !isWhitespace(text.charCodeAt(end))) end++;
      if (end > from) {
        visit(SKIPPED, i, end);
        i = end;
        continue;
      }
    }
    if (c === 0x40 || c === 0x23) {
      const end = runOf(text, i + 1, isTagChar);
      if (end > i + 1) {
        visit(SKIPPED, i, end);
        i = end;
        continue;
      }
    }
    if (EMOTICON_STARTS.has(c)) {
      const end = emoticonEnd(text, i);
      if (end !== -1) {
        visit(EMOTICON, i, end);
        i = end;
        continue;
      }
    }
    const cp = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    const size = cp > 0xffff ? 2 : 1;
    if (isPictographic(cp)) {
      const end = text.charCodeAt(i + size) === 0xfe0f ? i + size + 1 : i + size;
      visit(EMOJI_GLYPH, i, end);
      i = end;
      continue;
    }
    if (charClass(cp) !== OTHER) {
      let end = runOf(text, i, isWordChar);
      const next = text.charCodeAt(end);
      if (next === 0x27 || next === 0x2019) {
        const after = runOf(text, end + 1, isLetter);
        if (after > end + 1) end = after;
      }
      visit(WORD, i, end);
      i = end;
      continue;
    }
    if (isSentenceEnd(c)) {
      let end = i + 1;
      while (end < n && isSentenceEnd(text.charCodeAt(end))) end++;
      visit(SENTENCE_END, i, end);
      i = end;
      continue;
    }
    if (c === 0x2c) visit(COMMA, i, i + 1);
    i += size;
  }
}

function emoticonEnd(text: string, i: number): number {
  for (const e of EMOTICONS) {
    if (!text.startsWith(e, i)) continue;
    const end = i + e.length;
    if (end >= text.length || !isWordChar(text.codePointAt(end)!)) return end;
  }
  return -1;
}

function isSentenceEnd(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a || c === 0x2026;
}

function isWordChar(cp: number): boolean {
  return charClass(cp) !== OTHER;
}

function isLetter(cp: number): boolean {
  return charClass(cp) === LETTER;
}

function isTagChar(cp: number): boolean {
  return cp === 0x5f || charClass(cp) !== OTHER;
}

/**
 * The words inside a #tag, by their capitals: "#OcadoFail" is "Ocado" and "Fail", "#NeverAgain"
 * "Never" and "Again", "#annoyed" one word. Tags carry a post's mood as often as its words do;
 * tags run together in lower case ("#fixyourcrap") stay one word, which lexicons do not know.
 */
const TAG_WORD = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+(?:['’][\p{L}]+)?|\p{Lu}[\p{Lu}\p{M}]*|\p{N}+|[\p{L}\p{M}]+/gu;

/** Calls `visit` with the span of each word of the tag at text[start, end) (its "#" included). */
export function scanTagWords(text: string, start: number, end: number, visit: (start: number, end: number) => void): void {
  if (text.charCodeAt(start) !== 0x23) return;
  const body = text.slice(start + 1, end);
  for (const m of body.matchAll(TAG_WORD)) visit(start + 1 + m.index, start + 1 + m.index + m[0].length);
}
