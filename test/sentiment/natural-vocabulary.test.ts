import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { naturalVocabulary } from '../../src/sentiment/natural-vocabulary.js';

const require = createRequire(import.meta.url);
const sentimentDir = require.resolve('natural/lib/natural/sentiment/SentimentAnalyzer').replace(/SentimentAnalyzer\.js$/, '');

/** natural's vocabulary JSON files currently in the require cache. */
function loadedVocabularies(): string[] {
  return Object.keys(require.cache).filter((k) => k.startsWith(sentimentDir) && k.endsWith('.json'));
}

describe('natural vocabularies, read one file at a time', () => {
  it('reads only the one file a language needs', () => {
    // Vitest isolates test files: natural's analyzer has not been loaded in this one yet.
    expect(loadedVocabularies()).toEqual([]);
    const german = naturalVocabulary('German', 'pattern');
    expect(Number(german['gut'])).toBeGreaterThan(0);
    expect(loadedVocabularies()).toEqual([]);
  });

  it.each([
    ['English', 'afinn'],
    ['Spanish', 'afinn'],
    ['Portuguese', 'afinn'],
    ['German', 'pattern'],
    ['French', 'pattern'],
    ['Italian', 'pattern'],
    ['Dutch', 'pattern'],
  ] as const)('%s %s equals what natural\'s SentimentAnalyzer builds', (language, type) => {
    const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer') as new (
      language: string,
      stemmer: null,
      type: string,
    ) => { vocabulary: Record<string, number | string> };
    const expected = { ...new SentimentAnalyzer(language, null, type).vocabulary };
    const actual = { ...naturalVocabulary(language, type) };
    expect(Object.keys(actual).length).toBeGreaterThan(1000);
    expect(actual).toEqual(expected);
  });

  it('names the vocabulary natural does not have', () => {
    expect(() => naturalVocabulary('Polish', 'pattern')).toThrow('natural has no pattern vocabulary for Polish');
  });
});
