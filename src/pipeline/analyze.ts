import type { Config } from '../config/schema.js';
import { detectLanguage, hasEnoughLetters, loadLanguageDetector, normalizeLanguage } from '../language/detect-language.js';
import { blankBrandWords } from '../match/blank-brand-words.js';
import { compileRules } from '../match/compile-rules.js';
import { hasDictionary, isDictionaryWord, loadSpellChecker } from '../match/dictionaries.js';
import { matchText, type MatchContext, type Rejection } from '../match/match-post.js';
import { compileTopics, matchTopics } from '../match/topics.js';
import { scoreMatches } from '../sentiment/score-mentions.js';
import { cleanText } from './clean-text.js';
import { brandsOwning, indexBrandHandles } from '../triage/brand-handles.js';
import { analyzedPart } from '../unicode.js';
import type { Post, ScoredMention } from '../types.js';

export interface AnalyzedPost {
  /** The post, with its language filled in when it had to be detected. */
  post: Post;
  mentions: ScoredMention[];
}

export interface Analyzer {
  /**
   * Loads what analysing these posts needs and is not loaded yet: the language detector (~10 MB,
   * ~0.1 s) only when a post does not say its language. Call before analyze.
   */
  prepare(posts: Iterable<Pick<Post, 'language'>>): Promise<void>;
  /**
   * normalise → match → score for one post: the pure middle of the pipeline. The post comes back
   * with its text cleaned (cleanText), as it is to be stored. Rejections go to `rejected`.
   */
  analyze(post: Post, rejected?: Rejection[]): AnalyzedPost;
}

export type AnalyzerInput = Pick<Config, 'brands' | 'topics' | 'languages'>;

/** Compiles the rules once and loads the spell checker; analysing is then synchronous. */
export async function createAnalyzer({ brands, topics, languages }: AnalyzerInput): Promise<Analyzer> {
  const rules = compileRules(brands);
  const topicRules = compileTopics(topics);
  await loadSpellChecker();
  const dictionaryLanguages = languages.filter(hasDictionary);
  const handles = indexBrandHandles(brands);
  let detectorLoaded = false;
  // The post being analysed and its language (undefined until asked for): one context serves
  // every post, as a context with closures per post was most of what analysing allocated.
  let current: Post | undefined;
  let language: string | null | undefined;
  // Read without the brands' names where enough is left to tell: a short post keeps them, or
  // "Shell est trop cher" would be too short to tell, and pass a brand kept to English.
  const detected = (text: string): string | null => {
    const blanked = blankBrandWords(text, rules);
    return detectLanguage(blanked !== text && hasEnoughLetters(blanked) ? blanked : text, languages);
  };
  const languageOf = (): string | null => (language === undefined ? (language = detected(current!.text)) : language);
  // The post's own dictionary when there is one, else every configured language's.
  const dictionariesFor = (): readonly string[] => {
    const lang = languageOf();
    return lang && hasDictionary(lang) ? [lang] : dictionaryLanguages;
  };
  const ctx: MatchContext = {
    language: languageOf,
    isWord: (word) => dictionariesFor().some((l) => isDictionaryWord(word, l)),
    dictionaryLanguage: () => {
      const langs = dictionariesFor();
      return langs.length === 1 ? langs[0]! : null;
    },
  };

  return {
    async prepare(posts) {
      if (detectorLoaded) return;
      for (const post of posts) {
        if (normalizeLanguage(post.language) === null) {
          await loadLanguageDetector();
          detectorLoaded = true;
          return;
        }
      }
    },
    analyze(given, rejected) {
      const text = cleanText(given.text);
      // The subject too, as the text holds it: a reply's is told by it (score-mentions.ts).
      const title = given.title ? cleanText(given.title) : given.title;
      const post = text === given.text && title === given.title ? given : { ...given, text, title };
      const part = analyzedPart(text);
      const read = part === text ? post : { ...post, text: part };
      current = read;
      // undefined: not needed yet. Detection costs ~40 µs, so only posts that need it pay.
      language = normalizeLanguage(post.language) ?? undefined;
      ctx.rejected = rejected;
      // A brand's own account talking (often a reply that names the brand) is not a mention of it.
      const own = brandsOwning(post.author, handles);
      let matches = matchText(read.text, rules, ctx);
      if (topicRules.length > 0) matches = matches.concat(matchTopics(read.text, topicRules, ctx));
      if (own.length > 0) matches = matches.filter((m) => !own.includes(m.brand));
      if (matches.length === 0) return { post, mentions: [] };
      const lang = languageOf();
      return { post: { ...post, language: lang }, mentions: scoreMatches({ ...read, language: lang }, matches, languages[0]) };
    },
  };
}
