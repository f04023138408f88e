import { describe, expect, it } from 'vitest';
import { ambiguousNameWarnings, undictionariedLanguageWarnings } from '../../src/config/ambiguous-names.js';
import { makeBrand } from '../helpers/builders.js';

const WORDS: Record<string, readonly string[]> = { en: ['next', 'shell', 'orange', 'coop', 'email'], pl: ['biedronka'] };
const isWord = (word: string, language: string) => WORDS[language]?.includes(word) ?? false;
const at = (path: PropertyKey[]) => path.map(String).join('.');

describe('ambiguousNameWarnings', () => {
  it('names single characters and words of the brand\'s languages, aliases too', () => {
    const brands = [
      makeBrand({ name: 'Next' }),
      makeBrand({ name: 'X' }),
      makeBrand({ name: 'Ocado', aliases: ['Orange', 'Ocado Retail'] }),
      makeBrand({ name: 'Biedronka', languages: ['pl'] }),
      makeBrand({ name: 'Tesco' }),
    ];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord, at })).toEqual([
      'brands.0.name: "Next" is also a word in en: every "next" in a post would be a mention; give the brand context: words, or caseSensitive: true',
      'brands.1.name: "X" is a single character: every "x" in a post would be a mention; give the brand context: words',
      'brands.2.aliases.0: "Orange" is also a word in en: every "orange" in a post would be a mention; give the brand context: words, or caseSensitive: true',
      'brands.3.name: "Biedronka" is also a word in pl: every "biedronka" in a post would be a mention; give the brand context: words, or caseSensitive: true',
    ]);
  });

  it('says nothing of a brand with context or caseSensitive, of several words that are no word written as one, or of a name with a sign', () => {
    const brands = [
      makeBrand({ name: 'Next', caseSensitive: true }),
      makeBrand({ name: 'Shell', context: ['petrol'] }),
      makeBrand({ name: 'Next Retail' }),
      makeBrand({ name: 'C++' }),
      makeBrand({ name: 'M&S' }),
      makeBrand({ name: 'Co-op', caseSensitive: true }),
    ];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord, at })).toEqual([]);
  });

  it('names several words that are a word written as one, as a post may write the name', () => {
    const brands = [makeBrand({ name: 'Co-op' }), makeBrand({ name: 'Ocado', aliases: ['E Mail'] })];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord, at })).toEqual([
      'brands.0.name: "Co-op" written as one word is "coop", also a word in en: every "coop" in a post would be a mention; give the brand context: words, or caseSensitive: true',
      'brands.1.aliases.0: "E Mail" written as one word is "email", also a word in en: every "email" in a post would be a mention; give the brand context: words, or caseSensitive: true',
    ]);
  });

  it('reads a name as written without marks around it, and warns of one character even with caseSensitive', () => {
    const brands = [makeBrand({ name: 'Shell!' }), makeBrand({ name: 'X', caseSensitive: true }), makeBrand({ name: 'Next', caseSensitive: true })];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord, at })).toEqual([
      'brands.0.name: "Shell!" is also a word in en: every "shell" in a post would be a mention; give the brand context: words, or caseSensitive: true',
      'brands.1.name: "X" is a single character: every "x" in a post would be a mention; give the brand context: words',
    ]);
  });

  it('names one character that folds to two (ß), and asks the dictionary in lower case only (a capitalised entry may be a name)', () => {
    const asked: string[] = [];
    const asWritten = (word: string, language: string) => (asked.push(word), (WORDS[language] ?? []).includes(word));
    const brands = [makeBrand({ name: 'Nike' }), makeBrand({ name: 'ß' })];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord: asWritten, at })).toEqual([
      'brands.1.name: "ß" is a single character: every "ß" in a post would be a mention; give the brand context: words',
    ]);
    expect(asked).toEqual(['nike']);
  });

  it('says nothing of a name that came from ${VAR}: config check never prints those', () => {
    const fromEnv = (path: PropertyKey[]) => path.join('.') === 'brands.0.name';
    expect(ambiguousNameWarnings({ brands: [makeBrand({ name: 'Shell' })], languages: ['en'], isWord, at, fromEnv })).toEqual([]);
  });

  it('reads a brand in its own languages only', () => {
    expect(ambiguousNameWarnings({ brands: [makeBrand({ name: 'Shell', languages: ['pl'] })], languages: ['en'], isWord, at })).toEqual([]);
  });
});

describe('undictionariedLanguageWarnings', () => {
  const hasDictionary = (language: string) => language in WORDS;
  it('names each language without a dictionary once, at its first place, with what its posts are checked against', () => {
    const brands = [makeBrand({ name: 'Ocado', languages: ['ja', 'ko'] }), makeBrand({ name: 'Tesco', languages: ['ko'] })];
    expect(undictionariedLanguageWarnings({ brands, languages: ['en', 'ja'], hasDictionary, at })).toEqual([
      'languages.1: no spelling dictionary for ja: words in its posts are checked against en only, and names are not checked against its words',
      'brands.0.languages.1: no spelling dictionary for ko: words in its posts are checked against en only, and names are not checked against its words',
    ]);
  });

  it('says where no dictionary is left at all, and nothing where every language has one', () => {
    expect(undictionariedLanguageWarnings({ brands: [makeBrand({ name: 'Ocado' })], languages: ['ja'], hasDictionary, at })).toEqual([
      'languages.0: no spelling dictionary for ja: a real word in its posts may be taken for a misspelled name (fuzzy: off avoids it), and names are not checked against its words',
    ]);
    expect(undictionariedLanguageWarnings({ brands: [makeBrand({ name: 'Ocado', languages: ['pl'] })], languages: ['en'], hasDictionary, at })).toEqual([]);
    // A language from a ${VAR}: config check never prints such values.
    expect(undictionariedLanguageWarnings({ brands: [], languages: ['en', 'ja'], hasDictionary, at, fromEnv: (path) => path.join('.') === 'languages.1' })).toEqual([]);
  });
});
