import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { serveFixtures, type FixtureServer } from '../helpers/serve-fixtures.js';

describe('scan against live HTTP sources on 127.0.0.1', () => {
  let server: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    server = await serveFixtures({
      '/feeds/grocery.rss': { file: 'feed/rss.xml', etag: '"v1"' },
      '/feeds/broken.rss': { status: 404, body: 'Not Found' },
      '/api/v1/search_by_date': { file: 'hackernews/search-page-0.json' },
      '/api/v1/search_by_date?page=1': { file: 'hackernews/search-page-1.json' },
    });
    dir = mkdtempSync(join(tmpdir(), 'earshot-scan-http-'));
    const config = (broken: boolean) =>
      [
        'brands:',
        '  - name: Ocado',
        '    handles: ["@Ocado"]',
        '  - name: Tesco',
        '    competitor: true',
        'sources:',
        '  - type: feed',
        '    name: grocery-news',
        `    url: ${server.url}/feeds/grocery.rss`,
        '  - type: hackernews',
        '    name: hn',
        '    query: ocado',
        `    baseUrl: ${server.url}`,
        ...(broken ? ['  - type: feed', '    name: dead-feed', `    url: ${server.url}/feeds/broken.rss`] : []),
        '',
      ].join('\n');
    writeFileSync(join(dir, 'ok.yaml'), config(false));
    writeFileSync(join(dir, 'broken.yaml'), config(true));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scan = (configFile: string, db: string) =>
    runCli(['--config', join(dir, configFile), '--db', join(dir, db), 'scan'], { cwd: dir });
  const count = async (db: string) =>
    (JSON.parse((await runCli(['--db', join(dir, db), 'export', '--format', 'json'], { cwd: dir })).stdout) as unknown[]).length;

  it('stores mentions from every source, and nothing more on a second scan', async () => {
    const first = await scan('ok.yaml', 'ok.db');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/from 2 sources/);
    const stored = await count('ok.db');
    expect(stored).toBeGreaterThan(0);

    const second = await scan('ok.yaml', 'ok.db');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new posts, 0 new mentions/);
    expect(await count('ok.db')).toBe(stored);
    // The feed was asked conditionally the second time.
    const feedRequests = server.requests.filter((r) => r.path === '/feeds/grocery.rss');
    expect(feedRequests.at(-1)!.headers['if-none-match']).toBe('"v1"');
  });

  it('keeps going when one source fails: others stored, failure on stderr, exit 3', async () => {
    const r = await scan('broken.yaml', 'broken.db');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/dead-feed/);
    expect(r.stderr).toMatch(/404/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/1 failed/);
    expect(await count('broken.db')).toBe(await count('ok.db'));
  });
});
