import { describe, expect, it } from 'vitest';
import { priorityOf, type PriorityInput } from '../../src/report/priority.js';
import type { Intent } from '../../src/sentiment/intents.js';
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

  it('treats no intents as before: omitted and empty agree', () => {
    for (const p of ALL) expect(priorityOf({ ...p, intents: [] })).toBe(priorityOf(p));
  });
});

/** Every input with these intents, over all reach and tagging. */
function withIntents(sentiment: SentimentLabel, intents: Intent[]): PriorityInput[] {
  return [false, true].flatMap((tagged) => FOLLOWERS.map((followers) => ({ sentiment, tagged, followers, intents })));
}

const lowest = (inputs: PriorityInput[]) => Math.min(...inputs.map(priorityOf));
const highest = (inputs: PriorityInput[]) => Math.max(...inputs.map(priorityOf));

describe('priorityOf with intents', () => {
  // Each row: every mention of the first kind outranks every mention of the second.
  it.each<[string, SentimentLabel, Intent[], string, SentimentLabel, Intent[]]>([
    ['churn risk', 'negative', ['churn'], 'a complaint', 'negative', ['complaint', 'question']],
    ['neutral churn risk', 'neutral', ['churn'], 'a negative complaint', 'negative', ['complaint']],
    ['a complaint', 'negative', ['complaint'], 'a question', 'negative', ['question']],
    ['a neutral complaint', 'neutral', ['complaint'], 'a negative question', 'negative', ['question']],
    ['a question', 'neutral', ['question'], 'a plain negative post', 'negative', []],
    ['a positive question', 'positive', ['question', 'praise'], 'a plain negative post', 'negative', []],
    ['a plain negative post', 'negative', [], 'a lead', 'neutral', ['purchase']],
    ['a negative lead', 'negative', ['purchase'], 'a neutral lead', 'neutral', ['purchase']],
    ['a lead', 'neutral', ['purchase'], 'neutral chatter', 'neutral', []],
    ['a positive lead', 'positive', ['purchase', 'praise'], 'neutral chatter', 'neutral', []],
    ['neutral chatter', 'neutral', [], 'praise', 'positive', ['praise']],
  ])('ranks %s above %s', (_a, sa, ia, _b, sb, ib) => {
    expect(lowest(withIntents(sa, ia))).toBeGreaterThan(highest(withIntents(sb, ib)));
  });

  it.each<SentimentLabel>(['negative', 'neutral', 'positive'])('praise does not raise a %s mention', (sentiment) => {
    for (const p of ALL.filter((x) => x.sentiment === sentiment)) {
      expect(priorityOf({ ...p, intents: ['praise'] })).toBe(priorityOf(p));
    }
  });

  it.each<Intent>(['churn', 'complaint'])('a positive mention with a %s phrase is not raised by it', (intent) => {
    // "Switched to @brand, love it": someone arriving, not leaving.
    for (const p of ALL.filter((x) => x.sentiment === 'positive')) {
      expect(priorityOf({ ...p, intents: [intent] })).toBe(priorityOf(p));
    }
  });

  it('keeps untagged before tagged and reach inside a band', () => {
    const intents: Intent[] = ['complaint'];
    const at = (tagged: boolean, followers: number | null) => priorityOf({ sentiment: 'negative', tagged, followers, intents });
    expect(lowest(withIntents('negative', intents).filter((p) => !p.tagged))).toBeGreaterThan(
      highest(withIntents('negative', intents).filter((p) => p.tagged)),
    );
    expect(at(true, 1_000_000)).toBeGreaterThan(at(true, 10));
  });
});
