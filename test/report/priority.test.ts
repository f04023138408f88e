import { describe, expect, it } from 'vitest';
import { priorityOf, type PriorityInput } from '../../src/report/priority.js';
import type { SentimentLabel } from '../../src/types.js';

const SENTIMENTS: SentimentLabel[] = ['negative', 'neutral', 'positive'];
const FOLLOWERS = [null, 0, 1, 10, 500, 10_000, 1_000_000, 1e12];

const ALL: PriorityInput[] = SENTIMENTS.flatMap((sentiment) =>
  [false, true].flatMap((tagged) => FOLLOWERS.map((followers) => ({ sentiment, tagged, followers }))),
);

describe('priorityOf', () => {
  it.each([
    ['negative', 'neutral'],
    ['neutral', 'positive'],
    ['negative', 'positive'],
  ])('ranks every %s mention above every %s one', (higher, lower) => {
    const lowest = Math.min(...ALL.filter((p) => p.sentiment === higher).map(priorityOf));
    const highest = Math.max(...ALL.filter((p) => p.sentiment === lower).map(priorityOf));
    expect(lowest).toBeGreaterThan(highest);
  });

  it.each(SENTIMENTS)('ranks every untagged %s mention above every tagged one', (sentiment) => {
    const lowestUntagged = Math.min(...ALL.filter((p) => p.sentiment === sentiment && !p.tagged).map(priorityOf));
    const highestTagged = Math.max(...ALL.filter((p) => p.sentiment === sentiment && p.tagged).map(priorityOf));
    expect(lowestUntagged).toBeGreaterThan(highestTagged);
  });

  it.each(SENTIMENTS.flatMap((s) => [[s, false] as const, [s, true] as const]))(
    'ranks a bigger audience higher (%s, tagged %s)',
    (sentiment, tagged) => {
      const ranks = FOLLOWERS.map((followers) => priorityOf({ sentiment, tagged, followers }));
      for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1]!);
      expect(priorityOf({ sentiment, tagged, followers: 10 })).toBeLessThan(priorityOf({ sentiment, tagged, followers: 10_000 }));
      expect(priorityOf({ sentiment, tagged, followers: 10_000 })).toBeLessThan(priorityOf({ sentiment, tagged, followers: 1_000_000 }));
    },
  );

  it.each([null, 0, -5, Number.NaN])('treats unknown or meaningless reach (%s) as no reach', (followers) => {
    expect(priorityOf({ sentiment: 'neutral', tagged: false, followers })).toBe(
      priorityOf({ sentiment: 'neutral', tagged: false, followers: null }),
    );
  });

  it('returns whole numbers', () => {
    for (const p of ALL) expect(Number.isInteger(priorityOf(p))).toBe(true);
  });
});
