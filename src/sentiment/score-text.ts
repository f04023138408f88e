import { RecentCache } from '../match/recent-cache.js';
import type { Sentiment, SentimentLabel } from '../types.js';
import { EMOJI } from './cues.js';
import { LANGUAGE_CUES, type LanguageCues } from './cues-languages.js';
import { COMMA, EMOJI_GLYPH, EMOTICON, scanSentimentTokens, scanTagWords, SENTENCE_END, SKIPPED, WORD } from './sentiment-tokens.js';

/** A stretch of text between sentence ends and contrast words ("…, but …"). */
export interface Clause {
  start: number;
  end: number;
  sum: number;
  /** Clauses of one sentence share it: a contrast outweighs what came before it. */
  sentence: number;
  /** Words, emoji and closing marks ("?", "!", "...") that carried a score, for explaining a verdict. */
  cues: string[];
  /** Whether a word or emoji carried a score: a closing mark alone says nothing about a brand. */
  worded: boolean;
  /** Training only: each scored word and mark, and its multiplier (negation, boosters, emphasis) in this clause. */
  terms?: [string, number][];
  /** The summed opinion weights of its words (AnalyzeOptions.opinion); 0 without them. */
  opinion: number;
}

/** Options for analyzeSentiment beyond the lexicon. */
export interface AnalyzeOptions {
  /** Treat every word as a lexicon word of weight 1 and record `terms`: what training learns from. */
  features?: boolean;
  /**
   * Also add the weight of the word's first `stem` letters (key "prefix*"), so that inflected
   * forms unseen in training still count ("zadovoljan", "zadovoljna" → "zadov*"). 0: off. Several
   * lengths add up: [4, 6] counts "zado*" and "zadovo*". Prefixes are taken without diacritics.
   */
  stem?: Stem;
  /**
   * Words (as written, lowercased) and the marks `<link>`, `<handle>` and `<tag>`, weighted by how
   * much they say that a text takes a side rather than reports or chats (OpinionModel): summed
   * into each clause's `opinion`.
   */
  opinion?: ReadonlyMap<string, number>;
}

/** Prefix length(s) whose weights add to a word's; 0 or [] for whole words only. */
export type Stem = number | readonly number[];

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
/** |score| below this is neutral, unless a language's lexicon fitted its own band. */
export const NEUTRAL_BAND = 0.05;
/** How far past the band edge a score has to be for full confidence. */
const CONFIDENT_MARGIN = 0.25;
/** How far from 0.5 the opinion model's probability has to be for full confidence. */
const OPINION_MARGIN = 0.25;
/** A side with less confidence than this is a guess: reported as neutral, and flagged. */
export const UNSURE = 0.2;
const ENGLISH = LANGUAGE_CUES.en!;
const EVERY_WORD = { score: 1, elongated: false };

/**
 * Splits a text into scored clauses. Pure; the lexicon maps folded words (and emoji, overriding the
 * built-in emoji table) to AFINN-style scores; the cues are the language's negators, boosters and
 * contrast words.
 */
export function analyzeSentiment(
  text: string,
  lexicon: ReadonlyMap<string, number>,
  cues: LanguageCues = ENGLISH,
  { features = false, stem = 0, opinion = NO_OPINION }: AnalyzeOptions = {},
): Clause[] {
  const { negators, boosters, contrast, negatorSuffix, negatorPrefix } = cues;
  const classify = (raw: string): WordRole => {
    const word = foldWord(raw);
    const leaning = opinion.get(word) ?? 0;
    if (contrast.has(word)) return { word, kind: CONTRAST, weight: 1, found: null, opinion: leaning };
    if (negators.has(word) || (negatorSuffix && word.endsWith(negatorSuffix)) || (negatorPrefix && word.startsWith(negatorPrefix))) {
      return { word, kind: NEGATOR, weight: 1, found: null, opinion: leaning };
    }
    // Own keys only: a post saying "constructor" must not find Object.prototype's.
    if (Object.hasOwn(boosters, word)) return { word, kind: BOOSTER, weight: boosters[word]!, found: null, opinion: leaning };
    if (features) return { word, kind: PLAIN, weight: 1, found: EVERY_WORD, opinion: 0 };
    const found = lookupWord(word, lexicon, stem);
    // Most words carry no weight: they share one role instead of remembering one each.
    return found || leaning ? { word, kind: PLAIN, weight: 1, found, opinion: leaning } : UNSCORED;
  };
  // Training sees every word fresh; scoring remembers what each word is, as words repeat.
  const roles = features ? null : rolesFor(cues, lexicon, stem, opinion);
  const clauses: Clause[] = [];
  let sentence = 0;
  const open = (start: number): Clause =>
    features
      ? { start, end: 0, sum: 0, sentence, cues: [], worded: false, terms: [], opinion: 0 }
      : { start, end: 0, sum: 0, sentence, cues: [], worded: false, opinion: 0 };
  let clause = open(0);
  let negation = 0;
  let boost = 1;
  const allCaps = text === text.toUpperCase();

  const close = (end: number) => {
    clause.end = end;
    clauses.push(clause);
  };

  const word = (at: number, end: number) => {
    const raw = text.slice(at, end);
    const role = roles ? roles.get(raw, classify) : classify(raw);
    const folded = role.word;
    clause.opinion += role.opinion;
    if (role.kind === CONTRAST) {
      close(at);
      clause = open(at);
      negation = 0;
      boost = 1;
      return;
    }
    if (role.kind === NEGATOR) {
      negation = NEGATION_SCOPE;
      return;
    }
    if (role.kind === BOOSTER) {
      boost *= role.weight;
      return;
    }
    const found = role.found;
    if (found) {
      let score = found.score * boost;
      if (found.elongated) score *= ELONGATED_WEIGHT;
      if (!allCaps && raw.length > 1 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw)) score *= CAPS_WEIGHT;
      if (negation > 0) score *= NEGATED_WEIGHT;
      clause.sum += score;
      clause.worded = true;
      if (clause.terms) {
        clause.terms.push([folded, score]);
        const lengths = stemLengths(stem);
        if (lengths.length > 0) {
          const bare = stripMarks(folded);
          for (const n of lengths) if (bare.length > n) clause.terms.push([`${bare.slice(0, n)}*`, score]);
        }
      } else clause.cues.push(negation > 0 ? `not ${folded}` : folded);
      boost = 1;
    }
    if (negation > 0) negation--;
  };

  /** A sentence's closing mark, weighed as a word is, never negated or boosted. */
  const mark = (key: string) => {
    if (clause.terms) {
      clause.terms.push([key, 1]);
      return;
    }
    const weight = lexicon.get(key);
    if (weight) {
      clause.sum += weight;
      clause.cues.push(key);
    }
  };

  scanSentimentTokens(text, (kind, at, end) => {
    if (kind === SKIPPED) {
      if (opinion !== NO_OPINION) clause.opinion += opinion.get(markOf(text.charCodeAt(at))) ?? 0;
      // A tag's words weigh as the same words do in text. Weights are not learned from tags (in
      // the training tweets they name the news of the day), and a tag stands on its own ("no
      // forks #annoyed"): what came before it does not reach into it.
      if (!features && text.charCodeAt(at) === 0x23) {
        negation = 0;
        boost = 1;
        scanTagWords(text, at, end, word);
      }
      return;
    }
    if (kind === SENTENCE_END) {
      let bangs = 0;
      let questions = 0;
      let dots = 0;
      for (let k = at; k < end; k++) {
        const c = text.charCodeAt(k);
        if (c === 0x21) bangs++;
        else if (c === 0x3f) questions++;
        else if (c === 0x2e) dots++;
        else if (c === 0x2026) dots += 3;
      }
      const emphasis = 1 + 0.15 * Math.min(3, bangs);
      clause.sum *= emphasis;
      if (clause.terms) for (const t of clause.terms) t[1] *= emphasis;
      // The marks themselves lean too, with learned weights: "?" asks or doubts, "..." trails off.
      if (bangs > 0) mark('!');
      if (questions > 0) mark('?');
      if (dots > 1 && !isCutOff(text, at, end)) mark('...');
      close(end);
      sentence++;
      clause = open(end);
      negation = 0;
      boost = 1;
      return;
    }
    if (kind === COMMA) {
      negation = 0;
      return;
    }
    if (kind === EMOTICON || kind === EMOJI_GLYPH) {
      const glyph = text.slice(at, end);
      const bare = glyph.endsWith('\uFE0F') ? glyph.slice(0, -1) : glyph;
      if (clause.terms) {
        clause.terms.push([bare, 1]);
        return;
      }
      const score = lexicon.get(bare) ?? EMOJI[glyph] ?? EMOJI[bare];
      if (score) {
        clause.sum += score;
        clause.worded = true;
        clause.cues.push(glyph);
      }
      return;
    }
    word(at, end);
  });
  close(text.length);
  return clauses.filter((c) => c.end > c.start || c.sum !== 0);
}

/**
 * A "…" glued to the last word of a text, with at most links after it, is where a retweet or a
 * feed summary was cut off, not an ellipsis the author wrote: 93% of the "…" in the training
 * tweets were, and their weight would have learned retweets.
 */
function isCutOff(text: string, at: number, end: number): boolean {
  return end - at === 1 && text.charCodeAt(at) === 0x2026 && at > 0 && text.charCodeAt(at - 1) > 0x20 && ONLY_LINKS.test(text.slice(end));
}

const ONLY_LINKS = /^(?:\s+https?:\/\/\S+)*\s*$/;

/** A word as lexicons and cue lists key it: lowercase, with typographic apostrophes made plain. */
function foldWord(raw: string): string {
  const lower = raw.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
}

/**
 * How often each word and mark occurs in the text, keyed as the opinion model's weights are, so
 * that a clause's `opinion` is Σ count × weight: what the trainer learns from and --explain lists.
 */
export function opinionTerms(text: string): Map<string, number> {
  const out = new Map<string, number>();
  scanSentimentTokens(text, (kind, at, end) => {
    const count = (key: string) => out.set(key, (out.get(key) ?? 0) + 1);
    if (kind === SKIPPED) {
      count(markOf(text.charCodeAt(at)));
      scanTagWords(text, at, end, (from, to) => count(foldWord(text.slice(from, to))));
    } else if (kind === WORD) count(foldWord(text.slice(at, end)));
  });
  return out;
}

/** For --explain: the text's words and marks that weigh on whether it takes a side, strongest first ("<link> -1.20"). */
export function opinionCues(text: string, model: OpinionModel, limit = 8): string[] {
  const weighed: [string, number][] = [];
  for (const [term, n] of opinionTerms(text)) {
    const w = n * (model.words.get(term) ?? 0);
    if (w !== 0) weighed.push([term, w]);
  }
  weighed.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  return weighed.slice(0, limit).map(([term, w]) => `${term} ${w > 0 ? '+' : ''}${w.toFixed(2)}`);
}

type Found = { score: number; elongated: boolean } | null;
const PLAIN = 0;
const CONTRAST = 1;
const NEGATOR = 2;
const BOOSTER = 3;

/** What a word (as written) does in one language's scoring: decided once, then remembered. */
interface WordRole {
  /** Lowercase, with typographic apostrophes made plain. */
  word: string;
  kind: typeof PLAIN | typeof CONTRAST | typeof NEGATOR | typeof BOOSTER;
  /** A booster's factor. */
  weight: number;
  /** A plain word's lexicon entry. */
  found: Found;
  /** Its weight in the opinion model, 0 when it has none. */
  opinion: number;
}

/** A plain word without a weight: nothing about it is read but its kind, `found` and `opinion`. */
const UNSCORED: WordRole = { word: '', kind: PLAIN, weight: 1, found: null, opinion: 0 };
const NO_OPINION: ReadonlyMap<string, number> = new Map();

/** The opinion model's name for a skipped token: a link, an @handle or a #tag. */
function markOf(first: number): string {
  return first === 0x40 ? '<handle>' : first === 0x23 ? '<tag>' : '<link>';
}
/**
 * Words remembered per language (twice over: two generations). 20,000 cost a million-post import
 * 16 MB more at its peak for about 2% of scoring speed.
 */
const WORDS_PER_MODEL = 10_000;
interface RoleCache {
  cues: LanguageCues;
  stem: Stem;
  opinion: ReadonlyMap<string, number>;
  roles: RecentCache<WordRole>;
}
const roleCaches = new WeakMap<ReadonlyMap<string, number>, RoleCache[]>();

function rolesFor(cues: LanguageCues, lexicon: ReadonlyMap<string, number>, stem: Stem, opinion: ReadonlyMap<string, number>): RecentCache<WordRole> {
  let list = roleCaches.get(lexicon);
  if (!list) roleCaches.set(lexicon, (list = []));
  let entry = list.find((e) => e.cues === cues && e.stem === stem && e.opinion === opinion);
  if (!entry) list.push((entry = { cues, stem, opinion, roles: new RecentCache<WordRole>(WORDS_PER_MODEL) }));
  return entry.roles;
}

const NO_STEMS: readonly number[] = [];
/** Letters that do not decompose into a base letter and a mark. */
const UNMARKED: Record<string, string> = { 'ł': 'l', 'đ': 'd', 'ø': 'o', 'ß': 'ss', 'ı': 'i' };

/**
 * The word without diacritics ("ništa" → "nista", "złe" → "zle"): prefixes are keyed by it, as
 * tweets often drop the marks. ASCII words are returned as they are.
 */
export function stripMarks(word: string): string {
  if (/^[\x00-\x7f]*$/.test(word)) return word;
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/[łđøßı]/g, (c) => UNMARKED[c]!);
}

function stemLengths(stem: Stem): readonly number[] {
  return typeof stem === 'number' ? (stem > 0 ? [stem] : NO_STEMS) : stem;
}

function lookupWord(word: string, lexicon: ReadonlyMap<string, number>, stem: Stem): Found {
  const direct = lexicon.get(word);
  let total = direct ?? 0;
  let hit = direct !== undefined;
  const lengths = stemLengths(stem);
  const bare = lengths.length > 0 ? stripMarks(word) : word;
  for (const n of lengths) {
    if (n <= 0 || bare.length <= n) continue;
    const prefix = lexicon.get(`${bare.slice(0, n)}*`);
    if (prefix !== undefined) {
      total += prefix;
      hit = true;
    }
  }
  if (hit) return { score: total, elongated: false };
  if (direct !== undefined) return { score: direct, elongated: false };
  // "goooood" → "good" or "god": try the double letter first.
  if (!mayBeElongated(word) || !/(\p{L})\1{2,}/u.test(word)) return null;
  for (const squeezed of [word.replace(/(\p{L})\1{2,}/gu, '$1$1'), word.replace(/(\p{L})\1{2,}/gu, '$1')]) {
    const s = lexicon.get(squeezed);
    if (s !== undefined) return { score: s, elongated: true };
  }
  return null;
}

/** False only when no letter can repeat three times: no three equal code units, no surrogate pair. */
function mayBeElongated(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
    if (i >= 2 && c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** How much each clause counts toward the whole text: after a contrast more, before it less. */
function clauseWeight(clauses: Clause[], i: number): number {
  const c = clauses[i]!;
  const next = clauses[i + 1];
  const prev = clauses[i - 1];
  if (next && next.sentence === c.sentence) return BEFORE_CONTRAST_WEIGHT;
  if (prev && prev.sentence === c.sentence) return AFTER_CONTRAST_WEIGHT;
  return 1;
}

/** The unnormalised sum behind textSentiment. */
export function textSum(clauses: Clause[]): number {
  let total = 0;
  for (let i = 0; i < clauses.length; i++) total += clauses[i]!.sum * clauseWeight(clauses, i);
  return total;
}

/** The scale a language's model puts verdicts on: its neutral band and its bias. */
export interface Calibration {
  /** |score| below this is neutral. */
  band: number;
  /**
   * Added to the sum of a text that has any sentiment word or weighed mark: corrects a lexicon that
   * leans one way overall. A text with neither stays at exactly 0.
   */
  bias: number;
  /**
   * Where the neutral band sits on the score scale (default 0): a language whose neutral posts lean
   * one way gets a band from center - band to center + band. A positive verdict still needs a score
   * above 0 and a negative one below 0.
   */
  center?: number;
  /** When present, may call neutral a text the band gives a side. */
  opinion?: OpinionModel;
}

/**
 * Whether a text takes a side at all: a logistic model on the score, its size and the opinion
 * weights of the text's words (scripts/train-sentiment.js). News and chatter use words that no
 * sentiment lexicon weighs ("Pressekonferenz", "<link>"), so a score past the band can still be a
 * report. The model only ever turns a side into neutral: a weak score stays neutral by the band,
 * as its sign is the least reliable part of a verdict (a complaint in words the lexicon misreads
 * must not come out positive). Languages have one where it beat the band alone out of fold.
 */
export interface OpinionModel {
  bias: number;
  /** Weight of the score (-1..1). */
  score: number;
  /** Weight of the score's size. */
  magnitude: number;
  /** Opinion weights by word (lowercased) and by mark (`<link>`, `<handle>`, `<tag>`). */
  words: ReadonlyMap<string, number>;
}

const UNCALIBRATED: Calibration = { band: NEUTRAL_BAND, bias: 0, center: 0 };

function biased(sum: number, hasCues: boolean, bias: number): number {
  return hasCues ? sum + bias : sum;
}

/** The whole text's verdict: clauses after a contrast outweigh those before it. */
export function textSentiment(clauses: Clause[], calibration: Calibration = UNCALIBRATED): Sentiment {
  return verdict(biased(textSum(clauses), clauses.some((c) => c.cues.length > 0), calibration.bias), clauses, calibration);
}

/** The label for a sum: by the band, then by the opinion model where the language has one. */
function verdict(sum: number, clauses: Clause[], calibration: Calibration): Sentiment {
  let words = 0;
  if (calibration.opinion) for (const c of clauses) words += c.opinion;
  return opinionVerdict(sum, words, calibration);
}

/**
 * The band's verdict, then the opinion model's word: a side it doubts (probability under one half)
 * becomes neutral. `words` is the sum of the text's opinion weights. Confidence is the lower of the
 * band's and the model's (how far its probability sits from even).
 */
export function opinionVerdict(sum: number, words: number, { band, center = 0, opinion }: Calibration): Sentiment {
  const banded = toSentiment(sum, band, center);
  if (!opinion || banded.label === 'neutral') return banded;
  const z = opinion.bias + words + opinion.score * banded.score + opinion.magnitude * Math.abs(banded.score);
  const p = 1 / (1 + Math.exp(-z));
  const sure = Math.round(Math.min(1, Math.abs(p - 0.5) / OPINION_MARGIN) * 100) / 100;
  if (p >= 0.5) return sided(banded.label, banded.score, Math.min(banded.confidence ?? 1, sure));
  // Vetoed: neutral, and a guess when the model is near even odds.
  const vetoed: Sentiment = { label: 'neutral', score: banded.score, confidence: sure };
  if (sure < UNSURE) vetoed.uncertain = true;
  return vetoed;
}

/** A side, unless it is too close to call: then neutral, flagged uncertain. */
function sided(label: SentimentLabel, score: number, confidence: number): Sentiment {
  return confidence < UNSURE ? { label: 'neutral', score, confidence, uncertain: true } : { label, score, confidence };
}

/**
 * Training only: every word's total multiplier in the text's sum, from clauses analysed with
 * `features: true`, so that sum = Σ multiplier × weight exactly as the scorer computes it.
 */
export function textFeatures(clauses: Clause[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < clauses.length; i++) {
    const w = clauseWeight(clauses, i);
    for (const [word, x] of clauses[i]!.terms ?? []) out.set(word, (out.get(word) ?? 0) + x * w);
  }
  return out;
}

/**
 * The verdict toward whatever sits at `offset`: its own clause when that clause says something,
 * so "love Tesco, but Ocado lost my order" is positive for Tesco and negative for Ocado.
 */
export function sentimentAt(clauses: Clause[], offset: number, calibration: Calibration = UNCALIBRATED): Sentiment {
  const own = clauses.find((c) => offset >= c.start && offset < c.end);
  if (own && own.worded && own.sum !== 0) return verdict(biased(own.sum, true, calibration.bias), clauses, calibration);
  return textSentiment(clauses, calibration);
}

/**
 * Normalises a sum into [-1, 1]; inside center ± band is neutral (and a score of exactly 0 always
 * is). Confidence is how far the score sits from the band's edge (a score just past it, or just
 * inside it, is a guess); a side with a confidence under UNSURE is reported as neutral, flagged
 * `uncertain`, so that a coin flip never reads as a verdict.
 */
export function toSentiment(sum: number, band = NEUTRAL_BAND, center = 0): Sentiment {
  const rounded = normalise(sum);
  // A positive verdict needs a positive score, a negative one a negative score.
  const upper = Math.max(center + band, 0);
  const lower = Math.min(center - band, 0);
  const label = rounded >= upper && rounded > 0 ? 'positive' : rounded <= lower && rounded < 0 ? 'negative' : 'neutral';
  const distance = label === 'positive' ? rounded - upper : label === 'negative' ? lower - rounded : Math.min(upper - rounded, rounded - lower);
  const margin = label === 'neutral' ? Math.min((upper - lower) / 2, CONFIDENT_MARGIN) : CONFIDENT_MARGIN;
  const confidence = margin > 0 ? Math.round(Math.min(1, distance / margin) * 100) / 100 : 1;
  return label === 'neutral' ? { label, score: rounded, confidence } : sided(label, rounded, confidence);
}

/** A sum on the score scale, (-1, 1), to three decimals. */
function normalise(sum: number): number {
  return Math.round((sum / Math.sqrt(sum * sum + NORMALISE_ALPHA)) * 1000) / 1000;
}
