import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/log.js';
import { scan } from '../../src/pipeline/scan.js';
import { openDb, type Db } from '../../src/store/open-db.js';
import { serveFixtures, type FixtureServer } from '../helpers/serve-fixtures.js';

let server: FixtureServer | undefined;
let http: HttpClient | undefined;
let db: Db | undefined;
let dir: string | undefined;

afterEach(async () => {
  db?.close();
  await http?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = http = db = dir = undefined;
});

describe('scan: the deadline', () => {
  it('fails a source still fetching at the deadline and stores nothing of it, but keeps the others', async () => {
    server = await serveFixtures({
      // The first page comes at once, the second never in time: nothing of "fedi" may be stored.
      '/api/v1/timelines/tag/ocado': { file: 'mastodon/tag-ocado.json' },
      '/api/v1/timelines/tag/ocadoretail': { file: 'mastodon/tag-ocado-newer-1.json', delayMs: 20_000 },
      '/2/tweets/search/recent': { file: 'x/search-page-2.json' },
    });
    http = createHttpClient({ retries: 0 });
    dir = mkdtempSync(path.join(tmpdir(), 'earshot-deadline-'));
    db = openDb({ path: path.join(dir, 'earshot.db') });
    const yaml = [
      'brands:',
      '  - name: Ocado',
      '    aliases: [Ocado Retail]',
      'sources:',
      '  - type: mastodon',
      '    name: fedi',
      `    baseUrl: ${server.url}`,
      '  - type: x',
      `    baseUrl: ${server.url}`,
      '    token: ${X_TOKEN}',
      '',
    ].join('\n');
    const config = parseConfig({ source: yaml, file: path.join(dir, 'earshot.yaml'), env: { X_TOKEN: 'x-token-for-deadline' } });

    // Long enough for the other source's one request on a busy machine (its first loads the HTTP library).
    const result = await scan({ config, db, http, log: silentLogger, now: () => new Date(), deadlineMs: 2_000 });

    expect(result.failures).toEqual([
      { source: 'fedi', error: expect.stringMatching(/^mastodon "fedi": scan deadline \(2 s\) reached fetching 127\.0\.0\.1:\d+\/api\/v1\/timelines\/tag\/ocadoretail$/) },
    ]);
    const stored = db.prepare('SELECT source, COUNT(*) AS n FROM posts GROUP BY source').all();
    expect(stored).toEqual([{ source: 'x', n: 1 }]);
    const state = db.prepare('SELECT source, cursor, last_error FROM source_state ORDER BY source').all() as { source: string; cursor: string | null }[];
    expect(state.map((s) => [s.source, s.cursor === null])).toEqual([
      ['fedi', true],
      ['x', false],
    ]);
  });
});
