import { beforeAll, describe, expect, it } from 'vitest';
import type { TopicConfig } from '../../src/config/schema.js';
import type { Rejection } from '../../src/match/match-post.js';
import { createAnalyzer, type Analyzer } from '../../src/pipeline/analyze.js';
import { makeBrand, makePost } from '../helpers/builders.js';

const ENGLISH_NOTHING = 'Nothing to see here at all, just a quiet morning walk in the park.';
const SHALL = 'Shall we meet at the station tomorrow morning?';

/** Reasons are prose for people: tests pin the facts they must name, not their wording. */
const says = (...facts: RegExp[]) => expect.stringMatching(new RegExp(facts.map((f) => `(?=.*${f.source})`).join(''), 'i'));

const brands = [
  makeBrand({ name: 'Ocado', handles: ['@Ocado'] }),
  makeBrand({ name: 'Shell' }),
  makeBrand({ name: 'Tesco', competitor: true, languages: ['en'] }),
];
const topics: TopicConfig[] = [{ name: 'late refunds', query: 'refund NEAR/3 late', languages: [] }];

describe('createAnalyzer: analyze', () => {
  let analyzer: Analyzer;

  beforeAll(async () => {
    analyzer = await createAnalyzer({ brands, topics, languages: ['en'] });
    // Most posts here carry no language: prepare loads the detector they need.
    await analyzer.prepare([makePost({ text: ENGLISH_NOTHING })]);
  });

  it('cleans a mail\'s subject as its text, so a reply written in decomposed accents is still told by its subject', () => {
    const subject = 'Re: Ocado commande abîmée, horrible et inacceptable'.normalize('NFD');
    const { post, mentions } = analyzer.analyze(makePost({ title: subject, language: 'fr', channel: 'email', text: `${subject}\nmerci beaucoup, tout est réglé, service parfait` }));
    expect(post.title).toBe(subject.normalize('NFC'));
    expect(mentions.map((m) => m.sentiment)).toEqual(['positive']);
  });

  it('returns a post without mentions untouched, its language not filled in', () => {
    const post = makePost({ text: ENGLISH_NOTHING });
    const result = analyzer.analyze(post);
    expect(result.mentions).toEqual([]);
    expect(result.post).toBe(post);
    expect(result.post.language).toBeUndefined();
  });

  it('reads a post of megabytes up to its first 100,000 characters and stores all of it', () => {
    // A spam run of one letter overflowed a regular expression's stack and stopped a whole import.
    const text = `Ocado lost my order ${'a'.repeat(4_000_000)} Shell`;
    const { post, mentions } = analyzer.analyze(makePost({ text, language: 'en' }));
    expect(post.text).toBe(text);
    expect(mentions.map((m) => [m.brand, m.start])).toEqual([['Ocado', 0]]);
  });

  it('matches and returns the text cleaned as it is stored, so spans point at what they matched', () => {
    // Colour codes and a tab from a terminal copy; an accent decomposed, as pasted from a Mac.
    const post = makePost({ text: '\u001b[31mRED\u001b[0m Oca\u0301do lost my order\r\n\tagain', language: 'en' });
    const { post: stored, mentions } = analyzer.analyze(post);
    expect(stored.text).toBe('RED Ocádo lost my order\n\tagain');
    expect(mentions.map((m) => [m.brand, m.kind, m.matched, stored.text.slice(m.start, m.end)])).toEqual([['Ocado', 'name', 'Ocádo', 'Ocádo']]);
    // Controls that separate words keep them apart.
    const glued = analyzer.analyze(makePost({ text: 'Great service from\rOcado,\u000bthanks\u0085again', language: 'en' }));
    expect(glued.post.text).toBe('Great service from\nOcado, thanks again');
    expect(glued.mentions.map((m) => m.brand)).toEqual(['Ocado']);
    const clean = makePost({ text: 'Ocado lost my order', language: 'en' });
    expect(analyzer.analyze(clean).post.text).toBe(clean.text);
    // A lone surrogate is stored as one U+FFFD, which UTF-8 can hold, so the span after it holds.
    const lone = analyzer.analyze(makePost({ text: '\ud800\ud800 x Ocado is late \udc00', language: 'en' }));
    expect(lone.post.text).toBe('\ufffd\ufffd x Ocado is late \ufffd');
    expect(lone.mentions.map((m) => lone.post.text.slice(m.start, m.end))).toEqual(['Ocado']);
    expect(analyzer.analyze(makePost({ text: 'Ocado 😡', language: 'en' })).post.text).toBe('Ocado 😡');
  });

  it("tells a short post's language without the brand's name, which reads as another language", () => {
    // "Ocado" looks Spanish to the detector: with it, this was scored with the Spanish lexicon, as neutral.
    const result = analyzer.analyze(makePost({ text: 'Ocado lost my parcel, awful' }));
    expect(result.post.language).toBe('en');
    expect(result.mentions.map((m) => m.sentiment)).toEqual(['negative']);
  });

  it('reads a post too short without the name with it, so a brand kept to English stays so', () => {
    // "est trop cher" alone is too short to tell: read whole, the post is French, and Tesco allows en only.
    const result = analyzer.analyze(makePost({ text: 'Tesco est trop cher' }));
    expect(result.mentions).toEqual([]);
  });

  it('detects the language of a post with mentions and returns scored mentions', () => {
    const post = makePost({ text: 'Ocado lost my order again, terrible service and no refund.' });
    const result = analyzer.analyze(post);
    expect(result.post).toEqual({ ...post, language: 'en' });
    // The caller's post is not changed.
    expect(post.language).toBeUndefined();
    expect(result.mentions).toHaveLength(1);
    const [m] = result.mentions;
    expect(m).toMatchObject({ brand: 'Ocado', kind: 'name', matched: 'Ocado', start: 0, end: 5, sentiment: 'negative', tagged: false });
    expect(m!.sentimentScore).toBeLessThan(0);
    expect(Number.isInteger(m!.priority)).toBe(true);
  });

  it('scores a tagged, positive post lower than an untagged, negative one', () => {
    const happy = analyzer.analyze(makePost({ text: '@Ocado thanks, brilliant delivery' })).mentions[0]!;
    const angry = analyzer.analyze(makePost({ text: 'Ocado lost my order again, terrible service and no refund.' })).mentions[0]!;
    expect(happy).toMatchObject({ kind: 'handle', tagged: true, sentiment: 'positive' });
    expect(happy.priority).toBeLessThan(angry.priority);
  });

  it.each([
    ['de-DE', 'de'],
    ['DE', 'de'],
    ['deu', 'de'],
    ['pl', 'pl'],
  ])("prefers the post's own language %j (as %s) over detection", (own, expected) => {
    const result = analyzer.analyze(makePost({ text: 'Ocado lost my order again, terrible service.', language: own }));
    expect(result.post.language).toBe(expected);
    expect(result.mentions.map((m) => m.brand)).toEqual(['Ocado']);
  });

  it('detects when the own language field is not a language', () => {
    const result = analyzer.analyze(makePost({ text: 'Ocado lost my order again, terrible service.', language: 'und' }));
    expect(result.post.language).toBe('en');
  });

  it('leaves the language null when the text is too short to tell', () => {
    const result = analyzer.analyze(makePost({ text: 'Tesco!' }));
    expect(result.post.language).toBeNull();
    // Unknown language is allowed even for a brand limited to English.
    expect(result.mentions.map((m) => m.brand)).toEqual(['Tesco']);
  });

  it("drops a brand limited to other languages, by the detected language, and says why", () => {
    const rejected: Rejection[] = [];
    const result = analyzer.analyze(makePost({ text: 'Tesco hat heute wieder alles falsch geliefert, unglaublich.' }), rejected);
    expect(result.mentions).toEqual([]);
    expect(rejected).toEqual([{ brand: 'Tesco', kind: 'name', matched: 'Tesco', variant: 'Tesco', reason: says(/\bde\b/, /\ben\b/) }]);
  });

  it("drops a brand limited to other languages by the post's own language field", () => {
    const rejected: Rejection[] = [];
    const result = analyzer.analyze(makePost({ text: 'Tesco delivered everything on time, lovely.', language: 'de' }), rejected);
    expect(result.mentions).toEqual([]);
    expect(rejected).toMatchObject([{ brand: 'Tesco', reason: says(/\bde\b/, /\ben\b/) }]);
  });

  it('uses the English dictionary for an English post: "Shall" is no misspelling of Shell', () => {
    const rejected: Rejection[] = [];
    const result = analyzer.analyze(makePost({ text: SHALL }), rejected);
    expect(result.mentions).toEqual([]);
    expect(rejected).toEqual([{ brand: 'Shell', kind: 'fuzzy', matched: 'Shall', variant: 'Shell', reason: says(/"Shall"/, /real word/) }]);
  });

  it('still finds a misspelling that is no word', () => {
    const result = analyzer.analyze(makePost({ text: 'Filled up at Shelll on the motorway, pricey as ever.' }));
    expect(result.mentions).toMatchObject([{ brand: 'Shell', kind: 'fuzzy', matched: 'Shelll', distance: 1 }]);
  });

  it('records rejections only when asked', () => {
    expect(() => analyzer.analyze(makePost({ text: SHALL }))).not.toThrow();
    const rejected: Rejection[] = [];
    analyzer.analyze(makePost({ text: 'love #avocado on toast every single morning' }), rejected);
    expect(rejected).toMatchObject([{ brand: 'Ocado', kind: 'hashtag', matched: '#avocado', reason: says(/"avocado"/, /real word/) }]);
  });

  it('matches topics as mentions of kind topic', () => {
    const result = analyzer.analyze(makePost({ text: 'my refund is very late', language: 'en' }));
    expect(result.mentions).toMatchObject([{ brand: 'late refunds', kind: 'topic', matched: 'refund', competitor: false }]);
    expect(result.mentions[0]!.sentiment).toBe('negative');
  });

  it('returns brands and topics together', () => {
    const result = analyzer.analyze(makePost({ text: 'Ocado: my refund is late, again. Not happy.' }));
    expect(result.mentions.map((m) => `${m.brand}/${m.kind}`)).toEqual(['Ocado/name', 'late refunds/topic']);
  });
});

describe('createAnalyzer: dictionaries by language', () => {
  const shell = makeBrand({ name: 'Shell' });

  it("falls back to the configured languages' dictionaries when the post's language has none", async () => {
    const analyzer = await createAnalyzer({ brands: [shell], topics: [], languages: ['en', 'de'] });
    // Turkish and Japanese have no dictionary here: English and German are consulted instead.
    for (const language of ['tr', 'ja']) {
      const rejected: Rejection[] = [];
      expect(analyzer.analyze(makePost({ text: SHALL, language }), rejected).mentions).toEqual([]);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ brand: 'Shell', kind: 'fuzzy', matched: 'Shall' });
    }
  });

  it('knows no words when neither the post nor the config has a language with a dictionary', async () => {
    const analyzer = await createAnalyzer({ brands: [shell], topics: [], languages: ['de'] });
    const rejected: Rejection[] = [];
    const result = analyzer.analyze(makePost({ text: SHALL, language: 'de' }), rejected);
    expect(result.mentions).toMatchObject([{ brand: 'Shell', kind: 'fuzzy', matched: 'Shall', distance: 1 }]);
    expect(rejected).toEqual([]);
  });

  it("uses the detected language's dictionary even when the config names another", async () => {
    const analyzer = await createAnalyzer({ brands: [shell], topics: [], languages: ['de'] });
    const rejected: Rejection[] = [];
    expect(analyzer.analyze(makePost({ text: SHALL }), rejected).mentions).toEqual([]);
    expect(rejected).toMatchObject([{ brand: 'Shell', reason: says(/"Shall"/, /real word/) }]);
  });

  it('does not claim a word belongs to the post language when a fallback dictionary knew it', async () => {
    const analyzer = await createAnalyzer({ brands: [shell], topics: [], languages: ['en'] });
    const rejected: Rejection[] = [];
    analyzer.analyze(makePost({ text: SHALL, language: 'tr' }), rejected);
    expect(rejected).toHaveLength(1);
    // "Shall" is English; there is no Turkish dictionary, so the reason must not say "in tr".
    expect(rejected[0]!.reason).not.toContain('in tr');
  });
});

describe('createAnalyzer: each language its own dictionary', () => {
  const wurst = makeBrand({ name: 'Wurst' });

  it('drops a German word near the brand in a German post, and keeps it as a typo in an English one', async () => {
    const analyzer = await createAnalyzer({ brands: [wurst], topics: [], languages: ['en', 'de'] });
    const german: Rejection[] = [];
    // "Wust" (a jumble) is one edit from Wurst and a German word, but no English one.
    expect(analyzer.analyze(makePost({ text: 'So ein Wust an Papieren heute', language: 'de' }), german).mentions).toEqual([]);
    expect(german[0]).toMatchObject({ brand: 'Wurst', matched: 'Wust', reason: expect.stringContaining('in de') });
    const english = analyzer.analyze(makePost({ text: 'Wust had the best sausages in town', language: 'en' }));
    expect(english.mentions).toMatchObject([{ brand: 'Wurst', kind: 'fuzzy', matched: 'Wust', distance: 1 }]);
  });
});
