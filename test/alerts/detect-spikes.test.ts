import { describe, expect, it } from 'vitest';
import { detectSpikes } from '../../src/alerts/detect-spikes.js';

const w = (...totals: number[]) => totals.map((total) => ({ total, negative: 0 }));

describe('detectSpikes', () => {
  it.each([
    ['a flat baseline and a busy last window', w(2, 2, 2, 2, 9), [{ kind: 'volume', value: 9, mean: 2, sd: 0, threshold: 2 }]],
    ['within mean + k·sd', w(1, 3, 1, 3, 5), []],
    ['above mean + k·sd', w(1, 3, 1, 3, 6), [{ kind: 'volume', value: 6, mean: 2, sd: 1, threshold: 5 }]],
    ['too few mentions to count', w(0, 0, 0, 0, 4), []],
    ['no baseline yet', w(9), []],
  ])('%s', (_, windows, expected) => {
    expect(detectSpikes([{ brand: 'Ocado', windows }], { k: 3, minMentions: 5 })).toEqual(expected.map((e) => expect.objectContaining({ brand: 'Ocado', ...e })));
  });

  it('flags a jump in negative share with its numbers', () => {
    const windows = [...Array.from({ length: 4 }, () => ({ total: 10, negative: 1 })), { total: 10, negative: 6 }];
    expect(detectSpikes([{ brand: 'Ocado', windows }], { k: 3, minMentions: 5 })).toEqual([
      { brand: 'Ocado', kind: 'negative', value: 0.6, mean: 0.1, sd: 0, threshold: 0.1, mentions: 10 },
    ]);
  });
});
