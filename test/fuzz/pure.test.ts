import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { compileRules } from '../../src/match/compile-rules.js';
import { foldTerm } from '../../src/match/fold.js';
import { matchText } from '../../src/match/match-post.js';
import { parseTopicQuery } from '../../src/match/topic-query.js';
import { seededRandom } from '../helpers/builders.js';
import { FIXTURES_DIR } from '../helpers/serve-fixtures.js';
import { mutateBytes } from './mutate.js';

const ITERATIONS = 300;
const DEMO_CONFIG = readFileSync(join(FIXTURES_DIR, 'demo/earshot.yaml'), 'utf8');
const FULL_CONFIG = `${DEMO_CONFIG}
topics:
  - name: delivery pain
    query: '(late OR missing) NEAR/5 (delivery OR order) NOT "avocado toast"'
`;

/** Line-level damage to YAML: lines dropped, duplicated, re-indented, values swapped for other types. */
function mutateYaml(rand: () => number, text: string): string {
  const lines = text.split('\n');
  const swaps = ['[]', '{}', '~', '42', '-1', 'true', '"x"', '*anchor', '&anchor [a]', '!!binary aGk=', '${NOT_SET}', '${}', "'\u001b[2J'", 'null'];
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const i = Math.floor(rand() * lines.length);
    const line = lines[i] ?? '';
    switch (Math.floor(rand() * 5)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, line);
        break;
      case 2:
        lines[i] = (rand() < 0.5 ? ' ' : '') + line.replace(/^ /, '');
        break;
      case 3:
        lines[i] = line.replace(/:\s.*$/, `: ${swaps[Math.floor(rand() * swaps.length)]}`);
        break;
      default:
        lines[i] = line.replace(/^(\s*-?\s*)(\w)/, (_m, pre: string, c: string) => `${pre}${c}${c}`); // a misspelt key
    }
  }
  return lines.join('\n');
}

describe('fuzz: the config loader reports ConfigError or returns a config, never anything else', () => {
  it('mutated YAML', () => {
    const rand = seededRandom(4242);
    let rejected = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const source = rand() < 0.7 ? mutateYaml(rand, FULL_CONFIG) : mutateBytes(rand, Buffer.from(FULL_CONFIG)).toString('utf8');
      try {
        const config = parseConfig({ source, file: '/tmp/earshot.yaml', env: {} });
        expect(Array.isArray(config.brands)).toBe(true);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw new Error(`#${i}: ${(err as Error).name}: ${(err as Error).message}\n--- config:\n${source}`);
        expect(err.message).not.toBe('');
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`), 'brands: *h'].join('\n');
    expect(() => parseConfig({ source: bomb, file: '/tmp/earshot.yaml', env: {} })).toThrow(ConfigError);
  });
});

const QUERY_TOKENS = ['refund', 'late', 'delivery', 'AND', 'OR', 'NOT', 'NEAR/3', 'NEAR/', 'NEAR/x', '(', ')', '"', '"late delivery"', '-', '*', 'and', '', ' ', 'ö', '\u001b'];

describe('fuzz: the topic query parser returns a tree or a one-line syntax error', () => {
  it('random token soups', () => {
    const rand = seededRandom(77);
    for (let i = 0; i < ITERATIONS * 3; i++) {
      const query = Array.from({ length: Math.floor(rand() * 12) }, () => QUERY_TOKENS[Math.floor(rand() * QUERY_TOKENS.length)]).join(rand() < 0.8 ? ' ' : '');
      try {
        parseTopicQuery(query, foldTerm);
      } catch (err) {
        // Syntax errors are plain Errors that config/schema.ts turns into ConfigError lines.
        expect((err as Error).constructor, `${query}: ${(err as Error).message}`).toBe(Error);
        expect((err as Error).message).toMatch(/^(expected|unclosed)/);
      }
    }
  });

  it('deep nesting is an error or a tree, not a stack overflow', () => {
    expect(parseTopicQuery(`${'('.repeat(50)}refund${')'.repeat(50)}`, foldTerm)).toMatchObject({ op: 'term' });
    for (const query of [`${'('.repeat(5_000)}refund${')'.repeat(5_000)}`, `${'NOT '.repeat(5_000)}refund`]) {
      expect(() => parseTopicQuery(query, foldTerm)).toThrow(/^expected at most 100 nested NOTs and brackets$/);
    }
    const yaml = `${FULL_CONFIG.replace(/query: .*/, `query: '${'('.repeat(5_000)}late${')'.repeat(5_000)}'`)}`;
    expect(() => parseConfig({ source: yaml, file: '/tmp/earshot.yaml', env: {} })).toThrow(ConfigError);
  });
});

describe('fuzz: matchText never throws and its spans lie inside the text', () => {
  const config = parseConfig({ source: FULL_CONFIG, file: '/tmp/earshot.yaml', env: {} });
  const rules = compileRules(config.brands);
  const PIECES = ['Ocado', 'ocado', '0cad0', 'Ocaaado', '@Ocado', '#OcadoFail', 'ocado.com', 'https://www.ocado.com/x?y=1', 'Tesco', "Sainsbury's", 'avocado toast', 'Ocádo', 'O\u0301cado', '\u200bOcado', '\u001b[31mOcado\u001b[0m', '😀', '\ud800', 'İ', 'ß', ' ', '\n', '.', ',', '@', '#', "'s", 'x'.repeat(300)];

  it('random texts built from brand-like pieces and hostile characters', () => {
    const rand = seededRandom(99);
    for (let i = 0; i < ITERATIONS * 3; i++) {
      const text = Array.from({ length: Math.floor(rand() * 20) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join(rand() < 0.7 ? ' ' : '');
      const matches = matchText(text, rules);
      for (const m of matches) {
        expect(m.start, text).toBeGreaterThanOrEqual(0);
        expect(m.end, text).toBeLessThanOrEqual(text.length);
        expect(m.start).toBeLessThanOrEqual(m.end);
      }
    }
  });

  it('a huge post (1 MB) is matched, not a crash', () => {
    const text = 'Ocado delivery was late again '.repeat(35_000);
    expect(matchText(text, rules).length).toBeGreaterThan(0);
  });
});
