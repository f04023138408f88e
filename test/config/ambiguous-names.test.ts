import { describe, expect, it } from 'vitest';
import { ambiguousNameWarnings } from '../../src/config/ambiguous-names.js';
import { makeBrand } from '../helpers/builders.js';

const WORDS: Record<string, readonly string[]> = { en: ['next', 'shell', 'orange'], pl: ['biedronka'] };
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

  it('says nothing of a brand with context or caseSensitive, of several words, or of a name with a sign', () => {
    const brands = [
      makeBrand({ name: 'Next', caseSensitive: true }),
      makeBrand({ name: 'Shell', context: ['petrol'] }),
      makeBrand({ name: 'Next Retail' }),
      makeBrand({ name: 'C++' }),
      makeBrand({ name: 'M&S' }),
    ];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord, at })).toEqual([]);
  });

  it('reads a name as written without marks around it, and warns of one character even with caseSensitive', () => {
    const brands = [makeBrand({ name: 'Shell!' }), makeBrand({ name: 'X', caseSensitive: true }), makeBrand({ name: 'Next', caseSensitive: true })];
    expect(ambiguousNameWarnings({ brands, languages: ['en'], isWord, at })).toEqual([
      'brands.0.name: "Shell!" is also a word in en: every "shell" in a post would be a mention; give the brand context: words, or caseSensitive: true',
      'brands.1.name: "X" is a single character: every "x" in a post would be a mention; give the brand context: words',
    ]);
  });

  it('says nothing of a name that came from ${VAR}: config check never prints those', () => {
    const fromEnv = (path: PropertyKey[]) => path.join('.') === 'brands.0.name';
    expect(ambiguousNameWarnings({ brands: [makeBrand({ name: 'Shell' })], languages: ['en'], isWord, at, fromEnv })).toEqual([]);
  });

  it('reads a brand in its own languages only', () => {
    expect(ambiguousNameWarnings({ brands: [makeBrand({ name: 'Shell', languages: ['pl'] })], languages: ['en'], isWord, at })).toEqual([]);
  });
});
