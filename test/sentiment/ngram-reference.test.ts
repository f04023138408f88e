import { describe, expect, it } from 'vitest';
import { ngramFeatures, trainNgramBaseline } from '../../scripts/ngram-baseline.js';
import { referenceTrainingFile } from '../../scripts/sentiment-split.js';
import { seededRandom } from '../helpers/builders.js';

const FILLER = ['heute', 'wieder', 'die', 'lieferung', 'war', 'und', 'mit', 'dem', 'team', 'also'];

/** Posts whose side is carried by a word part ("…gut", "…mist") inside made-up compounds. */
function posts(rand: () => number, count: number, prefixes: readonly string[]) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const label = (['negative', 'neutral', 'positive'] as const)[i % 3]!;
    const words = Array.from({ length: 6 }, () => pick(FILLER));
    if (label !== 'neutral') words.splice(3, 0, `${pick(prefixes)}${label === 'positive' ? 'gut' : 'mist'}`);
    return { text: words.join(' '), label };
  });
}

describe('the n-gram reference classifier (eval:sentiment --reference)', () => {
  it('learns a side from word parts and applies it to compounds it never saw', () => {
    const classes = ['negative', 'neutral', 'positive'];
    const train = posts(seededRandom(1), 300, ['super', 'echt', 'total', 'voll']);
    const unseen = posts(seededRandom(2), 90, ['mega', 'ultra', 'richtig']);
    const predict = trainNgramBaseline(train, classes);
    const right = unseen.filter((x) => predict(x.text) === x.label).length;
    // Whole words alone know none of these compounds and would call every post neutral: a third
    // right. The shared endings carry it well past that (about three in four, measured).
    expect(right / unseen.length).toBeGreaterThan(0.6);
  });

  it('refuses a label outside its classes instead of learning nothing from it', () => {
    expect(() => trainNgramBaseline([{ text: 'gut', label: 'mixed' }], ['negative', 'positive'])).toThrow(/"mixed" is not one of negative, positive/);
  });

  it('learns for each evaluated file from the training part of the right file', () => {
    expect(referenceTrainingFile('mozetic-pl.jsonl')).toBe('mozetic-pl.jsonl');
    expect(referenceTrainingFile('umsab-de-train.jsonl')).toBe('umsab-de-train.jsonl');
    // The validation file is never trained on: its reference learns from the train file.
    expect(referenceTrainingFile('umsab-de-val.jsonl')).toBe('umsab-de-train.jsonl');
    expect(referenceTrainingFile('other.jsonl')).toBeNull();
  });

  it('keys words, word pairs and padded character runs, each once, at equal weight', () => {
    const one = ngramFeatures('gut gut');
    const two = ngramFeatures('gut');
    // "gut gut" adds only the pair "gut gut" to the features of "gut".
    expect(one.index.length).toBe(two.index.length + 1);
    expect(new Set(one.index).size).toBe(one.index.length);
    expect(one.value).toBeCloseTo(1 / Math.sqrt(one.index.length));
  });
});
