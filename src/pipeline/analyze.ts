import type { Config } from '../config/schema.js';
import { detectLanguage, loadLanguageDetector, normalizeLanguage } from '../language/detect-language.js';
import { compileRules } from '../match/compile-rules.js';
import { hasDictionary, isDictionaryWord } from '../match/dictionaries.js';
import { matchText, type MatchContext, type Rejection } from '../match/match-post.js';
import { compileTopics, matchTopics } from '../match/topics.js';
import { scoreMatches } from '../sentiment/score-mentions.js';
import type { Post, ScoredMention } from '../types.js';

export interface AnalyzedPost {
  /** The post, with its language filled in when it had to be detected. */
  post: Post;
  mentions: ScoredMention[];
}

export interface Analyzer {
  /** match → score for one post: the pure middle of the pipeline. Rejections go to `rejected`. */
  analyze(post: Post, rejected?: Rejection[]): AnalyzedPost;
}

export type AnalyzerInput = Pick<Config, 'brands' | 'topics' | 'languages'>;

/** Compiles the rules once and loads the language model; analysing is then synchronous. */
export async function createAnalyzer({ brands, topics, languages }: AnalyzerInput): Promise<Analyzer> {
  const rules = compileRules(brands);
  const topicRules = compileTopics(topics);
  await loadLanguageDetector();
  const dictionaryLanguages = languages.filter(hasDictionary);

  return {
    analyze(post, rejected) {
      // undefined: not needed yet. Detection costs ~40 µs, so only posts that need it pay.
      let language: string | null | undefined = normalizeLanguage(post.language) ?? undefined;
      const languageOf = () => (language === undefined ? (language = detectLanguage(post.text, languages)) : language);
      // The post's own dictionary when there is one, else every configured language's.
      const dictionariesFor = () => {
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
        rejected,
      };
      const matches = [...matchText(post.text, rules, ctx), ...matchTopics(post.text, topicRules, ctx)];
      if (matches.length === 0) return { post, mentions: [] };
      const withLanguage = { ...post, language: languageOf() };
      return { post: withLanguage, mentions: scoreMatches(withLanguage, matches) };
    },
  };
}
