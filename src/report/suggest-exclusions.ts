import { fold } from '../match/fold.js';
import { tokenize } from '../match/tokenize.js';
import type { JudgedMention } from '../store/rule-stats.js';

export interface ExclusionSuggestion {
  brand: string;
  phrase: string;
  /** False positives it would have removed. */
  falsePositives: number;
}

/** A phrase must recur in false positives before it is worth suggesting. */
const MIN_FALSE_POSITIVES = 2;

/**
 * Phrases formed by the matched word and its neighbour ("apple pie", "big apple") that recur in
 * mentions marked false positive and never in ones confirmed relevant: candidates for `exclude`.
 */
export function suggestExclusions(judged: readonly JudgedMention[]): ExclusionSuggestion[] {
  const counts = new Map<string, { brand: string; phrase: string; fp: number; relevant: number }>();
  for (const m of judged) {
    for (const phrase of new Set(neighbourPhrases(m))) {
      const key = `${m.brand}\u0000${phrase}`;
      const c = counts.get(key) ?? { brand: m.brand, phrase, fp: 0, relevant: 0 };
      if (m.verdict === 'false-positive') c.fp++;
      else c.relevant++;
      counts.set(key, c);
    }
  }
  return [...counts.values()]
    .filter((c) => c.fp >= MIN_FALSE_POSITIVES && c.relevant === 0)
    .map((c) => ({ brand: c.brand, phrase: c.phrase, falsePositives: c.fp }))
    .sort((a, b) => b.falsePositives - a.falsePositives || a.phrase.localeCompare(b.phrase));
}

function neighbourPhrases(m: JudgedMention): string[] {
  const words = tokenize(m.text).filter((t) => t.type === 'word');
  const i = words.findIndex((w) => w.start >= m.span_start && w.start < m.span_end);
  if (i === -1) return [];
  let j = i;
  while (j + 1 < words.length && words[j + 1]!.end <= m.span_end) j++;
  const matched = words.slice(i, j + 1).map((w) => fold(w.raw));
  const out: string[] = [];
  const before = words[i - 1];
  const after = words[j + 1];
  if (before) out.push([fold(before.raw), ...matched].join(' '));
  if (after) out.push([...matched, fold(after.raw)].join(' '));
  return out;
}
