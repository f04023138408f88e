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
 * The number a top-level member of a JSON object was written as (`"id": 1e400` → "1e400"), or
 * undefined when the member is missing or not a number. For writing back a number that
 * JSON.parse could not keep (1e400 became Infinity, 12345678901234567891.5 lost its digits).
 */
export function numberLiteralOf(json: string, key: string): string | undefined {
  let depth = 0;
  let lastKey: string | undefined;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      lastKey = depth === 1 ? json.slice(i, end + 1) : undefined;
      i = end;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === COLON && depth === 1 && lastKey !== undefined && JSON.parse(lastKey) === key) {
      const literal = /^\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?=\s*[,}])/.exec(json.slice(i + 1))?.[1];
      return literal;
    }
  }
  return undefined;
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
