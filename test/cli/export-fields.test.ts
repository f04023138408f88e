import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

describe('list/export --fields and --bom', () => {
  let dir: string;
  let cli: (args: string[]) => ReturnType<typeof runCli>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-fields-'));
    cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
    cli = (args) => runCli(['--db', join(dir, 'test.db'), ...args], { cwd: dir });
    const scan = await cli(['scan']);
    expect(scan.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('chooses and orders the CSV columns', async () => {
    const r = await cli(['export', '--format', 'csv', '--fields', 'url,brand, id']);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout) as string[][];
    expect(rows[0]).toEqual(['url', 'brand', 'id']);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.slice(1).every((row) => row.length === 3 && /^\d+$/.test(row[2]!))).toBe(true);
  });

  it('chooses the keys of json, ndjson and tsv records', async () => {
    const json = JSON.parse((await cli(['list', '--format', 'json', '--fields', 'sentiment,id'])).stdout) as object[];
    expect(json.length).toBeGreaterThan(0);
    for (const rec of json) expect(Object.keys(rec)).toEqual(['sentiment', 'id']);
    const nd = (await cli(['export', '--format', 'ndjson', '--fields', 'id'])).stdout.trim().split('\n');
    expect(nd.every((l) => Object.keys(JSON.parse(l) as object).join() === 'id')).toBe(true);
    const tsv = (await cli(['export', '--format', 'tsv', '--fields', 'brand,tagged'])).stdout.split('\n');
    expect(tsv[0]).toBe('brand\ttagged');
    // A table keeps its own columns, and says so rather than ignore the flag silently.
    const table = await cli(['list', '--format', 'table', '--fields', 'id']);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('earshot: note: --fields picks the columns of csv, tsv, json and ndjson; a table has its own\n');
    expect((await cli(['list', '--format', 'csv', '--fields', 'id'])).stderr).toBe('');
  });

  it('may name what show adds: verdict tells a mention marked a false positive, which export keeps', async () => {
    const first = (JSON.parse((await cli(['export', '--format', 'json'])).stdout) as { id: number }[])[0]!;
    expect((await cli(['mark', String(first.id), '--false-positive'])).code).toBe(0);
    const rows = JSON.parse((await cli(['export', '--format', 'json', '--fields', 'id,verdict,assigned_to'])).stdout) as { id: number; verdict: string | null }[];
    expect(rows.find((r) => r.id === first.id)).toEqual({ id: first.id, verdict: 'false-positive', assigned_to: null });
    expect(rows.filter((r) => r.verdict === null)).toHaveLength(rows.length - 1);
    expect((await cli(['mark', String(first.id), '--relevant'])).code).toBe(0);
  });

  it('rejects an unknown field with exit 2 and lists the valid names', async () => {
    const r = await cli(['export', '--format', 'csv', '--fields', 'id,bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"bogus"');
    expect(r.stderr).toContain('valid: id, created_at, source');
    expect(r.stderr).toContain('first_response_minutes');
  });

  it('rejects a field given twice (two CSV columns but one JSON key), exit 2', async () => {
    const r = await cli(['list', '--format', 'csv', '--fields', 'id,brand, id']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'earshot: --fields: "id" is given twice\n']);
  });

  it('starts CSV with a UTF-8 BOM only when asked', async () => {
    const out = join(dir, 'excel.csv');
    const r = await cli(['--quiet', 'export', '--format', 'csv', '--bom', '--fields', 'id,text', '--out', out]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['id', 'text']);
    const plain = await cli(['list', '--format', 'csv']);
    expect(plain.stdout.charCodeAt(0)).not.toBe(0xfeff);
    // A BOM is for spreadsheets: JSON stays plain even with --bom.
    const json = await cli(['list', '--format', 'json', '--bom']);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    expect(json.stderr).toBe('earshot: note: --bom is for csv, for Excel; json has none\n');
  });

  it('--out writes the same bytes as stdout, complete, under its own name only once finished', async () => {
    const out = join(dir, 'all.csv');
    writeFileSync(out, 'the last good export\n');
    // Not the ages: they count from the clock, which may pass a minute between two runs.
    const fields = ['--fields', 'id,created_at,brand,matched,sentiment,priority,status,author,url,text'];
    for (const format of ['csv', 'tsv', 'json', 'ndjson']) {
      const piped = await cli(['export', '--format', format, ...fields]);
      expect(piped.stdout.split('\n').length).toBeGreaterThan(5);
      const r = await cli(['export', '--format', format, ...fields, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^wrote \\d+ mentions to .*all\\.csv \\(${format}\\)\n$`));
      expect(readFileSync(out, 'utf8'), format).toBe(piped.stdout);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--out without --format writes the format its extension names; a name that names none, TSV as on a pipe', async () => {
    const fields = ['--fields', 'id,brand,sentiment,text'];
    for (const [name, format] of [['x.json', 'json'], ['x.NDJSON', 'ndjson'], ['x.csv', 'csv'], ['x.tab', 'tsv'], ['x.dat', 'tsv']]) {
      const r = await cli(['export', ...fields, '--out', join(dir, name!)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, name).toMatch(new RegExp(`\\(${format}\\)\n$`));
      expect(readFileSync(join(dir, name!), 'utf8'), name).toBe((await cli(['export', ...fields, '--format', format!])).stdout);
    }
    // --format says otherwise: it wins.
    await cli(['export', ...fields, '--format', 'csv', '--out', join(dir, 'y.json')]);
    expect(readFileSync(join(dir, 'y.json'), 'utf8')).toMatch(/^id,brand,sentiment,text\n/);
  });

  it('--out into a folder that does not exist: one line, exit 1, nothing written', async () => {
    const out = join(dir, 'no-such-folder', 'x.csv');
    const r = await cli(['export', '--format', 'csv', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^earshot: .*x\.csv: cannot write: ENOENT: no such file or directory\n$/);
    expect(r.stdout).toBe('');
    // A table to a file goes the same way.
    const table = await cli(['export', '--format', 'table', '--out', join(dir, 'no-such-folder', 'x.txt')]);
    expect(table.code).toBe(1);
    expect(table.stderr).toMatch(/^earshot: .*x\.txt: cannot write: ENOENT: no such file or directory\n$/);
  });

  it('an export that cannot be put in place leaves what was there and no temporary file', async () => {
    // A folder by the name asked for: the finished file cannot replace it.
    const out = join(dir, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'kept');
    const r = await cli(['export', '--format', 'csv', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^earshot: .*taken: cannot write: [^\n]+\n$/);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
