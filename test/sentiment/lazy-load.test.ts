import { describe, expect, it } from 'vitest';
import { loadLanguageModel, loadedLanguages } from '../../src/sentiment/load-lexicon.js';
import { explainSentiment } from '../../src/sentiment/score-post.js';

describe('lazy loading', () => {
  it('loads a language\'s lexicon only when a text in it is scored', () => {
    // Vitest isolates test files: nothing in this one has scored anything yet.
    expect(loadedLanguages()).toEqual([]);
    expect(loadedLanguages()).not.toContain('sl');
    explainSentiment('Hvala', 'sl');
    expect(loadedLanguages()).toEqual(['sl']);
    expect(loadLanguageModel('sl')).toBe(loadLanguageModel('sl'));
  });

  it('has no model for a language without resources', () => {
    expect(loadLanguageModel('ja')).toBeNull();
  });
});

