import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/run-cli.js';

const ESC = '\u001b';

describe('output a hostile post cannot abuse', () => {
  let dir: string;
  const cli = (args: string[], env?: Record<string, string>) =>
    runCli(['--config', join(dir, 'earshot.yaml'), '--db', join(dir, 'e.db'), ...args], { cwd: dir, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-out-'));
    writeFileSync(join(dir, 'earshot.yaml'), 'brands:\n  - name: Ocado\n');
    const posts = [
      { id: 'esc', text: `${ESC}[2J${ESC}]0;owned${ESC}\\Ocado is ${ESC}[31mbroken${ESC}[0m\u0007 today`, created_at: '2026-11-20T10:00:00Z' },
      { id: 'formula', text: '=HYPERLINK("http://evil.example","Ocado refund")', created_at: '2026-11-20T11:00:00Z' },
      { id: 'tabs', text: 'Ocado\tdelivery\nwas late\\again', created_at: '2026-11-20T12:00:00Z' },
    ];
    for (let i = 0; i < 3000; i++) posts.push({ id: `bulk-${i}`, text: `Ocado order ${i} arrived fine`, created_at: '2026-11-19T10:00:00Z' });
    writeFileSync(join(dir, 'posts.jsonl'), posts.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const r = await cli(['import', join(dir, 'posts.jsonl'), '--source', 'export']);
    expect(r.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['table', 'tsv', 'csv', 'json', 'ndjson'])('strips escape sequences and control characters (%s)', async (format) => {
    const r = await cli(['list', '--all', '--limit', '5000', '--format', format]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).toContain('Ocado is');
  });

  it('neutralises spreadsheet formulas in CSV but keeps negative numbers', async () => {
    const r = await cli(['export', '--format', 'csv']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    const formula = rows.find((x) => x.text!.includes('HYPERLINK'))!;
    expect(formula.text!.startsWith("'=")).toBe(true);
    const negative = rows.find((x) => Number(x.sentiment_score) < 0);
    expect(negative?.sentiment_score).toMatch(/^-\d/);
  });

  it('escapes tabs and newlines in TSV so every record is one line', async () => {
    const r = await cli(['export', '--format', 'tsv']);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(3004);
    expect(lines.every((l) => l.split('\t').length === 21)).toBe(true);
    expect(r.stdout).toContain('Ocado\\tdelivery\\nwas late\\\\again');
  });

  it('colours a table only when asked or on a terminal, and honours NO_COLOR', async () => {
    const plain = await cli(['list', '--format', 'table', '--limit', '3']);
    expect(plain.stdout).not.toContain(ESC);
    const forced = await cli(['list', '--format', 'table', '--limit', '3', '--color']);
    expect(forced.stdout).toContain(`${ESC}[`);
    const envForced = await cli(['list', '--format', 'table', '--limit', '3'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(envForced.stdout).toContain(`${ESC}[`);
    const noColorWins = await cli(['list', '--format', 'table', '--limit', '3'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(noColorWins.stdout).not.toContain(ESC);
  });

  it('ends quietly when the reader closes the pipe (earshot export | head -1)', () => {
    const errFile = join(dir, 'stderr.txt');
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" --db "${join(dir, 'e.db')}" export --format tsv 2>"${errFile}" | head -1; echo "status=\${PIPESTATUS[0]}"`],
      { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } },
    );
    expect(r.stdout.split('\n')[0]).toMatch(/^id\tcreated_at/);
    expect(r.stdout).toMatch(/status=0/);
    expect(readFileSync(errFile, 'utf8')).toBe('');
  });
});
