import type { Rules } from './compile-rules.js';
import { tokenize } from './tokenize.js';

/**
 * The text with the words that start a brand's name or alias blanked out, for the language
 * detector: a name carries no language, and one like "Ocado" reads as Spanish, enough to tip a
 * short English post ("Ocado lost my parcel, awful") into the wrong lexicon. Offsets are kept.
 */
export function blankBrandWords(text: string, rules: Rules): string {
  let out = '';
  let at = 0;
  for (const t of tokenize(text)) {
    if (t.type !== 'word' || !(rules.byFirstWord.has(t.norm) || rules.byFused.has(t.norm))) continue;
    out += text.slice(at, t.start) + ' '.repeat(t.end - t.start);
    at = t.end;
  }
  return at === 0 ? text : out + text.slice(at);
}
