import { expect, it } from 'vitest';
import { blankBrandWords } from '../../src/match/blank-brand-words.js';
import { compileRules } from '../../src/match/compile-rules.js';
import { makeBrand } from '../helpers/builders.js';

it('blanks the words that start a brand name or alias, keeping every other character in place', () => {
  const rules = compileRules([makeBrand({ name: 'Ocado', aliases: ['Ocado Retail'] }), makeBrand({ name: 'Coca-Cola' })]);
  const text = "Ocado's van, ocado retail and CocaCola: fine";
  const blanked = blankBrandWords(text, rules);
  expect(blanked).toBe("     's van,       retail and         : fine");
  expect(blanked).toHaveLength(text.length);
  expect(blankBrandWords('nothing to see', rules)).toBe('nothing to see');
});
