import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { serveFixtures, type FixtureServer } from '../helpers/serve-fixtures.js';

const TOKEN = 'sources-test-bearer-token-51e0';

describe('earshot sources', () => {
  let server: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    server = await serveFixtures({
      '/api/v1/timelines/tag/ocado': { file: 'mastodon/tag-ocado.json' },
      '/2/tweets/search/recent': { status: 401, file: 'x/unauthorized.json' },
    });
    dir = mkdtempSync(join(tmpdir(), 'earshot-sources-'));
    writeFileSync(
      join(dir, 'earshot.yaml'),
      [
        'brands:',
        '  - name: Ocado',
        'sources:',
        '  - type: mastodon',
        '    name: fedi',
        `    baseUrl: ${server.url}`,
        '  - type: x',
        `    baseUrl: ${server.url}`,
        '    token: ${X_TOKEN}',
        '  - type: hackernews',
        '    name: hn',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const earshot = (...args: string[]) => runCli(args, { cwd: dir, env: { X_TOKEN: TOKEN } });

  it('lists the configured sources before any scan, without creating a database', async () => {
    const r = await earshot('sources');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Piped, so JSON by default.
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'fedi', type: 'mastodon', channel: 'social', posts: 0, last_success_at: null, last_error: null, last_error_at: null, cursor: null, configured: true },
      { name: 'x', type: 'x', channel: 'social', posts: 0, last_success_at: null, last_error: null, last_error_at: null, cursor: null, configured: true },
      { name: 'hn', type: 'hackernews', channel: 'forum', posts: 0, last_success_at: null, last_error: null, last_error_at: null, cursor: null, configured: true },
    ]);
    expect(existsSync(join(dir, 'earshot.db'))).toBe(false);
  });

  it('shows each source’s last success, last error, cursor and posts after a scan', async () => {
    const scan = await earshot('scan', '--source', 'fedi,x');
    expect(scan.code).toBe(3);

    const r = await earshot('sources', '--format', 'json');
    expect(r.code).toBe(0);
    const [fedi, x, hn] = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(fedi).toMatchObject({ posts: 3, last_error: null, cursor: { tags: { ocado: '116159958941696123' }, searches: {} } });
    expect(fedi!['last_success_at']).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(x).toMatchObject({ posts: 0, last_success_at: null, cursor: null });
    expect(x!['last_error']).toMatch(/^x "x": HTTP 401 from 127\.0\.0\.1:\d+\/2\/tweets\/search\/recent \(Unauthorized\): the bearer token was refused$/);
    expect(x!['last_error_at']).toMatch(/Z$/);
    expect(hn).toMatchObject({ posts: 0, last_success_at: null, last_error: null });
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('prints a table with relative times and a cursor summary', async () => {
    const r = await earshot('sources', '--format', 'table');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/name +│ type +│ channel │ posts │ last success │ last error +│ cursor/);
    expect(lines.find((l) => l.includes('fedi'))).toMatch(/│ fedi +│ mastodon +│ social +│ 3 +│ now +│ - +│ tags\.ocado=116159958941696123 *│$/);
    expect(lines.find((l) => l.includes('│ x '))).toMatch(/│ never +│ now: HTTP 401 from 127\.0\.0\.1/);
    expect(lines.find((l) => l.includes('│ hn '))).toMatch(/│ hackernews │ forum +│ 0 +│ never +│ - +│ - +│$/);
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('writes the same rows as CSV, TSV and NDJSON, the cursor as its JSON text in a cell', async () => {
    const json = JSON.parse((await earshot('sources', '--format', 'json')).stdout) as Record<string, unknown>[];
    const ndjson = (await earshot('sources', '--format', 'ndjson')).stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(ndjson).toEqual(json);
    const csv = await earshot('sources', '--format', 'csv');
    expect(csv.code).toBe(0);
    const [head, fedi] = csv.stdout.split('\n');
    expect(head).toBe('name,type,channel,posts,last_success_at,last_error,last_error_at,cursor,configured');
    expect(fedi).toBe(`fedi,mastodon,social,3,${String(json[0]!['last_success_at'])},,,"{""tags"":{""ocado"":""116159958941696123""},""searches"":{}}",true`);
    const tsv = await earshot('sources', '--format', 'tsv');
    expect(tsv.stdout.split('\n')[0]).toBe('name\ttype\tchannel\tposts\tlast_success_at\tlast_error\tlast_error_at\tcursor\tconfigured');
    expect(tsv.stdout.trim().split('\n')).toHaveLength(json.length + 1);
  });

  it('lists after the configured sources the others it has posts of, such as an import, as not configured', async () => {
    writeFileSync(join(dir, 'desk.jsonl'), '{"id":"d1","text":"Ocado again"}\n');
    expect((await earshot('import', 'desk.jsonl')).code).toBe(0);
    const json = JSON.parse((await earshot('sources', '--format', 'json')).stdout) as Record<string, unknown>[];
    expect(json.map((s) => [s['name'], s['type'], s['configured']])).toEqual([
      ['fedi', 'mastodon', true],
      ['x', 'x', true],
      ['hn', 'hackernews', true],
      ['desk', null, false],
    ]);
    expect(json[3]).toMatchObject({ channel: 'social', posts: 1 });
    const table = (await earshot('sources', '--format', 'table')).stdout;
    expect(table).toMatch(/desk +│ not in config │ social +│ 1 /);
  });

  it('rejects a format it does not have', async () => {
    const r = await earshot('sources', '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format/);
  });

  it('explains itself in --help, with examples', async () => {
    const r = await earshot('sources', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ earshot sources\n/);
  });
});
