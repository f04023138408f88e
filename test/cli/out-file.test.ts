import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-out-'));
  writeFileSync(join(dir, 'p.jsonl'), '{"id":"1","text":"acme lost my parcel","created_at":"2026-01-02T03:04:05Z"}\n');
  expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
  expect((await runCli(['--db', 'x.db', 'import', 'p.jsonl'], { cwd: dir })).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('--out', () => {
  it.each([
    ['export', 'x.db', 'the database itself'],
    ['export', 'sub/../x.db', 'the database itself'],
    ['report', 'x.db-wal', "the database's own -wal file"],
    ['export', './x.db-shm', "the database's own -shm file"],
  ])('%s --out %s is refused before anything is written: the database stays whole', async (command, target, what) => {
    const before = readFileSync(join(dir, 'x.db'));
    const r = await runCli(['--db', 'x.db', command, '--out', target], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`earshot: ${target} is ${what}; give the output another name\n`);
    expect(readFileSync(join(dir, 'x.db')).equals(before)).toBe(true);
    expect((await runCli(['--db', 'x.db', 'list', '--format', 'csv', '--all'], { cwd: dir })).stdout).toContain('acme lost my parcel');
  });

  it('- is standard output, as it is for input: no file named "-"', async () => {
    const exported = await runCli(['--db', 'x.db', 'export', '--out', '-', '--format', 'csv'], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n')[0]).toMatch(/^id,created_at,/);
    expect(exported.stdout).toContain('acme lost my parcel');
    const report = await runCli(['--db', 'x.db', 'report', '--out', '-', '--since', '2026-01-01'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).brands).toEqual(['Acme']);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('report writes its file whole, under its name only when complete', async () => {
    const r = await runCli(['--db', 'x.db', 'report', '--out', 'r.md', '--since', '2026-01-01'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/^# earshot report/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

it('backup - is refused: a copy is a file', async () => {
  const r = await runCli(['--db', 'x.db', 'backup', '-'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('earshot: backup writes a database file, not standard output: give the copy a name\n');
  expect(existsSync(join(dir, '-'))).toBe(false);
});
