import { describe, expect, it } from 'vitest';
import { fold, foldTerm } from '../../src/match/fold.js';

describe('fold', () => {
  it.each([
    ['case', 'OCADO', 'ocado'],
    ['mixed case', 'oCaDo', 'ocado'],
    ['acute accent', 'Ocádo', 'ocado'],
    ['several diacritics', 'Crème Brûlée', 'creme brulee'],
    ['cedilla and tilde', 'Façade Señor', 'facade senor'],
    ['German sharp s', 'Straße', 'strasse'],
    ['Polish ł and accents', 'Łódź', 'lodz'],
    ['Croatian đ', 'Đakovo', 'dakovo'],
    ['Danish ø', 'Øresund', 'oresund'],
    ['full-width letters', 'ＯＣＡＤＯ', 'ocado'],
    ['elongation of three', 'Ocaaado', 'ocado'],
    ['long elongation', 'Ocaaaaaaaado', 'ocado'],
    ['several elongations', 'niiiiice sooooo', 'nice so'],
    ['elongation written with accents', 'Ocááádo', 'ocado'],
    ['elongation across case', 'OcAaAdo', 'ocado'],
  ])('folds %s: %s → %s', (_, input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it.each([
    ['a doubled letter is real spelling', 'Ocaddo', 'ocaddo'],
    ['doubled vowels', 'Boots', 'boots'],
    ['digits are never squeezed', '1000', '1000'],
    ['plain ASCII lower case', 'tesco', 'tesco'],
    ['empty', '', ''],
  ])('leaves alone: %s (%s)', (_, input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('folds a run of millions of one letter (a regular expression ran out of stack on it)', () => {
    expect(fold(`Oc${'a'.repeat(5_000_000)}do`)).toBe('ocado');
    expect(fold('ó'.repeat(3_000_000))).toBe('o');
  });

  it.each(['Ocádo', 'Ocaaaado', 'Straße', 'ＯＣＡＤＯ', 'Łódź', 'niiiiice'])('is idempotent on %s', (word) => {
    expect(fold(fold(word))).toBe(fold(word));
  });
});

describe('foldTerm', () => {
  it.each([
    ['Ocado', ['ocado']],
    ['Coca-Cola', ['coca', 'cola']],
    ['Coca Cola', ['coca', 'cola']],
    ['  Marks & Spencer ', ['marks', 'spencer']],
    ['M&S', ['m', 's']],
    ['Ocádo Retail', ['ocado', 'retail']],
    ['7-Eleven', ['7', 'eleven']],
    ['', []],
    ['&-/', []],
  ])('%j → %j', (term, words) => {
    expect(foldTerm(term)).toEqual(words);
  });
});
