import { describe, expect, it } from 'vitest';
import { detectSpikes } from '../../src/alerts/detect-spikes.js';

const w = (...totals: number[]) => totals.map((total) => ({ total, negative: 0 }));
/** Null: a window earshot was not listening in. */
const seen = (...totals: (number | null)[]) => totals.map((total) => (total === null ? null : { total, negative: 0 }));

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

  it.each([
    // A first scan's backlog: one mention hours ago, seven in the last hour, nothing observed before.
    ['nothing observed before the last window', seen(...Array.from({ length: 24 }, () => null), 7)],
    ['a baseline only partly observed', seen(null, null, 0, 0, 9)],
    [
      'a negative share against a partly observed baseline',
      [null, ...Array.from({ length: 3 }, () => ({ total: 10, negative: 1 })), { total: 10, negative: 6 }],
    ],
  ])('%s: no spike, however busy the last window', (_, windows) => {
    expect(detectSpikes([{ brand: 'Ocado', windows }], { k: 3, minMentions: 5 })).toEqual([]);
  });

  it('counts observed quiet windows as zeros', () => {
    expect(detectSpikes([{ brand: 'Ocado', windows: seen(0, 0, 0, 0, 9) }], { k: 3, minMentions: 5 })).toEqual([
      { brand: 'Ocado', kind: 'volume', value: 9, mean: 0, sd: 0, threshold: 0, mentions: 9 },
    ]);
  });
});
