import { naturalVocabulary } from './natural-vocabulary.js';

/**
 * Words whose customer-care meaning differs from AFINN's general one ("please help" is a request,
 * not praise; "late" and "slow" are complaints). Applied over AFINN.
 */
const CARE_OVERRIDES: Record<string, number> = {
  help: 0,
  joke: -2,
  lol: 1,
  late: -2,
  later: 0,
  slow: -2,
  crashed: -2,
  crashing: -2,
  refund: -1,
  smashed: -2,
  cancelled: -2,
  missing: -2,
  substituted: -1,
  overcharged: -3,
  waiting: -1,
  unresolved: -2,
  rip: -1,
  ugh: -2,
  meh: -1,
};

let cached: Map<string, number> | undefined;

/** AFINN-165 as natural's analyzer has it, plus the overrides above. */
export function englishLexicon(): Map<string, number> {
  if (cached) return cached;
  const vocabulary = naturalVocabulary('English', 'afinn');
  cached = new Map(Object.entries(vocabulary).map(([word, score]) => [word, Number(score)]));
  for (const [word, score] of Object.entries(CARE_OVERRIDES)) cached.set(word, score);
  return cached;
}
