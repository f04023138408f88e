import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { readYaml, yamlLib } from '../../src/config/read-yaml.js';
import { STARTER_CONFIG } from '../../src/config/starter.js';
import { ConfigError } from '../../src/errors.js';

const DEMO = readFileSync(new URL('../../fixtures/demo/earshot.yaml', import.meta.url), 'utf8');

/** YAML whose reading the two parsers could plausibly disagree on. */
const TRICKY = [
  'a: 1_000\nb: 0b11\nc: 0o17\nd: 0x1F\ne: 1e3\nf: .5\ng: -.inf\nh: .NaN\ni: +12',
  'a: ~\nb: null\nc: Null\nd:\ne: true\nf: True\ng: yes\nh: no\ni: on\nj: off',
  'a: 2026-01-01\nb: 2026-01-01T10:00:00Z\nc: 10:30\nd: 1:20:30',
  'a: "tab\\there \\u00e9 \\U0001F600"\nb: \'it\'\'s\'\nc: plain # comment\nd: "#not a comment"',
  'text: |\n  line one\n  line two\nfolded: >-\n  one\n  two\n\n  three\nkeep: |+\n  kept\n\n',
  'brands:\n  - name: Ocado\n    aliases: [Ocado Retail, "O, R", \'x: y\']\n    exclude: {a: 1, b: [2, 3]}',
  'unicode: Łódź Zürich 東京 🚀\n"quoted key": 1\n? complex\n: value\n007: leading zero\n1: number key',
  '---\nbrands: []\n...\n',
  'a: !!str 123\nb: !!int "42"\nd: !!null ""\ne: !!bool "true"',
];

describe('readYaml', () => {
  it.each<[string, string]>([
    ['the starter config', STARTER_CONFIG],
    ['the demo config', DEMO],
    ...TRICKY.map((source, i): [string, string] => [`tricky YAML ${i + 1}`, source]),
  ])('reads %s exactly as yaml does', (_name, source) => {
    expect(readYaml(source, 'earshot.yaml').data).toEqual(yamlLib().parse(source));
  });

  it('reads anchors and aliases through yaml', () => {
    const source = 'brands:\n  - name: Ocado\n    exclude: &noise [ocado technology, ocado group]\n  - name: Tesco\n    exclude: *noise\n';
    const config = parseConfig({ source, file: 'earshot.yaml', env: {} });
    expect(config.brands.map((b) => b.exclude)).toEqual([
      ['ocado technology', 'ocado group'],
      ['ocado technology', 'ocado group'],
    ]);
  });

  it('refuses a file of nested aliases in one line, before anything walks it', () => {
    const levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    let thrown: unknown;
    try {
      readYaml(`${levels.join('\n')}\n`, 'earshot.yaml');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([expect.stringMatching(/^earshot\.yaml: .*alias/i)]);
  });

  it('names the line of an empty list item and of a block scalar, as written', () => {
    const { locate } = readYaml('brands:\n  - name: |\n    aliases:\n      - Ocado Retail\n      - Ocado Group\n      -\n  -\n', 'earshot.yaml');
    expect(locate(['brands', 0, 'name'])).toBe('earshot.yaml:2: brands[0].name');
    expect(locate(['brands', 0, 'aliases', 2])).toBe('earshot.yaml:6: brands[0].aliases[2]');
    expect(locate(['brands', 1])).toBe('earshot.yaml:7: brands[1]');
  });

  it('reads a file that says %YAML 1.1 as YAML 1.1: yes is true, 0777 is octal', () => {
    expect(readYaml('%YAML 1.1\n---\ncompetitor: yes\nfuzzy: 0777\n', 'earshot.yaml').data).toEqual({ competitor: true, fuzzy: 511 });
  });

  it('names the line of a path in a file read without positions', () => {
    const { locate } = readYaml('# top\nbrands:\n  - name: Ocado\n    aliases:\n      - Ocado Retail\n', 'earshot.yaml');
    expect(locate(['brands', 0, 'aliases', 0])).toBe('earshot.yaml:5: brands[0].aliases[0]');
    expect(locate(['brands', 0, 'nope'])).toBe('earshot.yaml:3: brands[0].nope');
  });

  it("gives yaml's message and line for a file that does not parse", () => {
    let thrown: unknown;
    try {
      readYaml('brands:\n  - name: Ocado\n  name: Tesco\n  name: Asda\n', 'earshot.yaml');
    } catch (err) {
      thrown = err;
    }
    expect((thrown as ConfigError).problems[0]).toMatch(/^earshot\.yaml:\d+: /);
  });
});
