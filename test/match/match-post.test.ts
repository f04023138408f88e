import { describe, expect, it } from 'vitest';
import type { BrandConfig } from '../../src/config/schema.js';
import { brandSearchTerms, compileRules, fuzzyLimit } from '../../src/match/compile-rules.js';
import { matchText } from '../../src/match/match-post.js';
import type { Match, MatchKind } from '../../src/types.js';
import { makeBrand } from '../helpers/builders.js';

const ocado = makeBrand({
  name: 'Ocado',
  handles: ['@Ocado', '@OcadoHelp'],
  hashtags: ['#OcadoFail'],
  domains: ['ocado.com'],
});
const cocaCola = makeBrand({ name: 'Coca-Cola', aliases: ['Coke'] });
const tesco = makeBrand({ name: 'Tesco', competitor: true });

function match(text: string, brands: BrandConfig[] = [ocado]): Match[] {
  const matches = matchText(text, compileRules(brands));
  // Whatever matched, its span must point at the text it claims.
  for (const m of matches) expect(text.slice(m.start, m.end), `span of ${m.brand}`).toBe(m.matched);
  return matches;
}

/** The one match for `brand`, failing when there is none or several. */
function single(text: string, brands: BrandConfig[] = [ocado]): Match {
  const matches = match(text, brands);
  expect(matches, `matches in ${JSON.stringify(text)}`).toHaveLength(1);
  return matches[0]!;
}

describe('matchText: names', () => {
  it.each([
    ['Ocado delivered early', 'Ocado', 0],
    ['love ocado', 'ocado', 5],
    ['OCADO AGAIN', 'OCADO', 0],
    ['ordered from Ocádo', 'Ocádo', 13],
    ['Ocaaaado is late', 'Ocaaaado', 0],
    ["Ocado's van was late", 'Ocado', 0],
    ['OCADO’S van', 'OCADO', 0],
    ['“Ocado!”', 'Ocado', 1],
  ])('%j matches the name as %j at %i', (text, matched, start) => {
    expect(single(text)).toMatchObject({
      brand: 'Ocado',
      kind: 'name',
      variant: 'Ocado',
      matched,
      start,
      end: start + matched.length,
      distance: 0,
      tagged: false,
      competitor: false,
    });
  });

  it.each([
    ['coca cola please', 'coca cola'],
    ['Coca Cola please', 'Coca Cola'],
    ['a coca-cola please', 'coca-cola'],
    ['cocacola please', 'cocacola'],
    ['CocaCola please', 'CocaCola'],
    ['COCA-COLA please', 'COCA-COLA'],
  ])('finds the multi-word name in %j', (text, matched) => {
    expect(single(text, [cocaCola])).toMatchObject({ brand: 'Coca-Cola', kind: 'name', matched, distance: 0 });
  });

  it.each(['coca leaves', 'cola flavour', 'a coca and a cola'])('needs every word of a multi-word name: %j', (text) => {
    expect(match(text, [cocaCola])).toEqual([]);
  });

  it.each<BrandConfig['fuzzy']>(['off', 'auto'])(
    "finds a brand whose own name has an apostrophe (McDonald's) exactly, fuzzy %j",
    (fuzzy) => {
      const mcd = makeBrand({ name: "McDonald's", fuzzy });
      expect(single("Lunch at McDonald's today", [mcd])).toMatchObject({ kind: 'name', distance: 0 });
      expect(single('Lunch at McDonalds today', [mcd])).toMatchObject({ kind: 'name', distance: 0 });
    },
  );

  it("finds an ALL-CAPS possessive (TESCO'S) as the brand", () => {
    expect(single("TESCO'S self checkout", [tesco])).toMatchObject({ kind: 'name', matched: 'TESCO', start: 0, end: 5 });
  });

  it('finds aliases, and prefers the longest variant starting at a word', () => {
    const brand = makeBrand({ name: 'Ocado', aliases: ['Ocado Retail', 'Ocado Zoom'] });
    expect(single('Ocado Retail results are out', [brand])).toMatchObject({
      kind: 'alias',
      variant: 'Ocado Retail',
      matched: 'Ocado Retail',
      start: 0,
      end: 12,
    });
    expect(single('I want a Coke', [cocaCola])).toMatchObject({ kind: 'alias', variant: 'Coke', matched: 'Coke' });
  });

  it('finds an alias written with punctuation (M&S)', () => {
    const ms = makeBrand({ name: 'Marks & Spencer', aliases: ['M&S'] });
    expect(single('picked up lunch at M&S', [ms])).toMatchObject({ kind: 'alias', matched: 'M&S' });
    expect(single('Marks & Spencer food hall', [ms])).toMatchObject({ kind: 'name', matched: 'Marks & Spencer' });
  });

  it.each(['avocado toast', 'the Ocelot', 'no brands here', ''])('finds nothing in %j', (text) => {
    expect(match(text)).toEqual([]);
  });
});

describe('matchText: names with an apostrophe inside', () => {
  const loreal = makeBrand({ name: "L'Oréal", aliases: ['L’Oréal Paris'] });
  const oneill = makeBrand({ name: 'O’Neill' });
  it.each([
    ["L'Oréal shampoo", "L'Oréal", 'name'],
    ['my L’Oreal order', 'L’Oreal', 'name'],
    ['loreal paris mascara', 'loreal paris', 'alias'],
    ["L'Oréal Paris mascara", "L'Oréal Paris", 'alias'],
    ["O'Neill wetsuit", "O'Neill", 'name'],
    ['oneill jacket', 'oneill', 'name'],
  ])('%j is the name as written, not a misspelling', (text, matched, kind) => {
    const m = single(text, [loreal, oneill]);
    expect([m.matched, m.kind, m.distance]).toEqual([matched, kind, 0]);
  });

  it('keeps the spellings split at the apostrophe: "Land O Lakes", "L Oréal", #LOrealParis', () => {
    const lakes = makeBrand({ name: "Land O'Lakes" });
    expect(single('Land O Lakes butter', [lakes]).kind).toBe('name');
    expect(single('Land O’ Lakes butter', [lakes]).kind).toBe('name');
    expect(single('L Oréal', [loreal]).matched).toBe('L Oréal');
    expect(single('#LOrealParis haul', [loreal]).kind).toBe('hashtag');
  });
});

describe('matchText: a term two brands share', () => {
  const media = makeBrand({ name: 'Virgin Media', aliases: ['Virgin'] });
  const atlantic = makeBrand({ name: 'Virgin Atlantic', aliases: ['Virgin'] });
  it('names both, whichever is listed first', () => {
    for (const brands of [[media, atlantic], [atlantic, media]]) {
      expect(match('Virgin lost my bag', brands).map((m) => [m.brand, m.kind]).sort()).toEqual([
        ['Virgin Atlantic', 'alias'],
        ['Virgin Media', 'alias'],
      ]);
    }
  });
  it('but the longest name found wins: "Virgin Media" is Virgin Media only', () => {
    expect(match('Virgin Media broadband is down', [media, atlantic]).map((m) => m.brand)).toEqual(['Virgin Media']);
  });
  it.each(['#VirginFail again', '#virginfail again', '#FedUpWithVirgin'])('%j, a hashtag with the shared term in it, names both', (text) => {
    for (const brands of [[media, atlantic], [atlantic, media]]) {
      expect(match(text, brands).map((m) => [m.brand, m.kind]).sort()).toEqual([
        ['Virgin Atlantic', 'hashtag'],
        ['Virgin Media', 'hashtag'],
      ]);
    }
  });
  it.each(['Virgni lost my bag', 'V1rgin lost my bag'])('%j, the shared term misspelled, names both', (text) => {
    for (const brands of [[media, atlantic], [atlantic, media]]) {
      expect(match(text, brands).map((m) => [m.brand, m.kind]).sort()).toEqual([
        ['Virgin Atlantic', 'fuzzy'],
        ['Virgin Media', 'fuzzy'],
      ]);
    }
  });
  it('a misspelling between two different terms goes to the nearer one only', () => {
    const tesco = makeBrand({ name: 'Tesco' });
    const telco = makeBrand({ name: 'Tescorp' });
    expect(match('Tescoo delivery was late', [telco, tesco]).map((m) => m.brand)).toEqual(['Tesco']);
  });
  it('and in a hashtag too the longest wins: #VirginMediaDown, #virginatlanticdelays', () => {
    expect(match('#VirginMediaDown', [atlantic, media]).map((m) => m.brand)).toEqual(['Virgin Media']);
    expect(match('#virginatlanticdelays', [media, atlantic]).map((m) => m.brand)).toEqual(['Virgin Atlantic']);
  });
});

describe('matchText: initials joined by a sign (M&S, H&M)', () => {
  const brands = [makeBrand({ name: 'M&S' }), makeBrand({ name: 'H&M', handles: ['@hm'] })];
  it.each(['M&S food hall', 'queue at M & S', 'H&M jeans', 'ask @hm'])('%j names the brand', (text) => {
    expect(match(text, brands)).toHaveLength(1);
  });
  it.each(['Ms Smith called', 'MS Teams is down', 'ms word crashed', 'hm, not sure', 'h m', '#MSTeams is broken', 'M+S', 'M and S'])(
    '%j does not: the letters alone are everyday words',
    (text) => {
      expect(match(text, brands)).toEqual([]);
    },
  );
  it('keeps a longer fused form: ATT is AT&T, and HEB H-E-B', () => {
    expect(single('ATT outage again', [makeBrand({ name: 'AT&T' })]).matched).toBe('ATT');
    expect(single('shopping at HEB today', [makeBrand({ name: 'H-E-B' })]).matched).toBe('HEB');
  });
  it('matches an alias the user lists without the sign: HM for H&M', () => {
    expect(single('at HM today', [makeBrand({ name: 'H&M', aliases: ['HM'] })]).kind).toBe('alias');
  });
});

describe('matchText: names that end in a sign (C++, F#, Disney+)', () => {
  const brands = [makeBrand({ name: 'C++' }), makeBrand({ name: 'F#' }), makeBrand({ name: 'Disney+', aliases: ['Disney Plus'] })];
  it.each([
    ['rewrote it in C++ last year', 'C++'],
    ['learning f# now', 'f#'],
    ['cancelled disney+, too pricey', 'disney+'],
    ['Disney Plus again', 'Disney Plus'],
    ['F＃で書き直した', 'F＃'],
    ['Disney＋の新作', 'Disney＋'],
  ])('%j names the brand, the sign in its span', (text, matched) => {
    expect(single(text, brands).matched).toBe(matched);
  });
  it.each(['plan C is ready', 'grade F, sadly', 'Disney World trip', '@disney hello', '#disney magic', 'c+ grade', 'Disny+ is down'])(
    '%j does not: without the sign it is another word or brand',
    (text) => {
      expect(match(text, brands)).toEqual([]);
    },
  );
  it('written with its sign, a name is the signed brand alone, even where another brand is the bare word', () => {
    const disney = makeBrand({ name: 'Walt Disney', aliases: ['Disney'] });
    const plus = makeBrand({ name: 'Disney+' });
    expect(match('Disney+ is down again', [disney, plus]).map((m) => [m.brand, m.matched])).toEqual([['Disney+', 'Disney+']]);
    expect(match('#Disney+ price hike', [disney, plus]).map((m) => [m.brand, m.kind, m.matched])).toEqual([['Disney+', 'hashtag', '#Disney+']]);
    expect(match('Disney parks are packed, #disney', [disney, plus]).map((m) => m.brand)).toEqual(['Walt Disney']);
  });
  it('written with its sign, a name does not start a longer name of another brand read across the sign', () => {
    const channel = makeBrand({ name: 'Disney Channel' });
    const plus = makeBrand({ name: 'Disney+' });
    expect(match('Disney+ Channel lineup', [channel, plus]).map((m) => [m.brand, m.matched])).toEqual([['Disney+', 'Disney+']]);
    expect(match('Disney Channel lineup', [channel, plus]).map((m) => [m.brand, m.matched])).toEqual([['Disney Channel', 'Disney Channel']]);
  });
  it('a longer name written with the sign inside it is that name, not the signed name it starts with', () => {
    const found = (text: string, names: string[]) => match(text, names.map((name) => makeBrand({ name }))).map((m) => [m.brand, m.matched]);
    expect(found('Disney+ Hotstar price hike', ['Disney+', 'Disney+ Hotstar'])).toEqual([['Disney+ Hotstar', 'Disney+ Hotstar']]);
    expect(found('Canal+ Sport tonight', ['Canal+', 'Canal+ Sport'])).toEqual([['Canal+ Sport', 'Canal+ Sport']]);
    expect(found('Canal+ tonight', ['Canal+', 'Canal+ Sport'])).toEqual([['Canal+', 'Canal+']]);
  });
  it('a signed name of several words is found in a CamelCase tag that the sign follows', () => {
    const apple = makeBrand({ name: 'Apple' });
    const tv = makeBrand({ name: 'Apple TV+' });
    const found = (text: string) => match(text, [apple, tv]).map((m) => [m.brand, m.kind, m.matched]);
    expect(found('loving #AppleTV+ lately')).toEqual([['Apple TV+', 'hashtag', '#AppleTV+']]);
    expect(found('#WatchAppleTV+ tonight')).toEqual([['Apple TV+', 'hashtag', '#WatchAppleTV+']]);
    expect(found('Apple TV+ is pricey')).toEqual([['Apple TV+', 'name', 'Apple TV+']]);
    expect(found('#AppleTV is a box')).toEqual([['Apple', 'hashtag', '#AppleTV']]);
    // Its words written as one, before the sign: in text and in an all-lower-case tag.
    expect(found('AppleTV+ raised prices')).toEqual([['Apple TV+', 'name', 'AppleTV+']]);
    expect(found('so #appletv+ then')).toEqual([['Apple TV+', 'hashtag', '#appletv+']]);
    expect(found('appletv is fine')).toEqual([]);
  });
});

describe('matchText: handles', () => {
  it.each([
    ['@OcadoHelp where is my order', '@OcadoHelp', '@OcadoHelp'],
    ['thanks @ocadohelp!', '@ocadohelp', '@OcadoHelp'],
    ['Thanks @Ocado.', '@Ocado', undefined],
    ['hey ＠Ocado', '＠Ocado', undefined],
  ])('%j is a tagged handle match', (text, matched, variant) => {
    const m = single(text);
    expect(m).toMatchObject({ kind: 'handle', matched, tagged: true });
    if (variant) expect(m.variant).toBe(variant);
  });

  it('counts @<name> as tagged even without configured handles', () => {
    const bare = makeBrand({ name: 'Ocado' });
    expect(single('@Ocado hello', [bare])).toMatchObject({ kind: 'handle', tagged: true, matched: '@Ocado' });
    expect(single('@CocaCola hello', [cocaCola])).toMatchObject({ kind: 'handle', tagged: true });
  });

  it.each(['@OcadoFan says hi', '@notocado says hi', '@ocadolover hi'])('does not match another account: %j', (text) => {
    expect(match(text)).toEqual([]);
  });

  it.each(['@ocado_uk hi', '@OcadoSupport hi', '@ocado.help hi', '@OcadoUK hi'])('matches a brand desk or region account as tagged: %j', (text) => {
    expect(single(text, [makeBrand({ name: 'Ocado' })])).toMatchObject({ kind: 'handle', tagged: true });
  });
});

describe('matchText: hashtags', () => {
  it.each([
    ['#Ocado rocks', '#Ocado'],
    ['#ocado rocks', '#ocado'],
    ['#OcadoFail again', '#OcadoFail'],
    ['again #ocadofail', '#ocadofail'],
    ['#OCADOFAIL', '#OCADOFAIL'],
    ['#ILoveOcado', '#ILoveOcado'],
    ['#OcadoDeliveryFail', '#OcadoDeliveryFail'],
    ['#ocadodelivery', '#ocadodelivery'],
  ])('%j is an untagged hashtag match', (text, matched) => {
    expect(single(text)).toMatchObject({ kind: 'hashtag', matched, tagged: false });
  });

  it.each([
    ['#CocaColaZero', '#CocaColaZero'],
    ['#cocacolazero', '#cocacolazero'],
    ['#CokeZero', '#CokeZero'],
  ])('finds a multi-word name or alias inside %j', (text, matched) => {
    expect(single(text, [cocaCola])).toMatchObject({ brand: 'Coca-Cola', kind: 'hashtag', matched });
  });

  it.each(['#avocado', '#Avocado', '#AvocadoToast', 'avocado', 'guacamole #avocadotoast', '#ilovetesco'])(
    'does not find a brand inside %j',
    (text) => {
      expect(match(text, [ocado, tesco])).toEqual([]);
    },
  );
});

describe('matchText: domains', () => {
  it.each([
    ['order at ocado.com today', 'ocado.com'],
    ['see https://www.ocado.com/basket?id=1', 'https://www.ocado.com/basket?id=1'],
    ['see http://OCADO.COM', 'http://OCADO.COM'],
    ['www.ocado.com/x', 'www.ocado.com'],
    ['sub.ocado.com is down', 'sub.ocado.com'],
    ['https://help.ocado.com/faq', 'https://help.ocado.com/faq'],
  ])('%j is a domain match', (text, matched) => {
    expect(single(text)).toMatchObject({ kind: 'domain', matched, variant: 'ocado.com', tagged: false });
  });

  it.each(['notocado.com', 'ocado.com.evil.example', 'https://evil.example/ocado.com', 'ocado.co.uk'])(
    'does not treat %j as the domain',
    (text) => {
      expect(match(text).filter((m) => m.kind === 'domain')).toEqual([]);
    },
  );

  it('normalises a configured domain written as a URL', () => {
    const brand = makeBrand({ name: 'Ocado', domains: ['https://www.Ocado.com/'] });
    expect(single('ocado.com/basket', [brand])).toMatchObject({ kind: 'domain', variant: 'ocado.com' });
  });
});

describe('matchText: fuzzy', () => {
  it.each([
    ['Ocdao lost my order', 'Ocdao', 1], // transposition
    ['Ocaddo lost my order', 'Ocaddo', 1],
    ['Ocad lost my order', 'Ocad', 1],
    ['Ocadoo lost my order', 'Ocadoo', 1],
  ])('%j is a fuzzy match', (text, matched, distance) => {
    expect(single(text)).toMatchObject({ kind: 'fuzzy', matched, distance, variant: 'Ocado', tagged: false });
  });

  it.each(['Ocda lost my order', 'Oacdd lost my order'])('%j is two edits away: no match under auto for five letters', (text) => {
    expect(match(text)).toEqual([]);
  });

  it('allows two edits on long names under auto', () => {
    const sainsburys = makeBrand({ name: 'Sainsburys' });
    expect(single('Sainsbry delivery', [sainsburys])).toMatchObject({ kind: 'fuzzy', distance: 2 });
  });

  it.each([
    ['Asda', 'Adsa'],
    ['Asda', 'Asdaa'],
    ['Aldi', 'Aldo'],
  ])('never fuzzy-matches the short name %s (%s)', (name, text) => {
    expect(match(text, [makeBrand({ name, fuzzy: 3 })])).toEqual([]);
    expect(match(text, [makeBrand({ name })])).toEqual([]);
    expect(single(name, [makeBrand({ name })])).toMatchObject({ kind: 'name' });
  });

  it.each<[BrandConfig['fuzzy'], string, number | null]>([
    ['off', 'Ocdao', null],
    [0, 'Ocdao', null],
    [1, 'Ocdao', 1],
    [1, 'Ocda', null],
    [2, 'Ocda', 2],
    [3, 'Oca', 2],
    [3, 'Oda', 3],
    [3, 'Ocdaoxy', 3],
  ])('fuzzy %j on Ocado: %j → distance %j', (fuzzy, text, distance) => {
    const brand = makeBrand({ name: 'Ocado', fuzzy });
    const matches = match(text, [brand]);
    if (distance === null) expect(matches).toEqual([]);
    else expect(matches).toMatchObject([{ kind: 'fuzzy', distance }]);
    // Whatever the fuzzy setting, the exact name still matches.
    expect(single('Ocado', [brand])).toMatchObject({ kind: 'name' });
  });

  it('prefers an exact match anywhere in the text over a misspelling', () => {
    const text = 'Ocdao, I mean Ocado';
    expect(single(text)).toMatchObject({ kind: 'name', matched: 'Ocado', start: text.lastIndexOf('Ocado') });
  });

  it('does not fuzzy-match numbers', () => {
    const brand = makeBrand({ name: '12345' });
    expect(match('12346 and 1234', [brand])).toEqual([]);
    expect(single('call 12345', [brand])).toMatchObject({ kind: 'name' });
  });
});

describe('fuzzyLimit', () => {
  it.each<[number, BrandConfig['fuzzy'], number]>([
    [3, 'auto', 0],
    [4, 'auto', 0],
    [5, 'auto', 1],
    [8, 'auto', 1],
    [9, 'auto', 2],
    [20, 'auto', 2],
    [12, 'off', 0],
    [6, 0, 0],
    [5, 2, 2],
    [10, 3, 3],
    [4, 3, 0],
  ])('length %i, fuzzy %j → %i edits', (length, setting, limit) => {
    expect(fuzzyLimit(length, setting)).toBe(limit);
  });
});

describe('matchText: excludes', () => {
  const apple = makeBrand({ name: 'Apple', exclude: ['apple pie', 'Big Apple'] });

  it.each(['apple pie recipe', 'APPLE PIE', 'my Apple store, then apple pie', 'New York, the big apple'])(
    '%j is vetoed',
    (text) => {
      expect(match(text, [apple])).toEqual([]);
    },
  );

  it.each(['Apple store', 'an apple a day', 'pie and apple'])('%j is still a mention', (text) => {
    expect(match(text, [apple])).toHaveLength(1);
  });

  it('vetoes only the brand that excludes the phrase', () => {
    const matches = match('apple pie from Ocado', [apple, ocado]);
    expect(matches.map((m) => m.brand)).toEqual(['Ocado']);
  });
});

describe('matchText: one match per brand', () => {
  it.each<[string, MatchKind, string]>([
    // text, kind kept, the text it points at
    ['ocado.com, Ocado, #ocado, @OcadoHelp', 'handle', '@OcadoHelp'],
    ['ocado.com, #OcadoFail, Ocado', 'hashtag', '#OcadoFail'],
    ['ocado.com then Ocado', 'name', 'Ocado'],
    ['Ocdao at ocado.com', 'domain', 'ocado.com'],
    ['Ocdao or Ocaddo', 'fuzzy', 'Ocdao'],
  ])('%j keeps the strongest kind (%s)', (text, kind, matched) => {
    expect(single(text)).toMatchObject({ kind, matched, start: text.indexOf(matched) });
  });

  it('is tagged when any handle matched, wherever it is', () => {
    const m = single('Ocado lost it again. cc @OcadoHelp');
    expect(m.tagged).toBe(true);
    expect(m.kind).toBe('handle');
  });

  it('keeps the earliest of equally strong matches', () => {
    expect(single('Ocado, Ocado, Ocado')).toMatchObject({ start: 0, end: 5 });
  });

  it('returns one match per brand, in text order, with the competitor flag', () => {
    const matches = match('Tesco beat Ocado and Coca-Cola, then tesco again', [ocado, cocaCola, tesco]);
    expect(matches.map((m) => [m.brand, m.competitor, m.start])).toEqual([
      ['Tesco', true, 0],
      ['Ocado', false, 11],
      ['Coca-Cola', false, 21],
    ]);
  });

  it('spans point at the matched text after emoji and other astral characters', () => {
    const text = '😡😡 @OcadoHelp 🙄 lost my order';
    const m = single(text);
    expect(text.slice(m.start, m.end)).toBe('@OcadoHelp');
    expect(m.start).toBe(text.indexOf('@OcadoHelp'));
  });
});

describe('brandSearchTerms', () => {
  it('lists names, aliases and hashtags without the sigil, once each', () => {
    const terms = brandSearchTerms([
      makeBrand({ name: 'Ocado', aliases: ['Ocado Retail'], hashtags: ['#OcadoFail'], handles: ['@OcadoHelp'] }),
      makeBrand({ name: 'Tesco', hashtags: ['TescoFail', '#Ocado'], domains: ['tesco.com'] }),
    ]);
    expect(terms).toEqual(['Ocado', 'Ocado Retail', 'OcadoFail', 'Tesco', 'TescoFail']);
  });

  it('is empty without brands', () => {
    expect(brandSearchTerms([])).toEqual([]);
  });
});
