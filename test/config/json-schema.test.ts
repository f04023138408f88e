import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_CONFIG } from '../../src/config/starter.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

type Schema = Record<string, unknown>;

/** Every keyword the validator below understands; the test fails if the schema uses another. */
const KEYWORDS = new Set(['$schema', 'title', 'description', 'default', 'format', 'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'minLength', 'maxLength', 'pattern', 'enum', 'const', 'anyOf', 'oneOf', 'minimum', 'maximum']);

function keywordsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => keywordsOf(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties') Object.values(v as object).forEach((s) => keywordsOf(s, out));
      else if (typeof v === 'object') keywordsOf(v, out);
    }
  }
  return out;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A small JSON Schema validator for the keywords above; returns error paths. */
function validate(s: Schema, v: unknown, path = '$'): string[] {
  const errs: string[] = [];
  if (s.type !== undefined) {
    const types = ([] as string[]).concat(s.type as string);
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [`${path}: expected ${types.join('|')}, got ${t}`];
  }
  if (s.const !== undefined && v !== s.const) errs.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (s.enum && !(s.enum as unknown[]).includes(v)) errs.push(`${path}: not in enum`);
  if (typeof v === 'string') {
    if (typeof s.minLength === 'number' && v.length < s.minLength) errs.push(`${path}: too short`);
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) errs.push(`${path}: too long`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${path}: pattern`);
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) errs.push(`${path}: < minimum`);
    if (typeof s.maximum === 'number' && v > s.maximum) errs.push(`${path}: > maximum`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) errs.push(`${path}: too few items`);
    if (s.items) v.forEach((x, i) => errs.push(...validate(s.items as Schema, x, `${path}[${i}]`)));
  }
  if (typeOf(v) === 'object') {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errs.push(`${path}.${r}: required`);
    for (const [k, x] of Object.entries(obj)) {
      if (props[k]) errs.push(...validate(props[k], x, `${path}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${path}.${k}: unknown key`);
    }
  }
  if (s.anyOf && !(s.anyOf as Schema[]).some((a) => validate(a, v, path).length === 0)) errs.push(`${path}: matches no anyOf branch`);
  if (s.oneOf && (s.oneOf as Schema[]).filter((a) => validate(a, v, path).length === 0).length !== 1) errs.push(`${path}: matches not exactly one oneOf branch`);
  return errs;
}

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/earshot.schema.json'), 'utf8')) as Schema;

describe('schema/earshot.schema.json', () => {
  it('uses only keywords the test validator checks', () => {
    expect([...keywordsOf(schema)].filter((k) => !KEYWORDS.has(k))).toEqual([]);
  });

  it('accepts the starter config, and one with every commented example switched on', () => {
    expect(validate(schema, parse(STARTER_CONFIG))).toEqual([]);
    const full = STARTER_CONFIG.replace(/^(\s*)# (- type: mastodon|  hashtags|  token|topics:|  - name: backup|    query|- type: file|  path:|  fields:)/gm, '$1$2');
    expect(validate(schema, parse(full))).toEqual([]);
  });

  it.each([
    ['a misspelled key', { brands: [{ name: 'A', alias: ['x'] }] }, '$.brands[0].alias: unknown key'],
    ['an unknown source type', { brands: [{ name: 'A' }], sources: [{ type: 'myspace' }] }, '$.sources[0]: matches not exactly one oneOf branch'],
    ['no brands', { brands: [] }, '$.brands: too few items'],
    ['a bad fuzzy', { brands: [{ name: 'A', fuzzy: 7 }] }, '$.brands[0].fuzzy: matches no anyOf branch'],
    ['a name of pasted text', { brands: [{ name: 'A'.repeat(201) }] }, '$.brands[0].name: too long'],
  ])('rejects %s', (_, config, error) => {
    expect(validate(schema, config)).toContain(error);
  });
});

describe('earshot init and config check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('init points editors at the shipped schema on its first line', async () => {
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    const first = readFileSync(join(dir, 'earshot.yaml'), 'utf8').split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(file:\S+)$/.exec(first);
    expect(m).not.toBeNull();
    expect(JSON.parse(readFileSync(fileURLToPath(m![1]!), 'utf8'))).toEqual(schema);
  });

  it('config check prints the resolved config with ${ENV} values masked', async () => {
    writeFileSync(
      join(dir, 'secret.yaml'),
      // Ocado: a name that is no English word, so config check has no advice to give on stderr.
      'brands:\n  - name: Ocado\nsources:\n  - type: mastodon\n    hashtags: [Ocado]\n    token: ${MASTO_TOKEN}\n  - type: feed\n    url: https://${FEED_HOST}/rss\n',
    );
    const r = await runCli(['--config', 'secret.yaml', 'config', 'check'], { cwd: dir, env: { MASTO_TOKEN: 'hunter2-secret', FEED_HOST: 'feeds.example' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).not.toContain('feeds.example');
    const printed = parse(r.stdout) as { brands: { fuzzy: string }[]; sources: Record<string, unknown>[] };
    expect(printed.sources[0]).toMatchObject({ type: 'mastodon', name: 'mastodon', token: '${MASTO_TOKEN}' });
    expect(printed.sources[1]).toMatchObject({ url: 'https://${FEED_HOST}/rss' });
    expect(printed.brands[0]!.fuzzy).toBe('auto');
  });

  it('config check exits 2 with every problem and prints nothing on stdout', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'brands:\n  - name: Acme\n    alias: [x]\nsources:\n  - type: feed\n');
    const r = await runCli(['--config', 'bad.yaml', 'config', 'check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('brands[0].alias: unknown key');
  });
});
