import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

describe('--quiet and --tz', () => {
  let dir: string;
  let cli: (args: string[], input?: string) => ReturnType<typeof runCli>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-quiet-'));
    cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
    cli = (args, input) => runCli(['--db', join(dir, 'test.db'), ...args], { cwd: dir, input });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['scan', ['scan']],
    ['export --out', ['export', '--format', 'csv', '--out', 'x.csv']],
    ['report --out', ['report', '--format', 'json', '--out', 'r.json']],
    ['mark', ['mark', '1', '--responded']],
    ['rematch', ['rematch']],
    ['backup', ['backup', 'copy.db']],
    ['config check', ['config', 'check']],
    ['init', ['--config', 'fresh.yaml', 'init']],
  ])('%s --quiet prints nothing on success', async (_, args) => {
    const r = await cli(['--quiet', ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('import --quiet prints nothing on success', async () => {
    writeFileSync(join(dir, 'posts.jsonl'), '{"id":"q1","text":"Ocado was late again","created_at":"2026-01-02T03:04:05Z"}\n');
    const r = await cli(['--quiet', 'import', 'posts.jsonl']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('--tz shows table times in the zone; machine formats stay UTC', async () => {
    const rows = (await cli(['--tz', 'Asia/Kolkata', 'export', '--format', 'ndjson', '--fields', 'id,created_at'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; created_at: string });
    expect(rows[0]!.created_at).toMatch(/Z$/);
    const table = await cli(['--tz', 'Asia/Kolkata', 'list', '--all', '--format', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\bposted\b/);
    for (const { id, created_at } of rows) {
      // India is UTC+05:30 all year.
      const local = new Date(Date.parse(created_at) + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
      const line = table.stdout.split('\n').find((l) => new RegExp(`^\\W*${id}\\s`).test(l));
      expect(line, `row ${id}`).toContain(local);
    }
    // show says when too, in the zone and in UTC.
    const { id, created_at } = rows[0]!;
    const local = new Date(Date.parse(created_at) + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    const shown = await cli(['--tz', 'Asia/Kolkata', 'show', String(id), '--format', 'table']);
    expect(shown.stdout).toMatch(new RegExp(`^posted +${local} Asia/Kolkata \\(${created_at.replace(/\./g, '\\.')}\\)$`, 'm'));
  });

  it("--tz gives the report's times in the zone, in the table and Markdown; JSON stays UTC", async () => {
    const since = '2026-03-01T12:00:00Z';
    for (const format of ['table', 'md']) {
      const r = await cli(['--tz', 'Asia/Kolkata', 'report', '--since', since, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/since 2026-03-01 17:30 Asia\/Kolkata \(generated \d{4}-\d\d-\d\d \d\d:\d\d Asia\/Kolkata; days are UTC days\)/);
    }
    const json = JSON.parse((await cli(['--tz', 'Asia/Kolkata', 'report', '--since', since, '--format', 'json'])).stdout) as { since: string };
    expect(json.since).toBe('2026-03-01T12:00:00.000Z');
    const unknown = await cli(['--tz', 'Mars/Olympus', 'report']);
    expect(unknown.code).toBe(2);
  });

  it('rejects an unknown zone with exit 2', async () => {
    const r = await cli(['--tz', 'Mars/Olympus', 'list', '--format', 'table']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Mars/Olympus');
  });
});
