import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HackernewsSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { hackernewsSource } from '../../src/sources/hackernews.js';
import type { Cursor } from '../../src/types.js';
import { FIXTURES_DIR, serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type HnConfig = HackernewsSourceConfig & { name: string };

const SEARCH = '/api/v1/search_by_date';
const NOW = new Date('2026-03-03T00:00:00Z');
/** NOW minus the seven-day first-scan window. */
const FIRST_SCAN_FILTER = 'created_at_i>1771891200';
const AT_15 = '2026-03-02T15:00:00.000Z';
const CURSOR_AFTER_FIRST_SCAN = { newest: AT_15, recent: { '47210500': AT_15, '47210480': AT_15 } };
/** The same place in the cursor format before the overlap window. */
const LEGACY_CURSOR = { createdAtI: 1772463600, idsAtMax: ['47210500', '47210480'] };
/** 15:00 minus the ten-minute index lag. */
const SECOND_SCAN_FILTER = 'created_at_i>=1772463000';
const CURSOR_AFTER_SECOND_SCAN = { newest: '2026-03-02T16:18:31.000Z', recent: { '47211002': '2026-03-02T16:18:31.000Z' } };

let server: FixtureServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = server = undefined;
});

async function serve(routes: Routes) {
  server = await serveFixtures(routes);
  http = createTestHttpClient();
  return server;
}

function hnConfig(baseUrl: string, overrides: Partial<HnConfig> = {}): HnConfig {
  return { type: 'hackernews', name: 'hn', channel: 'forum', baseUrl, tags: '(story,comment)', maxPages: 10, query: 'ocado', ...overrides };
}

async function scan(routes: Routes, input: { cursor?: Cursor | null; config?: Partial<HnConfig>; terms?: string[] } = {}) {
  const { url } = await serve(routes);
  const ctx = makeSourceContext({
    config: hnConfig(url, input.config),
    http,
    cursor: input.cursor ?? null,
    terms: input.terms,
    now: NOW,
  });
  return { ...(await hackernewsSource.fetch(ctx)), lines: ctx.lines };
}

async function fixture(name: string): Promise<{ hits: Record<string, unknown>[]; [key: string]: unknown }> {
  return JSON.parse(await readFile(path.join(FIXTURES_DIR, 'hackernews', name), 'utf8'));
}

async function scanError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

const TWO_PAGES: Routes = {
  [`${SEARCH}?page=0&numericFilters=${FIRST_SCAN_FILTER}`]: { file: 'hackernews/search-page-0.json' },
  [`${SEARCH}?page=1&numericFilters=${FIRST_SCAN_FILTER}`]: { file: 'hackernews/search-page-1.json' },
};

describe('hackernewsSource: first scan', () => {
  it('pages through the results and maps stories and comments', async () => {
    const { posts } = await scan(TWO_PAGES);
    expect(posts.map((p) => p.id)).toEqual(['47210500', '47210480', '47210311', '47209876', '47209001', '47208800']);

    expect(posts.find((p) => p.id === '47210311')).toEqual({
      source: 'hn',
      id: '47210311',
      channel: 'forum',
      createdAt: '2026-03-02T14:22:10.000Z',
      text: "Inside Ocado's robot warehouse\nhttps://engineering.example.com/ocado-grid",
      title: "Inside Ocado's robot warehouse",
      url: 'https://news.ycombinator.com/item?id=47210311',
      author: 'jhollis',
      engagement: 142,
      replyTo: null,
    });
    expect(posts.find((p) => p.id === '47210500')).toEqual({
      source: 'hn',
      id: '47210500',
      channel: 'forum',
      createdAt: '2026-03-02T15:00:00.000Z',
      text: 'The Ocado grid is impressive until a bot catches fire and your order vanishes.\nOurs was cancelled twice last month & nobody called.',
      title: "Inside Ocado's robot warehouse",
      url: 'https://news.ycombinator.com/item?id=47210500',
      author: 'gridlocked',
      engagement: null,
      replyTo: '47210311',
    });
    // Ask HN: title, then the story_text with HN's entities decoded.
    expect(posts.find((p) => p.id === '47209876')?.text).toBe(
      'Ask HN: Anyone else getting Ocado slot errors?\n' +
        'Since Saturday the Ocado app says "no slots available" for every day this week.\n' +
        'Is it just me? Their support chat (https://www.ocado.com/help) just loops.',
    );
    expect(posts.find((p) => p.id === '47209001')?.text).toBe(
      "Tesco is cheaper but Ocado actually turns up on time. I've switched back twice.",
    );
  });

  it('sends the documented search parameters', async () => {
    await scan(TWO_PAGES);
    expect(server!.requests.map((r) => r.query)).toEqual([
      { query: 'ocado', tags: '(story,comment)', numericFilters: FIRST_SCAN_FILTER, hitsPerPage: '100', page: '0' },
      { query: 'ocado', tags: '(story,comment)', numericFilters: FIRST_SCAN_FILTER, hitsPerPage: '100', page: '1' },
    ]);
    expect(server!.requests[0]?.path).toBe(SEARCH);
  });

  it('remembers the newest second and every id seen at it', async () => {
    const { cursor } = await scan(TWO_PAGES);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('stops at maxPages and says older hits were skipped', async () => {
    const { posts, lines } = await scan(TWO_PAGES, { config: { maxPages: 1 } });
    expect(posts).toHaveLength(3);
    expect(server!.requests).toHaveLength(1);
    expect(lines).toEqual([
      'warning: hackernews "hn": "ocado" has 6 new hits but only the newest 3 were read (raise maxPages, narrow the query or scan more often)',
    ]);
  });

  it('warns when Algolia holds more hits than it will page through', async () => {
    const page = await fixture('search-second-scan.json');
    const { posts, lines } = await scan({ [SEARCH]: { body: JSON.stringify({ ...page, nbHits: 2400 }) } });
    expect(posts).toHaveLength(4);
    expect(lines).toEqual([
      'warning: hackernews "hn": "ocado" has 2400 new hits but only the newest 4 were read (raise maxPages, narrow the query or scan more often)',
    ]);
  });

  it('copes with a trailing slash on baseUrl', async () => {
    const { url } = await serve(TWO_PAGES);
    const ctx = makeSourceContext({ config: hnConfig(`${url}/`), http, now: NOW });
    expect((await hackernewsSource.fetch(ctx)).posts).toHaveLength(6);
  });
});

describe('hackernewsSource: incremental scans', () => {
  it('asks from the last second minus the index lag and returns only hits not seen before', async () => {
    const { posts, cursor } = await scan(
      { [`${SEARCH}?numericFilters=${SECOND_SCAN_FILTER}`]: { file: 'hackernews/search-second-scan.json' } },
      { cursor: CURSOR_AFTER_FIRST_SCAN },
    );
    // 47210520 shares the last second with two seen comments but was indexed late: still found.
    expect(posts.map((p) => p.id)).toEqual(['47211002', '47210520']);
    expect(posts[1]).toMatchObject({ replyTo: '47210500', text: 'Ocado support told me it was a "one-off". Third one-off this year.' });
    expect(cursor).toEqual(CURSOR_AFTER_SECOND_SCAN);
  });

  it('finds a hit Algolia indexed late, created before the newest one seen (B3)', async () => {
    const body = await fixture('search-second-scan.json');
    body.hits.push({ ...body.hits[1], objectID: '47210490', created_at_i: 1772463300 });
    const { posts } = await scan({ [`${SEARCH}?numericFilters=${SECOND_SCAN_FILTER}`]: { body: JSON.stringify(body) } }, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(posts.map((p) => p.id)).toEqual(['47211002', '47210520', '47210490']);
  });

  it('reads a cursor in the older createdAtI/idsAtMax form without starting over (B3)', async () => {
    const { posts, cursor } = await scan(
      { [`${SEARCH}?numericFilters=${SECOND_SCAN_FILTER}`]: { file: 'hackernews/search-second-scan.json' } },
      { cursor: LEGACY_CURSOR },
    );
    expect(posts.map((p) => p.id)).toEqual(['47211002', '47210520']);
    expect(cursor).toEqual(CURSOR_AFTER_SECOND_SCAN);
  });

  it('yields nothing and keeps its place when only seen hits come back', async () => {
    const body = await fixture('search-second-scan.json');
    body.hits = body.hits.filter((h) => ['47210500', '47210480'].includes(h['objectID'] as string));
    const { posts, cursor } = await scan({ [SEARCH]: { body: JSON.stringify(body) } }, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(posts).toEqual([]);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('keeps no cursor after a first scan that found nothing', async () => {
    const empty = { hits: [], nbHits: 0, nbPages: 0, page: 0, hitsPerPage: 100 };
    const { posts, cursor } = await scan({ [SEARCH]: { body: JSON.stringify(empty) } });
    expect(posts).toEqual([]);
    expect(cursor).toBeNull();
  });
});

describe('hackernewsSource: brand terms', () => {
  it('runs one query per distinct term and merges hits by objectID', async () => {
    const secondScan = await fixture('search-second-scan.json');
    const tesco = { ...secondScan, hits: secondScan.hits.slice(0, 1), nbHits: 1 };
    const none = { hits: [], nbHits: 0, nbPages: 0, page: 0 };
    const { posts } = await scan(
      {
        [`${SEARCH}?query=Ocado`]: { file: 'hackernews/search-second-scan.json' },
        [`${SEARCH}?query=Tesco`]: { body: JSON.stringify(tesco) },
        [`${SEARCH}?query="Ocado Retail"`]: { body: JSON.stringify(none) },
      },
      { config: { query: undefined }, terms: ['Ocado', 'Tesco', 'ocado', 'Ocado Retail'] },
    );
    expect(server!.requests.map((r) => r.query['query'])).toEqual(['Ocado', 'Tesco', '"Ocado Retail"']);
    expect(posts.map((p) => p.id)).toEqual(['47211002', '47210520', '47210500', '47210480']);
  });

  it('searches at most ten terms and warns about the rest', async () => {
    const none = JSON.stringify({ hits: [], nbHits: 0, nbPages: 0, page: 0 });
    const terms = Array.from({ length: 12 }, (_, i) => `brand${i}`);
    const { lines } = await scan({ [SEARCH]: { body: none } }, { config: { query: undefined }, terms });
    expect(server!.requests).toHaveLength(10);
    expect(lines).toEqual([
      'warning: hackernews "hn": searching the first 10 of 12 brand terms; set query: to choose',
    ]);
  });

  it('fails when there is nothing to search for', async () => {
    const err = await scanError(scan({}, { config: { query: undefined }, terms: [] }));
    expect(err.message).toBe('hackernews "hn": no query configured and no brand terms to search for');
  });
});

describe('hackernewsSource: bad responses', () => {
  it('reports an HTML page instead of JSON', async () => {
    const err = await scanError(scan({ [SEARCH]: { file: 'feed/block-page.html' } }));
    expect(err.message).toMatch(/^hackernews "hn": expected JSON from the search API, got an HTML page \(/);
  });

  it('reports a truncated JSON body', async () => {
    const err = await scanError(scan({ [SEARCH]: { file: 'hackernews/malformed.json' } }));
    expect(err.message).toMatch(/^hackernews "hn": expected JSON from the search API, got invalid JSON \(/);
  });

  it('reports JSON of the wrong shape', async () => {
    const err = await scanError(scan({ [SEARCH]: { body: '{"message":"Invalid parameters"}' } }));
    expect(err.message).toBe('hackernews "hn": response is not an Algolia search result (no hits/nbPages)');
  });

  it('skips a malformed hit with a warning and keeps the rest', async () => {
    const body = await fixture('search-second-scan.json');
    body.hits.splice(1, 0, { author: 'ghost', comment_text: 'no id here' });
    const { posts, lines } = await scan({ [SEARCH]: { body: JSON.stringify(body) } });
    expect(posts).toHaveLength(4);
    expect(lines).toEqual(['warning: hackernews "hn": skipped a hit without objectID/created_at_i']);
  });

  it('reports a 404 with the source name and no query string', async () => {
    const err = await scanError(scan({}));
    expect(err.message).toMatch(/^hackernews "hn": HTTP 404 from 127\.0\.0\.1:\d+\/api\/v1\/search_by_date$/);
  });

  it('retries 500 and 429 responses, then reads the results', async () => {
    const { posts } = await scan({
      [SEARCH]: [
        { status: 500 },
        { status: 429, headers: { 'retry-after': '0' }, file: 'hackernews/rate-limited.json' },
        { file: 'hackernews/search-second-scan.json' },
      ],
    });
    expect(posts).toHaveLength(4);
    expect(server!.requests).toHaveLength(3);
  });
});
