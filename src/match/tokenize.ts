import { charClass, isWhitespace, LETTER, OTHER, runOf } from './char-class.js';
import { fold } from './fold.js';

export type TokenType = 'word' | 'handle' | 'hashtag' | 'url' | 'domain';

/** A piece of a post with its place in the original text, so matches can show their span. */
export interface Token {
  type: TokenType;
  /** As written. */
  raw: string;
  /** Folded; for handles and hashtags without the sigil, for URLs and domains the host. */
  norm: string;
  start: number;
  end: number;
}

const APOSTROPHES = /['’]/g;
const AT = 0x40;
const FULLWIDTH_AT = 0xff20;
const HASH = 0x23;
const FULLWIDTH_HASH = 0xff03;
const UNDERSCORE = 0x5f;
const DOT = 0x2e;
const HYPHEN = 0x2d;

/**
 * Splits a post into URLs, @handles, #hashtags, domains and words. A hand-written scanner: the
 * regular expression it replaced cost ~45 µs a post, most of the matching time. At each position
 * it tries, in order: a URL, a handle (not glued to a word before it), a hashtag, a domain
 * ("ocado.co.uk", letters-only top level), a word (letters and digits, with one apostrophe part:
 * "don't"). Letters and digits are Unicode's \p{L} and \p{N}.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Most characters are ASCII: spaces and punctuation are skipped before any other test.
    if (c < 0x80 && !isAsciiWordChar(c) && c !== AT && c !== HASH) {
      i++;
      continue;
    }
    if (c === 0x68 /* h */) {
      const end = urlEnd(text, i);
      if (end !== -1) {
        const raw = text.slice(i, end);
        tokens.push({ type: 'url', raw, norm: hostOf(raw), start: i, end });
        i = end;
        continue;
      }
    }
    if (c === AT || c === FULLWIDTH_AT) {
      const end = isHandleChar(codePointBefore(text, i)) ? -1 : handleEnd(text, i + 1);
      if (end !== -1) {
        const raw = text.slice(i, end);
        tokens.push({ type: 'handle', raw, norm: fold(raw.slice(1)), start: i, end });
        i = end;
      } else i += 1;
      continue;
    }
    if (c === HASH || c === FULLWIDTH_HASH) {
      const end = runOf(text, i + 1, isHandleChar);
      if (end > i + 1) {
        const raw = text.slice(i, end);
        tokens.push({ type: 'hashtag', raw, norm: fold(raw.slice(1)), start: i, end });
        i = end;
      } else i += 1;
      continue;
    }
    if (c >= 0x80) {
      const cp = text.codePointAt(i)!;
      if (charClass(cp) === OTHER) {
        i += cp > 0xffff ? 2 : 1;
        continue;
      }
    }
    const wordEnd = wordRunEnd(text, i);
    let plain = wordIsPlain;
    const next = text.charCodeAt(wordEnd);
    if (next === DOT || next === HYPHEN) {
      const end = domainEnd(text, i);
      if (end !== -1) {
        const raw = text.slice(i, end);
        tokens.push({ type: 'domain', raw, norm: raw.toLowerCase(), start: i, end });
        i = end;
        continue;
      }
    }
    let end = wordEnd;
    // One apostrophe part made of letters: "don't", "Ocado's".
    if ((next === 0x27 || next === 0x2019) && wordEnd + 1 < n) {
      const after = runOf(text, wordEnd + 1, isLetter);
      if (after > wordEnd + 1) {
        end = after;
        plain = false;
      }
    }
    let raw = text.slice(i, end);
    // "Ocado's" is Ocado; other apostrophes ("don't") stay part of the word as written, and are
    // left out of what is compared, as foldTerm leaves them out of names: "L'Oréal", "O’Neill".
    if (end - i > 2 && isLetterS(raw.charCodeAt(raw.length - 1)) && isApostrophe(raw.charCodeAt(raw.length - 2))) {
      raw = raw.slice(0, -2);
    }
    const norm = plain ? raw : end !== wordEnd && raw.length > wordEnd - i ? fold(raw.replace(APOSTROPHES, '')) : fold(raw);
    tokens.push({ type: 'word', raw, norm, start: i, end: i + raw.length });
    i = end;
  }
  return tokens;
}

function isAsciiWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** s, S, and the long s (ſ) that case-insensitive matching also takes for s. */
function isLetterS(c: number): boolean {
  return c === 0x73 || c === 0x53 || c === 0x17f;
}

/** Set by wordRunEnd: the run was lower-case ASCII without elongation, so it is its own fold. */
let wordIsPlain = true;

/** End of the letters and digits from `i`: runOf(text, i, isWordChar), with ASCII in line. */
function wordRunEnd(text: string, i: number): number {
  const n = text.length;
  const start = i;
  let plain = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (i >= start + 2 && c === text.charCodeAt(i - 1) && c === text.charCodeAt(i - 2)) plain = false;
      i++;
    } else if (c >= 0x41 && c <= 0x5a) {
      plain = false;
      i++;
    } else if (c < 0x80) break;
    else {
      const cp = text.codePointAt(i)!;
      if (charClass(cp) === OTHER) break;
      plain = false;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  wordIsPlain = plain;
  return i;
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}

function isWordChar(cp: number): boolean {
  return charClass(cp) !== OTHER;
}

function isLetter(cp: number): boolean {
  return charClass(cp) === LETTER;
}

function isHandleChar(cp: number): boolean {
  return cp === UNDERSCORE || charClass(cp) !== OTHER;
}


/** The code point ending just before `i` (a surrogate pair counts as one), or -1 at the start. */
function codePointBefore(text: string, i: number): number {
  if (i === 0) return -1;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2)!;
  }
  return low;
}

/** After the sigil: handle characters, dots allowed inside ("@tesco.uk") but not at the end. */
function handleEnd(text: string, i: number): number {
  if (i >= text.length || !isHandleChar(text.codePointAt(i)!)) return -1;
  let end = i;
  let p = i;
  while (p < text.length) {
    const cp = text.codePointAt(p)!;
    if (cp === DOT) p += 1;
    else if (isHandleChar(cp)) end = p += cp > 0xffff ? 2 : 1;
    else break;
  }
  return end;
}

/** "http://" or "https://" and at least one character up to whitespace, <, >, " or '. */
function urlEnd(text: string, i: number): number {
  let p: number;
  if (text.startsWith('https://', i)) p = i + 8;
  else if (text.startsWith('http://', i)) p = i + 7;
  else return -1;
  const start = p;
  while (p < text.length && !endsUrl(text.charCodeAt(p))) p++;
  return p > start ? p : -1;
}

/** Whitespace, <, >, " or ': what closes a URL in running text. */
function endsUrl(c: number): boolean {
  return c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27 || isWhitespace(c);
}

/**
 * One or more labels (letters, digits and inner hyphens), each followed by a dot, then a top
 * level of two or more letters not followed by a letter or digit. The longest such run wins,
 * as the greedy regular expression (label\.)+\p{L}{2,} would have it. -1 when there is none.
 */
function domainEnd(text: string, i: number): number {
  const n = text.length;
  const tops: number[] = [];
  let p = i;
  for (;;) {
    if (p >= n || !isWordChar(text.codePointAt(p)!)) break;
    let q = p;
    let lastWordEnd = p;
    while (q < n) {
      const cp = text.codePointAt(q)!;
      if (isWordChar(cp)) lastWordEnd = q += cp > 0xffff ? 2 : 1;
      else if (cp === HYPHEN) q += 1;
      else break;
    }
    if (q < n && text.charCodeAt(q) === DOT && lastWordEnd === q) {
      tops.push(q + 1);
      p = q + 1;
    } else break;
  }
  for (let k = tops.length - 1; k >= 0; k--) {
    const start = tops[k]!;
    const end = runOf(text, start, isLetter);
    if (countCodePoints(text, start, end) >= 2 && (end >= n || !isWordChar(text.codePointAt(end)!))) return end;
  }
  return -1;
}

function countCodePoints(text: string, start: number, end: number): number {
  let count = 0;
  for (let p = start; p < end; p += text.codePointAt(p)! > 0xffff ? 2 : 1) count++;
  return count;
}

/** Lower-case host of a URL without "www."; plain ASCII hosts skip the full URL parser. */
function hostOf(url: string): string {
  const start = url.indexOf('//') + 2;
  let end = start;
  while (end < url.length && isPlainHostChar(url.charCodeAt(end))) end++;
  const stop = end < url.length ? url.charCodeAt(end) : 0x2f;
  const host = url.slice(start, end).toLowerCase();
  // Anything unusual (ports, user info, IP addresses, IDN, backslashes) goes to the real parser.
  const plain =
    (stop === 0x2f || stop === 0x3f || stop === 0x23) &&
    /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) &&
    /[a-z]/.test(host.slice(host.lastIndexOf('.') + 1)) &&
    !host.includes('xn--');
  if (plain) return host.startsWith('www.') ? host.slice(4) : host;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

function isPlainHostChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === DOT || c === HYPHEN;
}

/** "OcadoFail" → ["Ocado", "Fail"]; "iPhone15" → ["i", "Phone", "15"]. */
export function splitCamelCase(body: string): string[] {
  return body.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu) ?? [];
}
