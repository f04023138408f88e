import type { Sentiment } from '../types.js';
import { BOOSTERS, CONTRAST, EMOJI, NEGATORS } from './cues.js';

/** A stretch of text between sentence ends and contrast words ("…, but …"). */
export interface Clause {
  start: number;
  end: number;
  sum: number;
  /** Clauses of one sentence share it: a contrast outweighs what came before it. */
  sentence: number;
  /** Words and emoji that carried a score, for explaining a verdict. */
  cues: string[];
}

/** Words after a negator that it still flips: "not very good at all". */
const NEGATION_SCOPE = 3;
/** VADER's dampening of a negated word: "not good" is milder than "bad". */
const NEGATED_WEIGHT = -0.74;
const CAPS_WEIGHT = 1.4;
const ELONGATED_WEIGHT = 1.3;
/** Before "but" counts half, after it half again as much (Hutto & Gilbert 2014). */
const BEFORE_CONTRAST_WEIGHT = 0.5;
const AFTER_CONTRAST_WEIGHT = 1.5;
/** Normalises an unbounded sum into (-1, 1) as VADER does. */
const NORMALISE_ALPHA = 15;
/** |score| below this is neutral. */
export const NEUTRAL_BAND = 0.05;

const EMOTICON_SOURCE = Object.keys(EMOJI)
  .filter((k) => /^[\x20-\x7e]+$/.test(k))
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

const TOKEN = new RegExp(
  [
    String.raw`(https?:\/\/\S+|[@#][\p{L}\p{N}_]+)`, // 1: skipped; "@iLoveX" says nothing
    `(${EMOTICON_SOURCE})(?![\\p{L}\\p{N}])`, // 2: emoticon
    String.raw`(\p{Extended_Pictographic}\uFE0F?)`, // 3: emoji
    String.raw`([\p{L}\p{N}]+(?:['’][\p{L}]+)?)`, // 4: word
    String.raw`([.!?;\n]+)`, // 5: sentence end
    String.raw`(,)`, // 6: ends a negation's scope
  ].join('|'),
  'gu',
);

/** Splits a text into scored clauses. Pure; the lexicon maps folded words to AFINN-style scores. */
export function analyzeSentiment(text: string, lexicon: ReadonlyMap<string, number>): Clause[] {
  const clauses: Clause[] = [];
  let sentence = 0;
  let clause: Clause = { start: 0, end: 0, sum: 0, sentence, cues: [] };
  let negation = 0;
  let boost = 1;
  const allCaps = text === text.toUpperCase();

  const close = (end: number) => {
    clause.end = end;
    clauses.push(clause);
  };

  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    if (m[1]) continue;
    if (m[5]) {
      const bangs = (m[5].match(/!/g) ?? []).length;
      clause.sum *= 1 + 0.15 * Math.min(3, bangs);
      close(at + m[0].length);
      sentence++;
      clause = { start: at + m[0].length, end: 0, sum: 0, sentence, cues: [] };
      negation = 0;
      boost = 1;
      continue;
    }
    if (m[6]) {
      negation = 0;
      continue;
    }
    const glyph = m[2] ?? m[3];
    if (glyph) {
      const score = EMOJI[glyph] ?? EMOJI[glyph.replace(/\uFE0F$/, '')];
      if (score) {
        clause.sum += score;
        clause.cues.push(glyph);
      }
      continue;
    }
    const raw = m[4]!;
    const word = raw.toLowerCase().replace(/’/g, "'");
    if (CONTRAST.has(word)) {
      close(at);
      clause = { start: at, end: 0, sum: 0, sentence, cues: [] };
      negation = 0;
      boost = 1;
      continue;
    }
    if (NEGATORS.has(word) || word.endsWith("n't")) {
      negation = NEGATION_SCOPE;
      continue;
    }
    const booster = BOOSTERS[word];
    if (booster !== undefined) {
      boost *= booster;
      continue;
    }
    const found = lookup(word, lexicon);
    if (found) {
      let score = found.score * boost;
      if (found.elongated) score *= ELONGATED_WEIGHT;
      if (!allCaps && raw.length > 1 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw)) score *= CAPS_WEIGHT;
      if (negation > 0) score *= NEGATED_WEIGHT;
      clause.sum += score;
      clause.cues.push(negation > 0 ? `not ${word}` : word);
      boost = 1;
    }
    if (negation > 0) negation--;
  }
  close(text.length);
  return clauses.filter((c) => c.end > c.start || c.sum !== 0);
}

function lookup(word: string, lexicon: ReadonlyMap<string, number>): { score: number; elongated: boolean } | undefined {
  const direct = lexicon.get(word);
  if (direct !== undefined) return { score: direct, elongated: false };
  // "goooood" → "good" or "god": try the double letter first.
  if (!/(\p{L})\1{2,}/u.test(word)) return undefined;
  for (const squeezed of [word.replace(/(\p{L})\1{2,}/gu, '$1$1'), word.replace(/(\p{L})\1{2,}/gu, '$1')]) {
    const s = lexicon.get(squeezed);
    if (s !== undefined) return { score: s, elongated: true };
  }
  return undefined;
}

/** The whole text's verdict: clauses after a contrast outweigh those before it. */
export function textSentiment(clauses: Clause[]): Sentiment {
  let total = 0;
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    const next = clauses[i + 1];
    const prev = clauses[i - 1];
    let weight = 1;
    if (next && next.sentence === c.sentence) weight = BEFORE_CONTRAST_WEIGHT;
    else if (prev && prev.sentence === c.sentence) weight = AFTER_CONTRAST_WEIGHT;
    total += c.sum * weight;
  }
  return toSentiment(total);
}

/**
 * The verdict toward whatever sits at `offset`: its own clause when that clause says something,
 * so "love Tesco, but Ocado lost my order" is positive for Tesco and negative for Ocado.
 */
export function sentimentAt(clauses: Clause[], offset: number): Sentiment {
  const own = clauses.find((c) => offset >= c.start && offset < c.end);
  if (own && own.sum !== 0) return toSentiment(own.sum);
  return textSentiment(clauses);
}

export function toSentiment(sum: number): Sentiment {
  const score = sum / Math.sqrt(sum * sum + NORMALISE_ALPHA);
  const rounded = Math.round(score * 1000) / 1000;
  const label = rounded >= NEUTRAL_BAND ? 'positive' : rounded <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { label, score: rounded };
}
