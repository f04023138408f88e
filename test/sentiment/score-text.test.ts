import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/match/compile-rules.js';
import { matchText } from '../../src/match/match-post.js';
import { englishLexicon } from '../../src/sentiment/lexicon-en.js';
import { scoreMatches } from '../../src/sentiment/score-mentions.js';
import { analyzeSentiment, sentimentAt, textSentiment, toSentiment, UNSURE } from '../../src/sentiment/score-text.js';
import type { Sentiment, SentimentLabel } from '../../src/types.js';
import { makeBrand, makePost, seededRandom } from '../helpers/builders.js';

const lexicon = englishLexicon();

function verdict(text: string): Sentiment {
  return textSentiment(analyzeSentiment(text, lexicon));
}

function score(text: string): number {
  return verdict(text).score;
}

/** The verdict toward the first occurrence of `target` in `text`. */
function verdictAt(text: string, target: string): Sentiment {
  const at = text.indexOf(target);
  expect(at, `${target} in ${text}`).toBeGreaterThanOrEqual(0);
  return sentimentAt(analyzeSentiment(text, lexicon), at);
}

function cues(text: string): string[] {
  return analyzeSentiment(text, lexicon).flatMap((c) => c.cues);
}

describe('textSentiment basics', () => {
  it.each<[string, SentimentLabel]>([
    ['I love Ocado', 'positive'],
    ['Great service from the driver, thanks', 'positive'],
    ['Ocado is terrible', 'negative'],
    ['Worst delivery ever, three items missing', 'negative'],
    ['The van arrived at noon', 'neutral'],
    ['Ocado', 'neutral'],
    ['', 'neutral'],
  ])('%j is %s', (text, label) => {
    expect(verdict(text).label).toBe(label);
  });

  it('scores text with no sentiment words exactly 0', () => {
    expect(verdict('The van arrived at noon')).toEqual({ label: 'neutral', score: 0, confidence: 1 });
  });

  it('scores stronger words further from zero', () => {
    expect(score('amazing')).toBeGreaterThan(score('good'));
    expect(score('good')).toBeGreaterThan(score('cool'));
    expect(score('terrible')).toBeLessThan(score('slow'));
  });
});

describe('negation', () => {
  it.each<[string, SentimentLabel]>([
    ['Ocado is not good', 'negative'],
    ['not bad at all', 'positive'],
    ["the app isn't great", 'negative'],
    ['the app isn’t great', 'negative'],
    ['didnt like it', 'negative'],
    ['never disappointed by Ocado', 'positive'],
    ['not very good', 'negative'],
  ])('%j is %s', (text, label) => {
    expect(verdict(text).label).toBe(label);
  });

  it('makes "not good" milder than "bad"', () => {
    expect(score('not good')).toBeLessThan(0);
    expect(score('not good')).toBeGreaterThan(score('bad'));
  });

  it.each([
    ['a comma', 'Nothing arrived, great job', 'Nothing arrived great job'],
    ['a sentence end', 'Not again. Great service', 'Not again great service'],
    ['a question mark', 'Not again? Great service', 'Not again great service'],
  ])('ends its scope at %s', (_, bounded, unbounded) => {
    expect(cues(bounded)).toContain('great');
    expect(verdict(bounded).label).toBe('positive');
    // The same words without the boundary are negated.
    expect(cues(unbounded)).toContain('not great');
    expect(verdict(unbounded).label).toBe('negative');
  });
});

describe('boosters', () => {
  it('scale the next sentiment word up or down', () => {
    expect(score('very good')).toBeGreaterThan(score('good'));
    expect(score('extremely good')).toBeGreaterThan(score('very good'));
    expect(score('slightly good')).toBeLessThan(score('good'));
    expect(score('slightly good')).toBeGreaterThan(0);
    expect(score('really bad')).toBeLessThan(score('bad'));
  });

  it('apply to one sentiment word only', () => {
    expect(score('very good and bad')).toBeGreaterThan(0);
    expect(score('good and very bad')).toBeLessThan(0);
  });
});

describe('contrast ("but")', () => {
  it.each<[string, SentimentLabel]>([
    ['The app is great and delivery was awful', 'neutral'],
    ['The app is great but delivery was awful', 'negative'],
    ['Delivery was awful but the app is great', 'positive'],
    ['Delivery was awful however the app is great', 'positive'],
  ])('%j is %s', (text, label) => {
    expect(verdict(text).label).toBe(label);
  });

  it('splits a sentence into clauses at the contrast word', () => {
    const text = 'The app is great but delivery was awful';
    const clauses = analyzeSentiment(text, lexicon);
    expect(clauses.map((c) => text.slice(c.start, c.end).trim())).toEqual(['The app is great', 'but delivery was awful']);
    expect(clauses[0]!.sentence).toBe(clauses[1]!.sentence);
  });

  it('resets negation at the contrast word', () => {
    expect(cues('not late but great')).toEqual(['not late', 'great']);
  });
});

describe('sentimentAt', () => {
  const text = "Honestly love Tesco's click and collect, but Ocado lost my order again";

  it('gives each clause its own verdict', () => {
    expect(verdictAt(text, 'Tesco').label).toBe('positive');
    expect(verdictAt(text, 'Ocado').label).toBe('negative');
  });

  it('falls back to the whole text when the clause says nothing', () => {
    const t = 'Ocado. Love it, great driver!';
    expect(verdictAt(t, 'Ocado')).toEqual(verdict(t));
    expect(verdictAt(t, 'Ocado').label).toBe('positive');
  });

  it('is the whole text verdict for a single clause', () => {
    const t = 'Ocado lost my order';
    expect(verdictAt(t, 'Ocado')).toEqual(verdict(t));
  });
});

describe('emoji and emoticons', () => {
  it.each<[string, SentimentLabel]>([
    ['Ocado 😍', 'positive'],
    ['Ocado ❤️', 'positive'],
    ['Ocado ❤', 'positive'],
    ['Ocado 👍', 'positive'],
    ['Ocado :)', 'positive'],
    ['Ocado :-D', 'positive'],
    ['Ocado <3', 'positive'],
    ['Ocado 😡', 'negative'],
    ['Ocado 👎', 'negative'],
    ['Ocado 🙄', 'negative'],
    ['Ocado :(', 'negative'],
    ["Ocado :'(", 'negative'],
    ['Ocado 📦', 'neutral'],
  ])('%j is %s', (text, label) => {
    expect(verdict(text).label).toBe(label);
  });

  it('does not read an emoticon inside a word', () => {
    expect(verdict('see the note:Delivery window').label).toBe('neutral');
  });

  it('adds emoji to words', () => {
    expect(score('good 😍')).toBeGreaterThan(score('good'));
    expect(score('good 😡')).toBeLessThan(score('good'));
  });
});

describe('emphasis', () => {
  it('reads elongated words as the word, stronger', () => {
    expect(verdict('goooood').label).toBe('positive');
    expect(score('goooood')).toBeGreaterThan(score('good'));
    expect(verdict('baaaaad').label).toBe('negative');
    expect(score('baaaaad')).toBeLessThan(score('bad'));
  });

  it('strengthens an ALL-CAPS word in mixed-case text', () => {
    expect(score('Ocado is GOOD')).toBeGreaterThan(score('Ocado is good'));
    expect(score('Ocado is AWFUL')).toBeLessThan(score('Ocado is awful'));
  });

  it('does not treat all-caps text as emphasis throughout', () => {
    expect(score('OCADO IS GOOD')).toBe(score('ocado is good'));
  });

  it('strengthens with exclamation marks, either way', () => {
    expect(score('good!')).toBeGreaterThan(score('good'));
    expect(score('good!!!')).toBeGreaterThan(score('good!'));
    expect(score('bad!')).toBeLessThan(score('bad'));
    expect(score('bad!!!')).toBeLessThan(score('bad!'));
    expect(score('good?')).toBe(score('good'));
  });
});

describe('ignored text', () => {
  it.each([
    '@ILoveOcado',
    'via @BestDeliveryEver and @TerribleService',
    'https://example.com/terrible-awful-bad-hate',
    'http://example.com/:( and https://example.com/love',
  ])('%j carries no sentiment', (text) => {
    expect(verdict(text)).toEqual({ label: 'neutral', score: 0, confidence: 1 });
  });

  it('still scores the words around a handle or URL', () => {
    expect(verdict('@ILoveOcado lost my order https://example.com/love').label).toBe('negative');
  });
});

describe('hashtags', () => {
  it('are read by their words, split at capitals', () => {
    expect(verdict('#annoyed').label).toBe('negative');
    expect(cues('lost my basket again #OcadoFail')).toEqual(['lost', 'fail']);
    expect(cues('#BestServiceEver')).toEqual(['best']);
    expect(verdict('#LoveIt').label).toBe('positive');
  });

  it('stand on their own: a negation before a tag does not reach into it, one inside does', () => {
    expect(cues('no forks #annoyed')).toEqual(['annoyed']);
    expect(cues('#NotHappy')).toEqual(['not happy']);
  });

  it('run together in lower case stay one word, which no lexicon knows', () => {
    expect(verdict('#fixyourcrap')).toEqual({ label: 'neutral', score: 0, confidence: 1 });
  });

  it('are not learned from: training sees no tag words', () => {
    const terms = analyzeSentiment('good #BadDay', lexicon, undefined, { features: true }).flatMap((c) => c.terms ?? []);
    expect(terms.map(([t]) => t)).toEqual(['good']);
  });
});

describe('score range', () => {
  it.each(['love '.repeat(500), 'HATE!!! '.repeat(300) + 'ok', 'very very very extremely amazing!!!!!!!! 😍😍😍😍'])(
    'stays within [-1, 1] for extreme text (%#)',
    (text) => {
      const s = verdict(text).score;
      expect(Math.abs(s)).toBeLessThanOrEqual(1);
      expect(Math.abs(s)).toBeGreaterThan(0.5);
    },
  );

  it('stays within [-1, 1] and labels consistently on random text', () => {
    const rand = seededRandom(42);
    const vocab = [
      'love', 'hate', 'good', 'bad', 'AWFUL', 'great', 'terrible', 'not', "don't", 'never', 'very', 'slightly',
      'extremely', 'but', 'however', 'goooood', 'baaad', 'Ocado', 'order', 'late', 'slow', '😍', '😡', ':)', ':(',
      '!', '!!!', '.', ',', '?', '@Ocado', '#fail', 'https://x.example/love',
    ];
    for (let n = 0; n < 300; n++) {
      const length = 1 + Math.floor(rand() * 40);
      const text = Array.from({ length }, () => vocab[Math.floor(rand() * vocab.length)]!).join(' ');
      const clauses = analyzeSentiment(text, lexicon);
      const verdicts = [textSentiment(clauses), ...[0, Math.floor(text.length / 2), text.length - 1].map((o) => sentimentAt(clauses, o))];
      for (const v of verdicts) {
        expect(v.score, text).toBeGreaterThanOrEqual(-1);
        expect(v.score, text).toBeLessThanOrEqual(1);
        // Past the band a side, unless too close to call: then neutral, flagged.
        const side = v.score >= 0.05 ? 'positive' : v.score <= -0.05 ? 'negative' : 'neutral';
        const guess = side !== 'neutral' && v.confidence! < UNSURE;
        expect(v.label, text).toBe(guess ? 'neutral' : side);
        expect(v.uncertain === true, text).toBe(guess);
      }
    }
  });

  it.each<[number, SentimentLabel]>([
    [0, 'neutral'],
    [0.1, 'neutral'],
    [-0.1, 'neutral'],
    [1, 'positive'],
    [-1, 'negative'],
    [1e9, 'positive'],
    [-1e9, 'negative'],
  ])('toSentiment(%d) is %s and within [-1, 1]', (sum, label) => {
    const s = toSentiment(sum);
    expect(s.label).toBe(label);
    expect(Math.abs(s.score)).toBeLessThanOrEqual(1);
    expect(Math.sign(s.score)).toBe(Math.sign(Math.round(sum * 1000)) || 0);
  });
});

describe('scoreMatches', () => {
  const rules = compileRules([makeBrand({ name: 'Ocado' }), makeBrand({ name: 'Tesco', competitor: true })]);

  function scored(text: string, followers: number | null = null) {
    const post = makePost({ text, authorFollowers: followers });
    return scoreMatches(post, matchText(post.text, rules));
  }

  it('gives each mention the sentiment of its own clause', () => {
    const mentions = scored("Honestly love Tesco's click and collect, but Ocado lost my order again");
    expect(mentions.map((m) => [m.brand, m.sentiment])).toEqual([
      ['Tesco', 'positive'],
      ['Ocado', 'negative'],
    ]);
    const [tesco, ocado] = mentions;
    expect(tesco!.sentimentScore).toBeGreaterThan(0);
    expect(ocado!.sentimentScore).toBeLessThan(0);
    // The match itself is carried through untouched.
    expect(ocado).toMatchObject({ kind: 'name', matched: 'Ocado', competitor: false });
    expect(tesco).toMatchObject({ kind: 'name', matched: 'Tesco', competitor: true });
    // Negative before positive in the actionable list.
    expect(ocado!.priority).toBeGreaterThan(tesco!.priority);
  });

  it('ranks a bigger audience and an untagged mention higher', () => {
    const quiet = scored('Ocado lost my order')[0]!;
    const loud = scored('Ocado lost my order', 50_000)[0]!;
    const tagged = scored('@Ocado lost my order')[0]!;
    expect(loud.priority).toBeGreaterThan(quiet.priority);
    expect(tagged.tagged).toBe(true);
    expect(quiet.priority).toBeGreaterThan(tagged.priority);
  });

  it('returns nothing for no matches', () => {
    expect(scoreMatches(makePost({ text: 'I love it' }), [])).toEqual([]);
  });
});

describe('words that are also JavaScript property names', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('"%s" is an ordinary word, not a booster', (word) => {
    const s = textSentiment(analyzeSentiment(`the ${word} of this app is great`, englishLexicon()));
    expect(s.label).toBe('positive');
    expect(Number.isFinite(s.score)).toBe(true);
  });
});

describe('remembered words', () => {
  it('score a text the same the first time and every time after', () => {
    const text = 'NOT good at all, but the refund was quick and the staff were LOVELY 😍';
    const first = textSentiment(analyzeSentiment(text, englishLexicon()));
    for (let i = 0; i < 3; i++) expect(textSentiment(analyzeSentiment(text, englishLexicon()))).toEqual(first);
  });
});
