import { describe, expect, it } from 'vitest';
import { splitCamelCase, tokenize, type Token, type TokenType } from '../../src/match/tokenize.js';

function only(text: string): Token {
  const tokens = tokenize(text);
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

describe('tokenize', () => {
  it.each<[string, TokenType, string, string]>([
    // text, type, raw, norm
    ['Ocado', 'word', 'Ocado', 'ocado'],
    ['Ocádo', 'word', 'Ocádo', 'ocado'],
    ['Ocaaaado', 'word', 'Ocaaaado', 'ocado'],
    ["don't", 'word', "don't", 'dont'],
    ['@OcadoHelp', 'handle', '@OcadoHelp', 'ocadohelp'],
    ['＠Ocado', 'handle', '＠Ocado', 'ocado'],
    ['@ocado_uk', 'handle', '@ocado_uk', 'ocado_uk'],
    ['#OcadoFail', 'hashtag', '#OcadoFail', 'ocadofail'],
    ['＃ocado', 'hashtag', '＃ocado', 'ocado'],
    ['https://www.Ocado.com/basket?x=1', 'url', 'https://www.Ocado.com/basket?x=1', 'ocado.com'],
    ['http://sub.ocado.com', 'url', 'http://sub.ocado.com', 'sub.ocado.com'],
    ['ocado.com', 'domain', 'ocado.com', 'ocado.com'],
    ['Sub.Ocado.co.uk', 'domain', 'Sub.Ocado.co.uk', 'sub.ocado.co.uk'],
  ])('%s is one %s token', (text, type, raw, norm) => {
    expect(only(text)).toEqual({ type, raw, norm, start: 0, end: raw.length });
  });

  it.each([
    ["Tesco's", 'Tesco'],
    ['Tesco’s', 'Tesco'],
    ["TESCO'S", 'TESCO'],
  ])('drops the possessive of %s', (text, raw) => {
    const tok = only(text);
    expect(tok).toMatchObject({ type: 'word', raw, norm: 'tesco', start: 0, end: 5 });
  });

  it('keeps sentence punctuation out of handles and domains', () => {
    const tokens = tokenize('Thanks @Ocado. Order via ocado.com.');
    expect(tokens.map((t) => [t.type, t.raw])).toEqual([
      ['word', 'Thanks'],
      ['handle', '@Ocado'],
      ['word', 'Order'],
      ['word', 'via'],
      ['domain', 'ocado.com'],
    ]);
  });

  it('reads a bare domain with a path as the domain and then the path words', () => {
    const tokens = tokenize('www.ocado.com/x');
    expect(tokens[0]).toMatchObject({ type: 'domain', raw: 'www.ocado.com', norm: 'www.ocado.com' });
  });

  it.each([
    'Honestly love Tesco\'s click & collect, but @Ocado lost my order again 😡 #OcadoFail https://ocado.com/x',
    'Ocádo… “Ocaaaado” — see sub.ocado.com or ＠Ocado!',
    '😀😀 emoji before Ocado shift UTF-16 offsets',
  ])('gives spans that slice back to the raw text: %s', (text) => {
    const tokens = tokenize(text);
    expect(tokens.length).toBeGreaterThan(3);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.raw);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.start).toBeGreaterThanOrEqual(tokens[i - 1]!.end);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('  ... !!! --- ')).toEqual([]);
  });
});

describe('splitCamelCase', () => {
  it.each([
    ['OcadoFail', ['Ocado', 'Fail']],
    ['ocadoFail', ['ocado', 'Fail']],
    ['CocaColaZero', ['Coca', 'Cola', 'Zero']],
    ['ILoveOcado', ['I', 'Love', 'Ocado']],
    ['iPhone15', ['i', 'Phone', '15']],
    ['HTMLParser', ['HTML', 'Parser']],
    ['OCADO', ['OCADO']],
    ['ocadofail', ['ocadofail']],
    ['ÉclairDay', ['Éclair', 'Day']],
    ['snake_case', ['snake', 'case']],
    ['', []],
  ])('%s → %j', (body, parts) => {
    expect(splitCamelCase(body)).toEqual(parts);
  });
});

describe('tokenize: the ".@handle" reply convention', () => {
  it('reads ".@Brand" at the start of a post as a handle, and an e-mail address as none', () => {
    expect(tokenize('.@ChipotleTweets my bowl was cold').find((t) => t.type === 'handle')).toMatchObject({ raw: '@ChipotleTweets', norm: 'chipotletweets' });
    expect(tokenize('write to help@ocado.com').some((t) => t.type === 'handle')).toBe(false);
  });
});
