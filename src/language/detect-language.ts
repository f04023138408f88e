import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * Languages the detector chooses between: what users write in most, so that a post in another
 * language is recognised as such instead of being forced into a configured one. Narrowing the
 * choice helps short posts (measured on the Mozetič tweets: about 1 point better than all 60).
 */
export const CANDIDATES = ['en', 'de', 'es', 'fr', 'it', 'pt', 'nl', 'pl', 'sl', 'hr', 'sr', 'hu', 'cs', 'sk', 'ro', 'sv', 'da', 'nb', 'fi', 'tr', 'ru', 'uk', 'el', 'ja', 'zh', 'ko', 'ar'];

/** Serbian, Croatian and Bosnian in Latin script are one language to a detector (hr). */
const SHTOKAVIAN = new Set(['hr', 'sr', 'bs']);

/** Fewer letters than this and any guess is noise. */
const MIN_LETTERS = 12;

/** The detector's methods earshot uses. */
interface Detector {
  detect(text: string): { language: string };
  setLanguageSubset(languages: string[]): unknown;
}

let eld: Detector | undefined;
let loadedFrom: 'json' | 'module' | undefined;

/** Where `npm run build` writes eld's n-grams as JSON (scripts/build-language-data.js). */
const NGRAMS_JSON = new URL('../../dist/language/eld-small.json', import.meta.url);

/**
 * Loads the n-gram model (~0.1 s) once; detection itself is then synchronous. From the JSON copy
 * when there is one: eld's own module of the same data takes ~100 MB more memory to load.
 */
export async function loadLanguageDetector(): Promise<void> {
  if (eld) return;
  const fromJson = await detectorFromJson();
  eld = fromJson ?? (await import('eld/small')).eld;
  loadedFrom = fromJson ? 'json' : 'module';
  eld.setLanguageSubset(CANDIDATES);
}

/** scripts/build-language-data.js's output: eld's data with each n-gram's scores as a row of `scores`. */
interface NgramsJson {
  ngrams: Record<string, number | Record<string, number>>;
  scores: Record<string, number>[];
}

/** eld's own loader fed the JSON copy; null when either is missing (a checkout not yet built). */
async function detectorFromJson(): Promise<Detector | null> {
  let data: NgramsJson;
  try {
    data = JSON.parse(readFileSync(NGRAMS_JSON, 'utf8')) as NgramsJson;
  } catch {
    return null;
  }
  // Back to eld's shape, n-gram → scores, with n-grams of equal scores sharing one object.
  const { ngrams, scores } = data;
  if (!Array.isArray(scores)) return null;
  for (const ngram in ngrams) ngrams[ngram] = scores[ngrams[ngram] as number]!;
  try {
    // createEld is what eld's own entry points call; its file is not in eld's exports map.
    const detector = (await import(new URL('../languageDetector.js', import.meta.resolve('eld')).href)) as {
      createEld(): { instance: Detector; loadData(data: unknown): unknown };
    };
    const { instance, loadData } = detector.createEld();
    loadData(data);
    return instance;
  } catch {
    return null;
  }
}

/** Which copy of the n-grams the detector was loaded from (tests check it is the lean one). */
export function languageDetectorSource(): 'json' | 'module' | undefined {
  return loadedFrom;
}

/** Text a detector should see: links, @handles and #hashtags say nothing about the language. */
export function languageText(text: string): string {
  return text.replace(/https?:\/\/\S+/g, ' ').replace(/[@#＠＃][\p{L}\p{N}_.]+/gu, ' ').replace(/\bRT\b/g, ' ');
}

/**
 * ISO 639-1 code of the text's language, or null when it cannot tell. Among hr/sr/bs the first
 * one the user configured wins, since no detector separates them reliably.
 */
export function detectLanguage(text: string, configured: readonly string[]): string | null {
  if (!eld) throw new Error('language detector not loaded: call loadLanguageDetector() first');
  const clean = languageText(text);
  if (!hasEnoughLetters(clean)) return null;
  const found = eld.detect(clean).language;
  if (!found) return null;
  if (SHTOKAVIAN.has(found)) return configured.find((l) => SHTOKAVIAN.has(l)) ?? found;
  return found;
}

/**
 * `--lang` as given on the command line: a code normalizeLanguage takes that names a language
 * (ICU's list), else a usage error. Sources' codes are taken as they come; a typed one is checked.
 */
export function parseLanguageFlag(code: string): string {
  const normalized = normalizeLanguage(code);
  if (normalized && new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(normalized)) return normalized;
  throw new UsageError(`--lang: expected a language code such as en, de or pl, got "${code}"`);
}

/** `en-US`, `EN`, `eng` → `en`; what sources report, made comparable with detected codes. */
export function normalizeLanguage(code: string | null | undefined): string | null {
  if (!code) return null;
  const base = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const THREE: Record<string, string> = { eng: 'en', deu: 'de', ger: 'de', spa: 'es', fra: 'fr', fre: 'fr', ita: 'it', por: 'pt', nld: 'nl', dut: 'nl', pol: 'pl', slv: 'sl', hrv: 'hr', srp: 'sr', bos: 'bs', hun: 'hu' };
  if (/^[a-z]{2}$/.test(base)) return base;
  return THREE[base] ?? null;
}

/** Whether a text has letters enough for detectLanguage to tell its language. */
export function hasEnoughLetters(text: string): boolean {
  return (languageText(text).match(/\p{L}/gu)?.length ?? 0) >= MIN_LETTERS;
}
