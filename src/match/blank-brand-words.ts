import type { Rules } from './compile-rules.js';
import { signWrittenAt } from './fold.js';
import { tokenize } from './tokenize.js';

/**
 * The text with the brands' names and aliases blanked out, for the language detector: a name
 * carries no language, and one like "Ocado" reads as Spanish, enough to tip a short English post
 * ("Ocado lost my parcel, awful") into the wrong lexicon. Offsets are kept.
 */
export function blankBrandWords(text: string, rules: Rules): string {
  let out = '';
  let at = 0;
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'word') continue;
    // A whole name or alias only ("the" of The Body Shop stays), and none of a case-sensitive
    // brand, whose name is an everyday word in other cases ("next week").
    const words = rules.byFused.get(t.norm)?.some((v) => !v.brand.caseSensitive)
      ? 1
      : (rules.byFirstWord.get(t.norm) ?? []).find(
          (v) =>
            !v.brand.caseSensitive &&
            v.words.every((w, k) => tokens[i + k]?.norm === w) &&
            (v.sign === undefined || signWrittenAt(text, v.sign, tokens[i + v.words.length - 1]!.end)),
        )?.words.length;
    if (!words) continue;
    const end = tokens[i + words - 1]!.end;
    out += text.slice(at, t.start) + ' '.repeat(end - t.start);
    at = end;
    i += words - 1;
  }
  return at === 0 ? text : out + text.slice(at);
}
