import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StackexchangeSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { stackexchangeSource } from '../../src/sources/stackexchange.js';
import type { Cursor } from '../../src/types.js';
import { createScanDb, type ScanDb } from '../helpers/scan-db.js';
import { FIXTURES_DIR, serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type SeConfig = StackexchangeSourceConfig & { name: string };

const SEARCH = '/2.3/search/advanced';
const NOW = new Date('2026-03-03T00:00:00Z');
/** NOW minus the seven-day first-scan window. */
const FIRST_FROMDATE = '1771891200';
const CURSOR_AFTER_FIRST_SCAN = {
  questions: { newest: '2026-03-02T15:00:00.000Z', recent: { '80012345': '2026-03-02T15:00:00.000Z' } },
  quotaRemaining: 290,
};
/** The newest question (15:00) minus the ten-minute index lag. */
const SECOND_FROMDATE = '1772463000';
const KEY = 'se-key-Zx81qq';

let server: FixtureServer | undefined;
let http: HttpClient | undefined;
let scanDb: ScanDb | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  scanDb?.cleanup();
  http = server = scanDb = undefined;
});

async function serve(routes: Routes) {
  server = await serveFixtures(routes);
  http = createTestHttpClient();
  return server;
}

function seConfig(baseUrl: string, overrides: Partial<SeConfig> = {}): SeConfig {
  return { type: 'stackexchange', name: 'so', channel: 'forum', baseUrl, site: 'stackoverflow', maxPages: 3, query: 'ocado', ...overrides };
}

interface ScanInput {
  cursor?: Cursor | null;
  config?: Partial<SeConfig>;
  terms?: string[];
  now?: Date;
}

async function fetchSe(routes: Routes, input: ScanInput = {}) {
  const { url } = await serve(routes);
  const ctx = makeSourceContext({
    config: seConfig(url, input.config),
    http,
    cursor: input.cursor ?? null,
    terms: input.terms,
    now: input.now ?? NOW,
  });
  return { ...(await stackexchangeSource.fetch(ctx)), lines: ctx.lines };
}

async function fixture(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(FIXTURES_DIR, 'stackexchange', name), 'utf8'));
}

async function fetchError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

/** The API always gzips, errors included. */
const TWO_PAGES: Routes = {
  [`${SEARCH}?page=1&fromdate=${FIRST_FROMDATE}`]: { file: 'stackexchange/search-page-1.json', gzip: true },
  [`${SEARCH}?page=2&fromdate=${FIRST_FROMDATE}`]: { file: 'stackexchange/search-page-2.json', gzip: true },
};
const SECOND_SCAN: Routes = {
  [`${SEARCH}?fromdate=${SECOND_FROMDATE}`]: { file: 'stackexchange/search-second-scan.json', gzip: true },
};

describe('stackexchangeSource: first scan', () => {
  it('pages through gzipped results and maps questions', async () => {
    const { posts } = await fetchSe(TWO_PAGES);
    expect(posts.map((p) => p.id)).toEqual(['80012345', '80012200', '80011002']);
    expect(posts[0]).toEqual({
      source: 'so',
      id: '80012345',
      channel: 'forum',
      createdAt: '2026-03-02T15:00:00.000Z',
      text:
        'Ocado API returns 401 "invalid_grant" after token refresh\n' +
        'Since Monday every call to the Ocado partner API fails with 401.\n\n' +
        'requests.post(url, headers=h)\n\n' +
        'Refreshing the token & retrying does not help.\n' +
        'tags: ocado-api, python',
      title: 'Ocado API returns 401 "invalid_grant" after token refresh',
      url: 'https://stackoverflow.com/questions/80012345/ocado-api-returns-401-after-token-refresh',
      author: "Priya O'Neill",
      authorFollowers: 1280,
      engagement: 2,
      replyTo: null,
    });
    // A deleted user has a name but no reputation.
    expect(posts[2]).toMatchObject({ author: 'user9001', authorFollowers: null, engagement: 0 });
  });

  it('sends the documented parameters and asks for compression', async () => {
    await fetchSe(TWO_PAGES);
    const [first, second] = server!.requests;
    expect(first?.path).toBe(SEARCH);
    expect(first?.query).toEqual({
      site: 'stackoverflow',
      q: 'ocado',
      fromdate: FIRST_FROMDATE,
      sort: 'creation',
      order: 'desc',
      page: '1',
      pagesize: '100',
      filter: 'withbody',
    });
    expect(second?.query['page']).toBe('2');
    expect(first?.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('remembers the newest question, the ids inside the index lag and the quota left', async () => {
    const { cursor } = await fetchSe(TWO_PAGES);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('stops at maxPages and says older questions were not read', async () => {
    const { posts, lines } = await fetchSe(TWO_PAGES, { config: { maxPages: 1 } });
    expect(posts).toHaveLength(2);
    expect(server!.requests).toHaveLength(1);
    expect(lines).toEqual([
      'warning: stackexchange "so": "ocado" has more than 1 pages of new questions (raise maxPages or scan more often); older questions were not read',
    ]);
  });

  it('runs one query per brand term and merges questions by id', async () => {
    const { posts } = await fetchSe(
      {
        [`${SEARCH}?q=Ocado`]: { file: 'stackexchange/search-page-2.json', gzip: true },
        [`${SEARCH}?q="Ocado Retail"`]: { file: 'stackexchange/search-page-2.json', gzip: true },
      },
      { config: { query: undefined }, terms: ['Ocado', 'ocado', 'Ocado Retail'] },
    );
    expect(server!.requests.map((r) => r.query['q'])).toEqual(['Ocado', '"Ocado Retail"']);
    expect(posts.map((p) => p.id)).toEqual(['80011002']);
  });
});

describe('stackexchangeSource: incremental scans', () => {
  it('asks from the newest question minus the index lag and returns only new questions', async () => {
    const { posts, cursor } = await fetchSe(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(posts.map((p) => p.id)).toEqual(['80012999']);
    expect(cursor).toMatchObject({
      questions: { newest: '2026-03-02T18:45:00.000Z', recent: { '80012999': '2026-03-02T18:45:00.000Z' } },
    });
  });

  it('records backoff in the cursor and makes no request until it has passed', async () => {
    const first = await fetchSe(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(first.cursor).toMatchObject({ backoffUntil: '2026-03-03T00:00:30.000Z', quotaRemaining: 12 });
    await server!.close();
    await http!.close();

    const during = await fetchSe(SECOND_SCAN, { cursor: first.cursor, now: new Date('2026-03-03T00:00:10Z') });
    expect(during.posts).toEqual([]);
    expect(during.cursor).toEqual(first.cursor);
    expect(server!.requests).toHaveLength(0);
    expect(during.lines).toEqual([
      'stackexchange "so": the API asked us to wait until 2026-03-03T00:00:30.000Z; skipped this scan',
    ]);
    await server!.close();
    await http!.close();

    const after = await fetchSe(
      { [SEARCH]: { file: 'stackexchange/search-page-2.json', gzip: true } },
      { cursor: first.cursor, now: new Date('2026-03-03T00:01:00Z') },
    );
    expect(server!.requests).toHaveLength(1);
    expect(after.cursor).not.toHaveProperty('backoffUntil');
  });

  it('leaves the other queries for a later scan once the API asks to back off', async () => {
    const { lines } = await fetchSe(SECOND_SCAN, {
      cursor: CURSOR_AFTER_FIRST_SCAN,
      config: { query: undefined },
      terms: ['Ocado', 'Tesco'],
    });
    expect(server!.requests.map((r) => r.query['q'])).toEqual(['Ocado']);
    expect(lines).toContain(
      'warning: stackexchange "so": the API asked us to back off until 2026-03-03T00:00:30.000Z; 1 more queries wait; older questions were not read',
    );
  });

  it('keeps the window for the queries a backoff left unread (B1)', async () => {
    const first = await fetchSe(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN, config: { query: undefined }, terms: ['Ocado', 'Tesco'] });
    expect(first.posts.map((p) => p.id)).toEqual(['80012999']);
    expect(first.cursor).toMatchObject({ questions: CURSOR_AFTER_FIRST_SCAN.questions });
    await server!.close();
    await http!.close();

    const later = await fetchSe(
      { [SEARCH]: { body: JSON.stringify({ items: [], has_more: false }) } },
      { cursor: first.cursor, now: new Date('2026-03-03T00:01:00Z'), config: { query: undefined }, terms: ['Ocado', 'Tesco'] },
    );
    expect(server!.requests.map((r) => [r.query['q'], r.query['fromdate']])).toEqual([
      ['Ocado', SECOND_FROMDATE],
      ['Tesco', SECOND_FROMDATE],
    ]);
    expect(later.cursor).toMatchObject({ questions: CURSOR_AFTER_FIRST_SCAN.questions });
  });

  it('warns when the daily quota runs low, suggesting a key only when there is none', async () => {
    const without = await fetchSe(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(without.lines).toContain('warning: stackexchange "so": 12 of 300 API requests left today; a key raises it to 10,000');
    await server!.close();
    await http!.close();
    const withKey = await fetchSe(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN, config: { key: KEY } });
    expect(withKey.lines).toContain('warning: stackexchange "so": 12 of 300 API requests left today');
  });

  it('stores nothing twice across scans', async () => {
    const secondScan = await fixture('search-second-scan.json');
    const thirdScan = { ...secondScan, items: (secondScan['items'] as { question_id: number }[]).slice(0, 1) };
    const { url } = await serve({
      ...TWO_PAGES,
      ...SECOND_SCAN,
      // The newest question (18:45) minus the index lag: only that question is still that new.
      [`${SEARCH}?fromdate=1772476500`]: { body: JSON.stringify(thirdScan), gzip: true },
    });
    scanDb = createScanDb();
    const yaml = `brands:\n  - name: Ocado\nsources:\n  - type: stackexchange\n    name: so\n    query: ocado\n    baseUrl: ${url}\n`;
    const scanAt = (now: string) => scanDb!.run({ yaml, http: http!, now: new Date(now) });
    expect((await scanAt('2026-03-03T00:00:00Z')).result).toMatchObject({ fetched: 3, newPosts: 3, failures: [] });
    expect((await scanAt('2026-03-03T00:15:00Z')).result).toMatchObject({ fetched: 1, newPosts: 1, failures: [] });
    expect((await scanAt('2026-03-03T00:30:00Z')).result).toMatchObject({ fetched: 0, newPosts: 0, failures: [] });
    expect(scanDb.postIds()).toEqual(['80012345', '80012200', '80011002', '80012999']);
  });
});

describe('stackexchangeSource: errors and keys', () => {
  it('retries a 500 and a 429 with Retry-After, then reads the results', async () => {
    const { posts } = await fetchSe({
      [SEARCH]: [
        { status: 500, body: 'upstream error' },
        { status: 429, headers: { 'retry-after': '0' }, body: '' },
        { file: 'stackexchange/search-page-2.json', gzip: true },
      ],
    });
    expect(posts.map((p) => p.id)).toEqual(['80011002']);
    expect(server!.requests).toHaveLength(3);
  });

  it('explains a throttle_violation answer (HTTP 400 with a gzipped error body)', async () => {
    const err = await fetchError(
      fetchSe({ [SEARCH]: { status: 400, file: 'stackexchange/throttle-violation.json', gzip: true } }),
    );
    expect(err.message).toMatch(
      /^stackexchange "so": HTTP 400 from 127\.0\.0\.1:\d+\/2\.3\/search\/advanced \(throttle_violation: too many requests from this IP, more requests available in 41873 seconds\): the request limit for this IP or key is used up; scan less often \(a key raises the daily quota from 300 to 10,000\)$/,
    );
  });

  it('reports an HTML block page instead of JSON', async () => {
    const err = await fetchError(fetchSe({ [SEARCH]: { file: 'feed/block-page.html' } }));
    expect(err.message).toMatch(/^stackexchange "so": expected JSON from the Stack Exchange API, got an HTML page .*\(blocked, or the wrong baseUrl\?\)$/);
  });

  it('reports a truncated body and JSON of the wrong shape', async () => {
    const truncated = await fetchError(fetchSe({ [SEARCH]: { file: 'stackexchange/malformed.json', gzip: true } }));
    expect(truncated.message).toMatch(/^stackexchange "so": expected JSON from the Stack Exchange API, got invalid JSON \(/);
    await server!.close();
    await http!.close();
    const shape = await fetchError(fetchSe({ [SEARCH]: { body: '{"questions":[]}' } }));
    expect(shape.message).toBe('stackexchange "so": response is not a Stack Exchange API wrapper (no items/has_more)');
  });

  it('skips a malformed item with a warning and keeps the rest', async () => {
    const page = await fixture('search-page-1.json');
    (page['items'] as unknown[]).push({ title: 'no id', creation_date: 'yesterday' });
    page['has_more'] = false;
    const { posts, lines } = await fetchSe({ [SEARCH]: { body: JSON.stringify(page), gzip: true } });
    expect(posts).toHaveLength(2);
    expect(lines).toEqual(['warning: stackexchange "so": skipped an item without question_id/creation_date']);
  });

  it('sends the key but keeps it out of errors, logs, cursors and the database', async () => {
    const { url } = await serve({
      [`${SEARCH}?page=1`]: { file: 'stackexchange/search-page-1.json', gzip: true },
      [`${SEARCH}?page=2`]: { status: 400, file: 'stackexchange/throttle-violation.json', gzip: true },
    });
    scanDb = createScanDb();
    const yaml = [
      'brands:',
      '  - name: Ocado',
      'sources:',
      '  - type: stackexchange',
      '    name: so',
      '    key: ${SE_KEY}',
      `    baseUrl: ${url}`,
      '',
    ].join('\n');
    const run = await scanDb.run({ yaml, env: { SE_KEY: KEY }, http: http!, now: NOW });
    expect(server!.requests.map((r) => r.query['key'])).toEqual([KEY, KEY]);
    expect(run.result.failures).toEqual([{ source: 'so', error: expect.stringMatching(/HTTP 400/) }]);
    expect(JSON.stringify(run)).not.toContain(KEY);
    expect(scanDb.dump()).toContain('HTTP 400');
    expect(scanDb.dump()).not.toContain(KEY);

    const ok = await fetchSe(TWO_PAGES, { config: { key: KEY } });
    expect(JSON.stringify(ok)).not.toContain(KEY);
  });
});
