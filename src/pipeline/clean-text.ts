import { stripControls } from '../report/sanitize.js';

/** Characters stripControls removes: most posts have none, and a test is cheaper than a replace. */
const CONTROL_OR_ESCAPE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const NON_ASCII = /[^\u0000-\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A post's text as it is matched, scored and stored: composed (NFC), so that "Oca\u0301do"
 * pasted from a Mac is "Ocádo", and without escape sequences and control characters, which no
 * output shows. Spans are offsets into this text, so what is stored is what they point into.
 */
export function cleanText(text: string): string {
  // A lone surrogate (`"\ud800"` in JSON) cannot be stored as UTF-8: SQLite would keep three
  // bytes that read back as three U+FFFD, and every span after it would point three off.
  let clean = NON_ASCII.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC') : text;
  if (CONTROL_OR_ESCAPE.test(clean)) {
    // Controls that stand between words (a lone carriage return, Word's line break, a form feed,
    // the separators) become what they stand for: removed, they glued "from\rOcado" into one word.
    clean = stripControls(clean.replace(/\r\n?/g, '\n').replace(/[\v\f\u001c-\u001f\u0085]/g, ' '));
  }
  return clean;
}
