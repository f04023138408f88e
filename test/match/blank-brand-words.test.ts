import { expect, it } from 'vitest';
import { blankBrandWords } from '../../src/match/blank-brand-words.js';
import { compileRules } from '../../src/match/compile-rules.js';
import { makeBrand } from '../helpers/builders.js';

const rules = compileRules([
  makeBrand({ name: 'Ocado', aliases: ['Ocado Retail'] }),
  makeBrand({ name: 'Coca-Cola' }),
  makeBrand({ name: 'The Body Shop' }),
  makeBrand({ name: 'Next', caseSensitive: true }),
]);

it('blanks whole names and aliases, keeping every other character in place', () => {
  const text = "Ocado's van, ocado retail and CocaCola: fine";
  const blanked = blankBrandWords(text, rules);
  expect(blanked).toBe(`${' '.repeat(5)}'s van, ${' '.repeat(12)} and ${' '.repeat(8)}: fine`);
  expect(blanked).toHaveLength(text.length);
  expect(blankBrandWords('nothing to see', rules)).toBe('nothing to see');
});

it('leaves ordinary words: the first word of a longer name, and a case-sensitive name', () => {
  expect(blankBrandWords('the shop by the body shop', rules)).toBe(`the shop by ${' '.repeat(13)}`);
  expect(blankBrandWords('see you next week', rules)).toBe('see you next week');
});
