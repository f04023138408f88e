import { UsageError } from '../errors.js';
import { memberLiteralOf } from '../json-integers.js';
import { normalizeLanguage } from '../language/detect-language.js';
import type { SentimentLabel } from '../types.js';
import { analyzedPart } from '../unicode.js';
import { detectIntents, type Intent } from './intents.js';
import { explainSentiment } from './score-post.js';

/** A record's id: any JSON value, written back as given so that scores join back to their input. */
export type RecordId = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

/** One line of `earshot score` input. */
export interface ScoreRecord {
  id: RecordId;
  /** The id as written, where it is a number JSON.parse could not keep (a tweet id, 1e400): written back so. */
  idLiteral?: string;
  text: string;
  lang?: string | null;
}

/** One line of `earshot score` output (snake_case, as the other machine formats). */
export interface ScoredRecord {
  id: RecordId;
  /** The given or detected language; null when it could not be told. */
  language: string | null;
  sentiment: SentimentLabel;
  sentiment_score: number;
  confidence: number;
  intents: Intent[];
  /** A side too close to call, reported as neutral (last: added after the first release). */
  uncertain: boolean;
  /**
   * With --explain: whose lexicon scored the text, the words and emoji that decided, the intents'
   * phrases, and where the language has an opinion model, the words that weighed on taking a side.
   */
  explain?: { lexicon: string; cues: string[]; intents: { intent: Intent; cue: string }[]; opinion?: string[] };
}

export interface ScoreRecordInput {
  /** Language for records without `lang`: detection, else a fixed code; null when unknown. */
  languageOf: (text: string) => string | null;
  /** Scorer language for unknown or unsupported languages. */
  fallback: string;
  explain: boolean;
}

/** Parses one JSONL line; `where` names it in errors ("input.jsonl:3"). Blank lines give null. */
export function parseScoreRecord(line: string, where: string): ScoreRecord | null {
  if (!line.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new UsageError(`${where}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string') {
    throw new UsageError(`${where}: expected a JSON object with a string "text"`);
  }
  const { id, text, lang } = value as { id?: unknown; text: string; lang?: unknown };
  // A number JSON.parse could not keep, at the top or inside a list or object.
  const idLiteral = (typeof id === 'number' && !Number.isSafeInteger(id)) || (typeof id === 'object' && id !== null && UNKEPT_NUMBER.test(line)) ? exactId(line, id) : undefined;
  return {
    // Absent is null; a composite id (a list of thread and post, say) comes back as it came.
    id: id === undefined ? null : (id as RecordId),
    ...(idLiteral ? { idLiteral } : {}),
    text,
    lang: typeof lang === 'string' ? lang : null,
  };
}

/** Sixteen digits, a fraction or an exponent somewhere in the line: numbers JSON.parse may not keep. */
const UNKEPT_NUMBER = /\d{16}|\d[.eE]/;

/** The id as written, where writing back the parsed value would change it. */
function exactId(line: string, parsed: unknown): string | undefined {
  const literal = memberLiteralOf(line, 'id');
  if (literal === undefined) return undefined;
  const written = literal.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_, text: string | undefined) => text ?? '');
  return JSON.stringify(parsed) !== written ? literal : undefined;
}

/** A scored record as an NDJSON line, its id as the input wrote it (JSON.stringify would round a tweet id). */
export function scoredLine(scored: ScoredRecord, record: ScoreRecord): string {
  if (record.idLiteral === undefined) return JSON.stringify(scored);
  // id is the first member: its placeholder can only be the one at the start.
  return JSON.stringify({ ...scored, id: 0 }).replace(/^\{"id":0/, `{"id":${record.idLiteral}`);
}

/** Scores one record in its language. Pure apart from loading a language's lexicon on first use. */
export function scoreRecord(record: ScoreRecord, { languageOf, fallback, explain }: ScoreRecordInput): ScoredRecord {
  const text = analyzedPart(record.text);
  const language = normalizeLanguage(record.lang) ?? languageOf(text);
  const s = explainSentiment(text, language, fallback);
  const intents = detectIntents({ text, language: s.language, sentiment: s.label });
  const out: ScoredRecord = {
    id: record.id,
    language,
    sentiment: s.label,
    sentiment_score: s.score,
    confidence: s.confidence ?? 1,
    intents: intents.map((i) => i.intent),
    uncertain: s.uncertain === true,
  };
  if (explain) out.explain = { lexicon: s.language, cues: s.cues, intents, ...(s.opinion ? { opinion: s.opinion } : {}) };
  return out;
}
