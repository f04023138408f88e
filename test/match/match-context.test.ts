import { beforeAll, describe, expect, it } from 'vitest';
import type { BrandConfig } from '../../src/config/schema.js';
import { compileRules } from '../../src/match/compile-rules.js';
import { isDictionaryWord, loadSpellChecker } from '../../src/match/dictionaries.js';
import { matchText, PLAIN_CONTEXT, type MatchContext, type Rejection } from '../../src/match/match-post.js';
import type { Match } from '../../src/types.js';
import { makeBrand } from '../helpers/builders.js';

// Hunspell is WebAssembly: load it once before any test asks the English dictionary.
beforeAll(() => loadSpellChecker());

const ocado = makeBrand({ name: 'Ocado' });
const tesco = makeBrand({ name: 'Tesco', competitor: true });
const nike = makeBrand({ name: 'Nike' });
const shell = makeBrand({ name: 'Shell' });
const argos = makeBrand({ name: 'Argos' });
const BRANDS: Record<string, BrandConfig> = {
  Ocado: ocado,
  Tesco: tesco,
  Nike: nike,
  Shell: shell,
  Argos: argos,
  Ocadt: makeBrand({ name: 'Ocadt' }),
  Boots: makeBrand({ name: 'Boots' }),
};

interface ContextInput {
  /** The post's language; null when unknown. */
  language?: string | null;
  /** Words the post's language knows: a list, the real English dictionary, or none. */
  words?: string[] | 'en';
}

/** A context that records rejections, with a small word list or the real English dictionary. */
function makeContext({ language = null, words = [] }: ContextInput = {}): MatchContext & { rejected: Rejection[] } {
  const known = words === 'en' ? null : new Set(words);
  return {
    language: () => language,
    isWord: (word) => (known ? known.has(word.toLowerCase()) : isDictionaryWord(word, 'en')),
    rejected: [],
  };
}

const english = () => makeContext({ language: 'en', words: 'en' });

/** Reasons are prose for people: tests pin the facts they must name, not their wording. */
const says = (...facts: (string | RegExp)[]) =>
  expect.stringMatching(new RegExp(facts.map((f) => `(?=.*${typeof f === 'string' ? escapeRegExp(f) : f.source})`).join(''), 'i'));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function match(text: string, brands: BrandConfig[], ctx: MatchContext = PLAIN_CONTEXT): Match[] {
  const matches = matchText(text, compileRules(brands), ctx);
  // Whatever matched, its span must point at the text it claims.
  for (const m of matches) expect(text.slice(m.start, m.end), `span of ${m.brand}`).toBe(m.matched);
  return matches;
}

function brandsOf(matches: Match[]): string[] {
  return matches.map((m) => m.brand);
}

describe('matchText: context terms', () => {
  const apple = makeBrand({
    name: 'Apple',
    aliases: ['Apple Inc'],
    handles: ['@Apple'],
    domains: ['apple.com'],
    context: ['iPhone', 'Mac Book', 'app store'],
  });

  it.each([
    ['my apple iphone froze', 'name', 'apple'],
    ['Apple: the MacBook is fine but my Mac Book Pro is not', 'name', 'Apple'],
    ['Apple Inc and the App Store', 'alias', 'Apple Inc'],
    ['appple iphone keeps rebooting', 'fuzzy', 'appple'],
  ])('keeps a name, alias or fuzzy match when a context phrase appears: %j', (text, kind, matched) => {
    const ctx = makeContext();
    expect(match(text, [apple], ctx)).toMatchObject([{ brand: 'Apple', kind, matched }]);
    expect(ctx.rejected).toEqual([]);
  });

  it.each([
    ['apple pie recipe', 'name', 'apple'],
    ['my mac is an apple', 'name', 'apple'],
    ['book an apple store visit', 'name', 'apple'],
    ['Apple Inc shares fell', 'alias', 'Apple Inc'],
    ['appple crumble', 'fuzzy', 'appple'],
  ])('drops %j (a %s match) and says why', (text, kind, matched) => {
    const ctx = makeContext();
    expect(match(text, [apple], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([
      { brand: 'Apple', kind, matched, variant: kind === 'alias' ? 'Apple Inc' : 'Apple', reason: says('context') },
    ]);
  });

  it.each([
    ['@Apple my pie order', 'handle', '@Apple', true],
    ['#apple crumble for tea', 'hashtag', '#apple', false],
    ['apple.com is down', 'domain', 'apple.com', false],
  ])('does not need context for %j (a %s match)', (text, kind, matched, tagged) => {
    const ctx = makeContext();
    expect(match(text, [apple], ctx)).toMatchObject([{ brand: 'Apple', kind, matched, tagged }]);
    expect(ctx.rejected).toEqual([]);
  });

  it('keeps a brand without context terms whatever else the post says', () => {
    expect(brandsOf(match('ocado pie recipe', [ocado, apple]))).toEqual(['Ocado']);
  });

  it('applies context per brand: one brand dropped does not drop another', () => {
    const tescoWithContext = makeBrand({ name: 'Tesco', context: ['groceries'] });
    const ctx = makeContext();
    expect(match('i love tesco and @OcadoSupport', [makeBrand({ name: 'Ocado', context: ['groceries'] }), tescoWithContext], ctx)).toMatchObject([
      { brand: 'Ocado', kind: 'handle', matched: '@OcadoSupport' },
    ]);
    expect(ctx.rejected).toMatchObject([{ brand: 'Tesco', kind: 'name', reason: says('context') }]);
  });
});

describe('matchText: caseSensitive', () => {
  const next = makeBrand({ name: 'Next', aliases: ['Next Day'], caseSensitive: true });

  it.each([
    ['Next delivery was late', 'name', 'Next'],
    ['bought it at Next, again', 'name', 'Next'],
    ['Next-Day parcel', 'alias', 'Next-Day'],
    ['NextDay parcel', 'alias', 'NextDay'],
  ])('matches %j written with the configured case', (text, kind, matched) => {
    expect(match(text, [next])).toMatchObject([{ brand: 'Next', kind, matched, distance: 0 }]);
  });

  it.each([
    ['see you next week', 'next'],
    ['NEXT!', 'NEXT'],
    ['nExt please', 'nExt'],
  ])('drops %j (not written as "Next") and records it', (text, matched) => {
    const ctx = makeContext();
    expect(match(text, [next], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([
      { brand: 'Next', kind: 'name', matched, variant: 'Next', reason: says('"Next"', /case/) },
    ]);
  });

  it.each(['#NextSale', '#BigNextSale', '#NextDayDelivery'])('finds the cased name inside the CamelCase hashtag %j', (text) => {
    expect(match(text, [next])).toMatchObject([{ brand: 'Next', kind: 'hashtag', matched: text }]);
  });

  it.each(['Nextt order', 'Nexr order', 'Nxet order'])('never matches %j fuzzily', (text) => {
    expect(match(text, [next])).toEqual([]);
  });

  it.each(['n3xt order', 'N3xt order'])('never matches the leetspeak %j', (text) => {
    expect(match(text, [next])).toEqual([]);
  });

  it('does not find it inside an all-lowercase hashtag', () => {
    expect(match('#nextsale today', [next], makeContext({ words: ['sale'] }))).toEqual([]);
  });

  it('still matches handles in any case: they are not words', () => {
    expect(match('@next where is my parcel', [next])).toMatchObject([{ brand: 'Next', kind: 'handle', tagged: true }]);
  });

  it.each([
    ['#nextSale', 'hashtag'],
    ['nextday parcel', 'alias'],
  ])('records a wrongly cased %j as dropped, like a wrongly cased word', (text, kind) => {
    const ctx = makeContext();
    expect(match(text, [next], ctx)).toEqual([]);
    expect(ctx.rejected).toHaveLength(1);
    expect(ctx.rejected[0]).toMatchObject({ brand: 'Next', kind });
    expect(ctx.rejected[0]!.reason).toMatch(/case/i);
  });

  it('leaves other brands case-insensitive', () => {
    expect(brandsOf(match('next to OCADO', [next, ocado]))).toEqual(['Ocado']);
  });
});

describe('matchText: languages', () => {
  const englishOnly = makeBrand({ name: 'Ocado', handles: ['@Ocado'], languages: ['en', 'pl'] });

  it.each([
    ['en', 'Ocado is great'],
    ['pl', 'Ocado jest super'],
    [null, 'Ocado ist toll'],
  ])('keeps a post in %s (or of unknown language)', (language, text) => {
    const ctx = makeContext({ language });
    expect(brandsOf(match(text, [englishOnly], ctx))).toEqual(['Ocado']);
    expect(ctx.rejected).toEqual([]);
  });

  it.each([
    ['Ocado ist toll', 'name', 'Ocado'],
    ['@Ocado ist toll', 'handle', '@Ocado'],
  ])('drops %j in another language even for a %s match', (text, kind, matched) => {
    const ctx = makeContext({ language: 'de' });
    expect(match(text, [englishOnly], ctx)).toEqual([]);
    expect(ctx.rejected).toMatchObject([{ brand: 'Ocado', kind, matched, reason: says(/\bde\b/, 'en, pl') }]);
  });

  it('filters brand by brand: a brand without languages is kept', () => {
    const ctx = makeContext({ language: 'de' });
    expect(brandsOf(match('Ocado oder Tesco?', [englishOnly, tesco], ctx))).toEqual(['Tesco']);
  });

  it('does not ask for the language when no brand restricts it', () => {
    let asked = 0;
    const ctx: MatchContext = { language: () => (asked++, 'de'), isWord: () => false };
    expect(brandsOf(match('Ocado oder Tesco?', [ocado, tesco], ctx))).toEqual(['Ocado', 'Tesco']);
    expect(asked).toBe(0);
  });
});

describe('matchText: leetspeak', () => {
  it.each([
    ['my 0cad0 order', 'Ocado', '0cad0', 2],
    ['ocad0 again', 'Ocado', 'ocad0', 1],
    ['0C4D0 is down', 'Ocado', '0C4D0', 3],
    ['new n1ke trainers', 'Nike', 'n1ke', 1],
    ['T35C0 meal deal', 'Tesco', 'T35C0', 3],
    ['sh3ll garage', 'Shell', 'sh3ll', 1],
    ['5hell garage', 'Shell', '5hell', 1],
    ['4rg05 catalogue', 'Argos', '4rg05', 3],
    ['ocad7 late', 'Ocadt', 'ocad7', 1],
    ['8oots', 'Boots', '8oots', 1],
  ])('%j is a fuzzy match of %s with one edit per digit', (text, name, matched, distance) => {
    expect(match(text, [BRANDS[name]!])).toMatchObject([{ brand: name, kind: 'fuzzy', matched, variant: name, distance }]);
  });

  it('adds the digits to the edits of a misspelling: 0cadd0 is two digits and one insertion', () => {
    expect(match('0cadd0 late', [ocado])).toMatchObject([{ kind: 'fuzzy', matched: '0cadd0', distance: 3 }]);
  });

  it('reads a multi-word brand written as one leet word', () => {
    const coke = makeBrand({ name: 'Coca Cola' });
    expect(match('c0cac0la please', [coke])).toMatchObject([{ brand: 'Coca Cola', kind: 'fuzzy', matched: 'c0cac0la', distance: 2 }]);
  });

  it.each(['2026 ocado', '100 orders', '1 oo', '500'])('takes no number for a brand: %j', (text) => {
    expect(match(text, [makeBrand({ name: 'Ioo' }), ocado]).filter((m) => m.kind === 'fuzzy')).toEqual([]);
  });

  it('prefers the exact name over a leet spelling in the same post', () => {
    expect(match('Ocado and 0cad0', [ocado])).toMatchObject([{ kind: 'name', matched: 'Ocado', distance: 0 }]);
  });

  it('does not treat a leet spelling of a real word as a misspelling of the brand ("sp3ll" is "spell")', () => {
    const ctx = english();
    expect(match('can you sp3ll it', [shell], ctx)).toEqual([]);
    expect(ctx.rejected).toMatchObject([{ brand: 'Shell', kind: 'fuzzy', matched: 'sp3ll', reason: says('sp3ll') }]);
  });

  it('still reads a leet spelling that is no word as the brand', () => {
    expect(match('sh3lll garage', [shell], english())).toMatchObject([{ brand: 'Shell', kind: 'fuzzy', matched: 'sh3lll', distance: 2 }]);
  });
});

describe('matchText: handle variants', () => {
  const brand = makeBrand({ name: 'Ocado', handles: ['@Ocado'] });

  it.each(['@OcadoSupport', '@ocado_uk', '@ocado.help', '@OcadoUK', '@Ocado_Official', '@ocadohq', '@OCADO_CARES'])(
    '%j is the brand tagged',
    (handle) => {
      expect(match(`${handle} where is my order`, [brand])).toEqual([
        {
          brand: 'Ocado',
          competitor: false,
          kind: 'handle',
          variant: '@Ocado',
          matched: handle,
          start: 0,
          end: handle.length,
          distance: 0,
          tagged: true,
        },
      ]);
    },
  );

  it.each(['@OcadoFan', '@ocadolover', '@ocado_fan_club', '@notocado', '@ocad', '@ocadosupporter'])(
    '%j is not the brand',
    (handle) => {
      expect(match(`${handle} says hi`, [brand])).toEqual([]);
    },
  );

  it('finds a variant of a name that has no configured handle', () => {
    expect(match('thanks @tesco_uk', [tesco])).toMatchObject([{ brand: 'Tesco', kind: 'handle', tagged: true, variant: '@tesco' }]);
  });

  it('a variant handle counts as tagged even when the name appears first', () => {
    expect(match('Ocado is late @OcadoSupport', [brand])).toMatchObject([{ kind: 'handle', matched: '@OcadoSupport', start: 14, tagged: true }]);
  });
});

describe('matchText: the misspelling guard (real English dictionary)', () => {
  it.each([
    ['shall we go', 'Shell', 'shall'],
    ['spell it out', 'Shell', 'spell'],
    ['sea shells', 'Shell', 'shells'],
    ['argon gas', 'Argos', 'argon'],
    ['Shall we?', 'Shell', 'Shall'],
  ])('%j: a real word near %s is not a misspelling of it', (text, name, word) => {
    const ctx = english();
    expect(match(text, [BRANDS[name]!], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([
      { brand: name, kind: 'fuzzy', matched: word, variant: name, reason: says(`"${word}"`, 'real word') },
    ]);
  });

  it.each([
    ['Shelll garage', 'Shell', 'Shelll'],
    ['Shel garage', 'Shell', 'Shel'],
    ['Argoss catalogue', 'Argos', 'Argoss'],
    ['ocdao app crashed', 'Ocado', 'ocdao'],
    ['Ocaddo order', 'Ocado', 'Ocaddo'],
  ])('%j: a misspelling that is no word matches %s at one edit', (text, name, matched) => {
    const ctx = english();
    expect(match(text, [BRANDS[name]!], ctx)).toMatchObject([{ brand: name, kind: 'fuzzy', matched, distance: 1 }]);
    expect(ctx.rejected).toEqual([]);
  });

  it('says nothing about the language in the reason when it is unknown', () => {
    const ctx = makeContext({ words: ['shall'] });
    expect(match('shall we', [shell], ctx)).toEqual([]);
    expect(ctx.rejected).toMatchObject([{ reason: says('"shall"', 'real word') }]);
    expect(ctx.rejected[0]!.reason).not.toMatch(/\bin (en|null|undefined)\b/);
  });

  it('without a dictionary (PLAIN_CONTEXT) a word one edit away still matches', () => {
    expect(match('shall we go', [shell])).toMatchObject([{ brand: 'Shell', kind: 'fuzzy', matched: 'shall', distance: 1 }]);
  });

  it('leaves exact names alone even when they are dictionary words', () => {
    const ctx = english();
    expect(match('Shell garage', [shell], ctx)).toMatchObject([{ kind: 'name', matched: 'Shell' }]);
    expect(ctx.rejected).toEqual([]);
  });
});

describe('matchText: all-lowercase hashtags', () => {
  const words = ['i', 'love', 'late', 'again', 'fail', 'avocado', 'shellfish', 'toast', 'so'];

  it.each([
    ['#ocadofail', 'Ocado', []],
    ['#ocado2026', 'Ocado', []],
    ['#ocadoxyz', 'Ocado', []],
    ['#ilovetesco', 'Tesco', words],
    ['#lateocado', 'Ocado', words],
    ['#soocadoagain', 'Ocado', words],
  ])('finds the brand in %j', (tag, name, known) => {
    expect(match(`${tag} today`, [BRANDS[name]!], makeContext({ words: known }))).toMatchObject([
      { brand: name, kind: 'hashtag', matched: tag, variant: name, start: 0, end: tag.length, tagged: false },
    ]);
  });

  it('finds a brand inside a tag with the real English dictionary', () => {
    expect(match('#ilovetesco', [tesco], english())).toMatchObject([{ brand: 'Tesco', kind: 'hashtag', matched: '#ilovetesco' }]);
  });

  it.each([
    ['#avocado', 'Ocado', 'avocado'],
    ['#shellfish', 'Shell', 'shellfish'],
  ])('drops %j, itself a real word, and records why', (tag, name, word) => {
    const ctx = makeContext({ language: 'en', words });
    expect(match(tag, [BRANDS[name]!], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([{ brand: name, kind: 'hashtag', matched: tag, variant: name, reason: says(`"${word}"`, 'real word') }]);
  });

  it('drops #avocado with the real English dictionary', () => {
    const ctx = english();
    expect(match('#avocado', [ocado], ctx)).toEqual([]);
    expect(ctx.rejected).toMatchObject([{ brand: 'Ocado', kind: 'hashtag', matched: '#avocado' }]);
  });

  it('drops #avocado without any dictionary: "av" is not a word', () => {
    const ctx = makeContext();
    expect(match('#avocado', [ocado], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([
      { brand: 'Ocado', kind: 'hashtag', matched: '#avocado', variant: 'Ocado', reason: says('#avocado') },
    ]);
  });

  it('drops a brand inside a tag whose rest is not words (no dictionary)', () => {
    const ctx = makeContext({ words: ['i', 'love'] });
    expect(match('#ilovexytesco', [tesco], ctx)).toEqual([]);
    expect(ctx.rejected).toMatchObject([{ brand: 'Tesco', kind: 'hashtag', reason: says('#ilovexytesco') }]);
  });

  it.each(['#avocadotoast', '#xyzocado'])(
    'drops %j with the real English dictionary: what precedes "ocado" is not made of words',
    (tag) => {
      expect(match(tag, [ocado], english())).toEqual([]);
    },
  );
});

describe('matchText: exclude phrases', () => {
  const brand = makeBrand({ name: 'Ocado', handles: ['@Ocado'], exclude: ['avocado toast', 'Ocado Technology'] });

  it.each([
    ['smashed avocado toast and ocado', 'name', 'ocado', 'avocado toast'],
    ['ocado technology is hiring', 'name', 'ocado', 'ocado technology'],
    ['@Ocado Ocado-Technology stand at the fair', 'handle', '@Ocado', 'ocado technology'],
  ])('drops %j and records the phrase', (text, kind, matched, phrase) => {
    const ctx = makeContext();
    expect(match(text, [brand], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([{ brand: 'Ocado', kind, matched, variant: kind === 'handle' ? '@Ocado' : 'Ocado', reason: says('exclude', `"${phrase}"`) }]);
  });

  it.each(['avocado on toast from ocado', 'ocado tech support', 'toast avocado ocado'])('keeps %j: the phrase is not there word for word', (text) => {
    expect(brandsOf(match(text, [brand]))).toEqual(['Ocado']);
  });

  it('excludes for one brand only', () => {
    expect(brandsOf(match('avocado toast from Tesco and Ocado', [brand, tesco]))).toEqual(['Tesco']);
  });
});

describe('matchText: rejections', () => {
  it('records nothing when no context asks for it', () => {
    const ctx: MatchContext = { language: () => 'en', isWord: (w) => w === 'shall' };
    expect(match('shall we', [shell], ctx)).toEqual([]);
    expect(ctx.rejected).toBeUndefined();
  });

  it('records several drops in one post, one per candidate', () => {
    const ctx = makeContext({ language: 'en', words: ['shall', 'avocado'] });
    expect(match('shall we have #avocado', [shell, ocado], ctx)).toEqual([]);
    expect(ctx.rejected.map((r) => `${r.brand}/${r.kind}/${r.matched}`)).toEqual(['Shell/fuzzy/shall', 'Ocado/hashtag/#avocado']);
  });

  it('records nothing for a match that stands', () => {
    const ctx = english();
    expect(brandsOf(match('Ocado and Tesco both late', [ocado, tesco], ctx))).toEqual(['Ocado', 'Tesco']);
    expect(ctx.rejected).toEqual([]);
  });
});

describe('matchText: a name written without its sign', () => {
  it('is dropped with the reason, for match --explain', () => {
    const ctx = makeContext();
    expect(match('plan C is ready', [makeBrand({ name: 'C++' })], ctx)).toEqual([]);
    expect(ctx.rejected).toEqual([{ brand: 'C++', kind: 'name', matched: 'C', variant: 'C++', reason: says('"++"', 'C++') }]);
  });

  it('is not said where another signed name matched: the "C" of "C++" is no "C#" without its sign', () => {
    const ctx = makeContext();
    expect(match('C++ is new', [makeBrand({ name: 'C++' }), makeBrand({ name: 'C#' })], ctx).map((m) => m.brand)).toEqual(['C++']);
    expect(ctx.rejected).toEqual([]);
  });

  it('written with its sign in another case than a caseSensitive name says, is no brand, not the bare word\'s brand', () => {
    const brands = [makeBrand({ name: 'Walt Disney', aliases: ['Disney'] }), makeBrand({ name: 'Disney+', caseSensitive: true })];
    for (const text of ['disney+ is down', '#disney+ is down']) {
      const ctx = makeContext();
      expect(match(text, brands, ctx), text).toEqual([]);
      expect(ctx.rejected.map((r) => [r.brand, r.reason]), text).toEqual([['Disney+', says('caseSensitive')]]);
    }
  });
});
