import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { TopicConfig } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';
import { foldTerm } from '../../src/match/fold.js';
import type { MatchContext, Rejection } from '../../src/match/match-post.js';
import { evaluateQuery, parseTopicQuery, type QueryNode } from '../../src/match/topic-query.js';
import { compileTopics, matchTopics } from '../../src/match/topics.js';
import { tokenize } from '../../src/match/tokenize.js';

const parse = (query: string): QueryNode => parseTopicQuery(query, foldTerm);

/** The folded words of a text, as matchTopics sees them: words and hashtags. */
function wordsOf(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.type === 'word' || t.type === 'hashtag')
    .map((t) => t.norm);
}

function holds(query: string, text: string): boolean {
  return evaluateQuery(parse(query), wordsOf(text)).ok;
}

/** Writes a tree back as a fully parenthesised string, so precedence is easy to read in a table. */
function show(node: QueryNode): string {
  switch (node.op) {
    case 'term':
      return `${node.words.length > 1 ? `"${node.words.join(' ')}"` : node.words[0]}${node.prefix ? '*' : ''}`;
    case 'and':
    case 'or':
      return `(${node.args.map(show).join(` ${node.op.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${show(node.arg)}`;
    case 'near':
      return `(${show(node.left)} NEAR/${node.distance} ${show(node.right)})`;
  }
}

function topic(overrides: Partial<TopicConfig> & Pick<TopicConfig, 'query'>): TopicConfig {
  return { name: 'topic', languages: [], ...overrides };
}

function makeContext(language: string | null): MatchContext & { rejected: Rejection[]; asked: () => number } {
  let asked = 0;
  return {
    language: () => {
      asked++;
      return language;
    },
    isWord: () => false,
    rejected: [],
    asked: () => asked,
  };
}

describe('parseTopicQuery: structure and precedence (NOT > NEAR > AND > OR)', () => {
  it.each([
    ['party', 'party'],
    ['need outfit', '(need AND outfit)'],
    ['need AND outfit', '(need AND outfit)'],
    ['a b c', '(a AND b AND c)'],
    ['a AND b OR c', '((a AND b) OR c)'],
    ['a OR b c', '(a OR (b AND c))'],
    ['a OR b AND c OR d', '(a OR (b AND c) OR d)'],
    ['NOT a b', '(NOT a AND b)'],
    ['a NOT b', '(a AND NOT b)'],
    ['NOT NOT a', 'NOT NOT a'],
    ['a NEAR/2 b c', '((a NEAR/2 b) AND c)'],
    ['a OR b NEAR/1 c', '(a OR (b NEAR/1 c))'],
    ['NOT a NEAR/1 b', '(NOT a NEAR/1 b)'],
    ['a NEAR/1 b NEAR/2 c', '((a NEAR/1 b) NEAR/2 c)'],
    ['(a OR b) c', '((a OR b) AND c)'],
    ['a (b OR c)', '(a AND (b OR c))'],
    ['NOT (a OR b)', 'NOT (a OR b)'],
    ['((a))', 'a'],
    ['"need an outfit" AND (party OR wedding) NOT uniform', '("need an outfit" AND (party OR wedding) AND NOT uniform)'],
    ['outfit*', 'outfit*'],
    ['"Ocádo Retail"', '"ocado retail"'],
    ['Coca-Cola', '"coca cola"'],
    ['  spaced   out', '(spaced AND out)'],
    // Trailing blanks are just blanks, not an unclosed quote.
    ['refund late ', '(refund AND late)'],
  ])('%j parses as %s', (query, expected) => {
    expect(show(parse(query))).toBe(expected);
  });

  it('keeps the NEAR distance and the prefix flag', () => {
    expect(parse('refund NEAR/12 late*')).toEqual({
      op: 'near',
      distance: 12,
      left: { op: 'term', words: ['refund'], prefix: false },
      right: { op: 'term', words: ['late'], prefix: true },
    });
  });

  it('folds words with the function it is given', () => {
    expect(parseTopicQuery('Foo BAR', (w) => [w.toUpperCase() + '!'])).toEqual({
      op: 'and',
      args: [
        { op: 'term', words: ['FOO!'], prefix: false },
        { op: 'term', words: ['BAR!'], prefix: false },
      ],
    });
  });
});

describe('parseTopicQuery: syntax errors', () => {
  it.each([
    ['"need an outfit', /^unclosed quote in ""need an outfit"$/],
    ['party "need an', /^unclosed quote/],
    ['(a OR b', /^expected \) at the end$/],
    ['((a) OR b', /^expected \) at the end$/],
    ['(a b', /^expected \) at the end$/],
    ['a OR', /^expected a word, a "phrase" or \( at the end$/],
    ['a AND', /^expected a word, a "phrase" or \( at the end$/],
    ['a NOT', /^expected a word, a "phrase" or \( at the end$/],
    ['a NEAR/3', /^expected a word, a "phrase" or \( at the end$/],
    ['(a OR', /^expected a word, a "phrase" or \( at the end$/],
    ['AND a', /^expected a word, a "phrase" or \( before "AND"$/],
    ['OR a', /^expected a word, a "phrase" or \( before "OR"$/],
    ['NEAR/2 b', /^expected a word, a "phrase" or \( before "NEAR\/2"$/],
    ['a OR OR b', /^expected a word, a "phrase" or \( before "OR"$/],
    ['a ) b', /^expected AND, OR, NOT or NEAR\/n before "\)"$/],
    ['()', /^expected a word, a "phrase" or \( before "\)"$/],
    ['', /^expected a word, a "phrase" or \( at the end$/],
    ['*', /^expected a word with letters or digits/],
    ['"  "', /^expected a word with letters or digits/],
    // Operators written another way would be looked for as words.
    ['pizza or burger', /^expected OR in capitals, or "or" in quotes to look for the word$/],
    ['pizza and burger', /^expected AND in capitals/],
    ['pizza not burger', /^expected NOT in capitals/],
    ['pizza NEAR burger', /^expected NEAR\/ and a number of words, or "NEAR" in quotes to look for the word, got "NEAR"$/],
    ['pizza near me', /^expected NEAR\/ and a number of words, or "near" in quotes/],
    ['pizza -burger', /^expected NOT burger to leave a word out, got "-burger"$/],
    ['piz*a', /^expected \* only at the end of a word \(a prefix, as in outfit\*\), got "piz\*a"$/],
  ])('%j: %s', (query, message) => {
    expect(() => parse(query)).toThrow(message);
  });
});

describe('evaluateQuery', () => {
  it.each([
    // Implicit AND and plain words
    ['need outfit', 'I need a new outfit', true],
    ['need outfit', 'I need a new dress', false],
    ['outfit', 'OUTFIT!', true],
    ['cafe', 'Café au lait', true],
    // Quoted phrases: the words, consecutive and in order
    ['"need an outfit"', 'Help, I need an outfit', true],
    ['"need an outfit"', 'an outfit is what I need', false],
    ['"need an outfit"', 'need a outfit', false],
    ['"need an outfit"', 'need. An outfit!', true],
    // AND / OR / NOT
    ['party OR wedding', 'off to a wedding', true],
    ['party OR wedding', 'off to a funeral', false],
    ['outfit AND (party OR wedding)', 'outfit for a party', true],
    ['outfit AND (party OR wedding)', 'outfit for a funeral', false],
    ['outfit NOT uniform', 'new outfit', true],
    ['outfit NOT uniform', 'new uniform outfit', false],
    ['NOT uniform', 'anything else', true],
    ['NOT (party OR wedding) outfit', 'outfit for work', true],
    ['NOT (party OR wedding) outfit', 'outfit for a wedding', false],
    // NOT binds tighter than OR: (NOT a) OR b
    ['NOT party OR wedding', 'party and wedding', true],
    ['NOT party OR wedding', 'party only', false],
    // AND binds tighter than OR: a OR (b AND c)
    ['refund OR late delivery', 'refund', true],
    ['refund OR late delivery', 'late', false],
    ['refund OR late delivery', 'delivery was late', true],
    ['"need an outfit" AND (party OR wedding) NOT uniform', 'I need an outfit for a wedding', true],
    ['"need an outfit" AND (party OR wedding) NOT uniform', 'I need an outfit for a wedding, not a uniform', false],
    // Trailing * matches words starting with the prefix
    ['outfit*', 'new outfits for the party', true],
    ['outfit*', 'one outfit', true],
    ['outfit*', 'an out fit', false],
    ['outfit*', 'my best-outfit', true],
    ['outfit*', 'seoutfit', false],
    ['deliver* late', 'delivery was late', true],
    // Hashtags are words of the post
    ['wedding outfit', '#wedding outfit ideas?', true],
  ])('%j on %j → %s', (query, text, expected) => {
    expect(holds(query, text)).toBe(expected);
  });

  it.each([
    // NEAR/n: at most n words between, either order
    ['refund NEAR/3 late', 'my refund is very late', true],
    ['refund NEAR/3 late', 'refund is very very late', true],
    ['refund NEAR/3 late', 'refund is very very very late', false],
    ['refund NEAR/3 late', 'late again and my refund', true],
    ['refund NEAR/3 late', 'late again and again my refund', false],
    ['refund NEAR/0 late', 'refund late', true],
    ['refund NEAR/0 late', 'late refund', true],
    ['refund NEAR/0 late', 'refund very late', false],
    ['refund NEAR/1 late', 'refund very late', true],
    ['refund NEAR/1 late', 'late, very late. refund', true],
    ['refund NEAR/1 late', 'refund? no, not late', false],
    // Phrases are measured from their ends
    ['"money back" NEAR/1 late', 'late with money back', true],
    ['"money back" NEAR/1 late', 'late with my money back', false],
    ['"money back" NEAR/1 late', 'money back so late', true],
    ['(refund OR money) NEAR/1 late', 'money so late', true],
    ['refund* NEAR/1 late', 'refunded too late', true],
    // Only occurrences near each other count
    ['refund NEAR/1 late', 'refund first, then much later, it was late', false],
  ])('%j on %j → %s', (query, text, expected) => {
    expect(holds(query, text)).toBe(expected);
  });

  it('returns word spans of every satisfied term', () => {
    expect(evaluateQuery(parse('refund OR late'), wordsOf('refund was late, refund now'))).toEqual({
      ok: true,
      spans: [
        [0, 1],
        [3, 4],
        [2, 3],
      ],
    });
    expect(evaluateQuery(parse('"was late"'), wordsOf('refund was late'))).toEqual({ ok: true, spans: [[1, 3]] });
    expect(evaluateQuery(parse('refund NOT late'), wordsOf('refund was late'))).toEqual({ ok: false, spans: [] });
  });
});

describe('compileTopics and matchTopics', () => {
  const outfits = topic({ name: 'outfits', query: '"need an outfit" AND (party OR wedding) NOT uniform' });
  const lateRefund = topic({ name: 'late refunds', query: 'refund NEAR/3 late', languages: ['en'] });
  const compiled = compileTopics([outfits, lateRefund]);

  it('compiles each topic with its tree', () => {
    expect(compiled.map((t) => [t.name, t.query, t.languages])).toEqual([
      ['outfits', outfits.query, []],
      ['late refunds', 'refund NEAR/3 late', ['en']],
    ]);
    expect(compiled[1]!.tree).toEqual(parse('refund NEAR/3 late'));
  });

  it('throws for an invalid query', () => {
    expect(() => compileTopics([topic({ query: 'party AND' })])).toThrow(/expected a word/);
  });

  it('matches as a topic with the first satisfied words as the span', () => {
    const text = 'Help! I need an outfit for a wedding next week';
    expect(matchTopics(text, compiled, makeContext(null))).toEqual([
      {
        brand: 'outfits',
        competitor: false,
        kind: 'topic',
        variant: outfits.query,
        matched: 'need an outfit',
        start: 8,
        end: 22,
        distance: 0,
        tagged: false,
      },
    ]);
  });

  it.each([
    ['the wedding: I need an outfit', 'outfits', 'wedding'],
    ['So late. Where is my refund?', 'late refunds', 'late'],
    ['My REFUND is late', 'late refunds', 'REFUND'],
    ['#Wedding and I need an outfit', 'outfits', '#Wedding'],
  ])('in %j the span is the earliest satisfied word', (text, name, matched) => {
    const [m] = matchTopics(text, compiled, makeContext('en'));
    expect(m).toMatchObject({ brand: name, matched });
    expect(text.slice(m!.start, m!.end)).toBe(matched);
  });

  it('finds several topics in one post', () => {
    const text = 'I need an outfit for the party and my refund is late';
    expect(matchTopics(text, compiled, makeContext('en')).map((m) => m.brand)).toEqual(['outfits', 'late refunds']);
  });

  it('finds nothing in an unrelated post', () => {
    expect(matchTopics('I need an outfit for work', compiled, makeContext('en'))).toEqual([]);
    expect(matchTopics('need an outfit for a party in uniform', compiled, makeContext('en'))).toEqual([]);
  });

  it('drops a topic whose languages exclude the post, and records why', () => {
    const ctx = makeContext('de');
    expect(matchTopics('refund late, refund late', compiled, ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([
      { brand: 'late refunds', kind: 'topic', matched: '', variant: 'refund NEAR/3 late', reason: expect.stringMatching(/\bde\b.*\ben\b/) },
    ]);
  });

  it('keeps a topic when the language is unknown', () => {
    expect(matchTopics('refund late', compiled, makeContext(null)).map((m) => m.brand)).toEqual(['late refunds']);
  });

  it('asks for the language only for a matching topic that restricts it', () => {
    const ctx = makeContext('de');
    expect(matchTopics('I need an outfit for a party', compiled, ctx).map((m) => m.brand)).toEqual(['outfits']);
    expect(ctx.asked()).toBe(0);
  });

  it('does nothing without topics', () => {
    const ctx = makeContext('en');
    expect(matchTopics('anything', [], ctx)).toEqual([]);
    expect(ctx.asked()).toBe(0);
  });
});

describe('topics in a config', () => {
  const yaml = (query: string) => `brands:
  - name: Ocado
topics:
  - name: outfits
    query: '${query}'
sources:
  - type: hackernews
`;

  it('loads a valid topic with its defaults', () => {
    const config = parseConfig({ source: yaml('"need an outfit" AND (party OR wedding)'), file: '/cfg/earshot.yaml', env: {} });
    expect(config.topics).toEqual([{ name: 'outfits', query: '"need an outfit" AND (party OR wedding)', languages: [] }]);
  });

  it.each(['(a OR', 'a AND', '"unclosed'])('an invalid query %j is a config error naming topics[0].query', (query) => {
    let error: unknown;
    try {
      parseConfig({ source: yaml(query), file: '/cfg/earshot.yaml', env: {} });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^earshot\.yaml:\d+: topics\[0\]\.query: invalid query: /);
    expect((error as ConfigError).message).toContain('topics[0].query');
    expect((error as ConfigError).message).toContain('invalid query');
  });

  it('reports an invalid topic together with other problems', () => {
    const source = `brands:
  - name: ""
topics:
  - name: t
    query: 'NOT'
sources:
  - type: hackernews
`;
    expect(() => parseConfig({ source, file: '/cfg/earshot.yaml', env: {} })).toThrow(ConfigError);
    try {
      parseConfig({ source, file: '/cfg/earshot.yaml', env: {} });
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems.some((p) => p.includes('brands[0].name'))).toBe(true);
      expect(problems.some((p) => p.includes('topics[0].query: invalid query'))).toBe(true);
    }
  });
});

describe('a topic query must look for something', () => {
  it.each(['NOT uniform', '(NOT pizza) OR burger', 'NOT (a OR b)'])('%j is refused by the config check: it holds for nearly every post', (query) => {
    const source = `brands: [{ name: Ocado }]\ntopics:\n  - name: t\n    query: '${query}'\n`;
    const problems = (() => {
      try {
        parseConfig({ source, file: '/cfg/earshot.yaml', env: {} });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([expect.stringMatching(/topics\[0\]\.query: invalid query: expected a word or "phrase" to look for/)]);
  });

  it.each(['pizza NOT burger', 'NOT pizza burger', '(pizza OR burger) NOT uniform'])('%j is accepted', (query) => {
    expect(() => parseConfig({ source: `brands: [{ name: Ocado }]\ntopics:\n  - name: t\n    query: '${query}'\n`, file: '/cfg/earshot.yaml', env: {} })).not.toThrow();
  });
});

describe('topics and handles', () => {
  it('count a handle by its word, as a hashtag is: @tesco is tesco', () => {
    const [t] = compileTopics([topic({ query: 'tesco NEAR/3 refund' })]);
    expect(matchTopics('@tesco where is my refund', [t!], makeContext('en'))).toHaveLength(1);
  });
});

describe('parseTopicQuery: NEAR needs a number', () => {
  it.each(['refund NEAR/x late', 'refund NEAR/ late', 'refund NEAR/3x late'])('rejects %j', (query) => {
    expect(() => parseTopicQuery(query, foldTerm)).toThrow(/NEAR\/ and a number of words/);
  });
});
