import { describe, expect, it } from 'vitest';
import { ngramFeatures, trainNgramBaseline } from '../../scripts/ngram-baseline.js';
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

  it('gives the same predictions when trained twice on the same posts', () => {
    const train = posts(seededRandom(3), 120, ['super', 'echt']);
    const a = trainNgramBaseline(train, ['negative', 'neutral', 'positive']);
    const b = trainNgramBaseline(train, ['negative', 'neutral', 'positive']);
    const texts = posts(seededRandom(4), 30, ['mega', 'voll']).map((x) => x.text);
    expect(texts.map(a)).toEqual(texts.map(b));
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
