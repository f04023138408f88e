/** Sixteen digits in a row: a number JSON.parse may round (past 2^53, as tweet ids are). */
export const BIG_INTEGER_HINT = /\d{16}/;

/**
 * Integers too big for a double, as members' values (`"id": 1897000000000000001`), kept as
 * written, as strings: parsed as numbers, tweet ids 1897000000000000001 and …002 both became
 * 1897000000000000000, and one post was lost. One pass that knows where strings are, so digits
 * inside a text (`"text": "order: 12345678901234567890}"`) are never touched.
 */
export function quoteBigIntegers(json: string): string {
  let out = '';
  let copied = 0;
  let afterColon = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(json, i);
      afterColon = false;
      continue;
    }
    if (c === COLON) {
      afterColon = true;
      continue;
    }
    if (c === SPACE || c === TAB || c === LF || c === CR) continue;
    if (afterColon && (c === MINUS || isDigit(c))) {
      let end = i + 1;
      while (end < json.length && isDigit(json.charCodeAt(end))) end++;
      const digits = json.slice(i, end);
      // A whole number written with a zero fraction (1897000000000000001.0) is one too.
      let after = end;
      if (json.charCodeAt(after) === DOT) {
        after++;
        while (json.charCodeAt(after) === ZERO) after++;
        if (isDigit(json.charCodeAt(after)) || after === end + 1) after = end;
      }
      const next = json.charCodeAt(after);
      const whole = after === json.length || !(next === DOT || next === E || next === UPPER_E || isDigit(next));
      if (whole && digits.replace('-', '').length >= 16 && !Number.isSafeInteger(Number(digits))) {
        out += `${json.slice(copied, i)}"${digits}"`;
        copied = after;
      }
      i = after - 1;
    }
    afterColon = false;
  }
  return copied === 0 ? json : out + json.slice(copied);
}

/**
 * A top-level member's value as written in a JSON object (`"id": 1e400` → "1e400", `"id": [1, 2]`
 * → "[1, 2]"), the last one where the key is repeated, as JSON.parse keeps it; undefined when it
 * is missing. For writing back what JSON.parse could not keep (1e400 became Infinity,
 * 12345678901234567891.5 and a tweet id inside a list lost their digits).
 */
export function memberLiteralOf(json: string, key: string): string | undefined {
  let depth = 0;
  let lastKey: string | undefined;
  let found: string | undefined;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      lastKey = depth === 1 ? json.slice(i, end + 1) : undefined;
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COLON && depth === 1 && lastKey !== undefined && JSON.parse(lastKey) === key) {
      const end = valueEnd(json, i + 1);
      found = json.slice(i + 1, end).trim();
      i = end - 1;
    }
  }
  return found;
}

/** The index just past the JSON value that starts at or after `start`. */
function valueEnd(json: string, start: number): number {
  let depth = 0;
  for (let i = start; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(json, i);
      if (depth === 0) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === COMMA && depth === 0) return i;
  }
  return json.length;
}

/** The index of the quote that closes the string opening at `start` (or the last index). */
function stringEnd(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return json.length - 1;
}

const isDigit = (c: number) => c >= ZERO && c <= NINE;
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const E = 0x65;
const UPPER_E = 0x45;
