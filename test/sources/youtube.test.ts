import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { YoutubeSourceConfig } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError, SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { youtubeSource } from '../../src/sources/youtube.js';
import type { Cursor } from '../../src/types.js';
import { createScanDb, type ScanDb } from '../helpers/scan-db.js';
import { FIXTURES_DIR, serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type YtConfig = YoutubeSourceConfig & { name: string };

const SEARCH = '/youtube/v3/search';
const THREADS = '/youtube/v3/commentThreads';
const NOW = new Date('2026-03-03T00:00:00Z');
const KEY = 'AIzaFixtureKey-000000000000000000000';
const VIDEO = 'Qm3vT8aLp0E';

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

async function restart() {
  await http?.close();
  await server?.close();
}

function ytConfig(baseUrl: string, overrides: Partial<YtConfig> = {}): YtConfig {
  return { type: 'youtube', name: 'yt', channel: 'social', baseUrl, key: KEY, maxPages: 2, maxVideos: 10, query: 'ocado', ...overrides };
}

async function fetchYt(routes: Routes, input: { cursor?: Cursor | null; config?: Partial<YtConfig>; terms?: string[] } = {}) {
  const { url } = await serve(routes);
  const ctx = makeSourceContext({ config: ytConfig(url, input.config), http, cursor: input.cursor ?? null, terms: input.terms, now: NOW });
  return { ...(await youtubeSource.fetch(ctx)), lines: ctx.lines };
}

async function fetchError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

const FIRST_SCAN: Routes = {
  [SEARCH]: { file: 'youtube/search-page-1.json' },
  [`${SEARCH}?pageToken=CAIQAA`]: { file: 'youtube/search-page-2.json' },
  [`${THREADS}?videoId=${VIDEO}`]: { file: `youtube/comments-${VIDEO}-page-1.json` },
  [`${THREADS}?videoId=${VIDEO}&pageToken=QURTSl9fixturePage2`]: { file: `youtube/comments-${VIDEO}-page-2.json` },
  [THREADS]: { file: 'youtube/comments-empty.json' },
};
const SECOND_SCAN: Routes = {
  [`${SEARCH}?publishedAfter=2026-03-02T16:00:00Z`]: { file: 'youtube/search-second-scan.json' },
  [`${THREADS}?videoId=${VIDEO}`]: { file: `youtube/comments-${VIDEO}-second-scan.json` },
  [THREADS]: { file: 'youtube/comments-empty.json' },
};
const CURSOR_AFTER_FIRST_SCAN = {
  videos: { newest: '2026-03-02T17:00:00.000Z', recent: { [VIDEO]: '2026-03-02T17:00:00Z' } },
  tracked: [
    {
      id: VIDEO,
      publishedAt: '2026-03-02T17:00:00Z',
      comments: { newest: '2026-03-02T18:05:00.000Z', recent: { UgwFx01aaaaaaaaaaaaAaABAg: '2026-03-02T18:05:00Z' } },
    },
    { id: 'Hx7_Yb2Kd9s', publishedAt: '2026-03-02T11:30:00Z', comments: null },
    { id: 'Lp0oN4cWq2A', publishedAt: '2026-02-27T08:00:00Z', comments: null },
  ],
};

describe('youtubeSource: first scan', () => {
  it('maps videos, then the comments of every tracked video', async () => {
    const { posts } = await fetchYt(FIRST_SCAN);
    expect(posts.map((p) => p.id)).toEqual([
      VIDEO,
      'Hx7_Yb2Kd9s',
      'Lp0oN4cWq2A',
      'UgwFx01aaaaaaaaaaaaAaABAg',
      'UgwFx02bbbbbbbbbbbbAaABAg',
      'UgwFx03ccccccccccccAaABAg',
    ]);
    expect(posts[0]).toEqual({
      source: 'yt',
      id: VIDEO,
      channel: 'social',
      createdAt: '2026-03-02T17:00:00.000Z',
      text: "I tried Ocado's new same-day slots for a week\nPrices, substitutions & one very late delivery.",
      title: "I tried Ocado's new same-day slots for a week",
      url: `https://www.youtube.com/watch?v=${VIDEO}`,
      author: 'Weeknight Kitchen',
      replyTo: null,
    });
    expect(posts[3]).toEqual({
      source: 'yt',
      id: 'UgwFx01aaaaaaaaaaaaAaABAg',
      channel: 'social',
      createdAt: '2026-03-02T18:05:00.000Z',
      text: 'Ocado substituted my oat milk with "barista" oat milk & charged more',
      title: null,
      url: `https://www.youtube.com/watch?v=${VIDEO}&lc=UgwFx01aaaaaaaaaaaaAaABAg`,
      author: '@late_larry',
      engagement: 16,
      replyTo: VIDEO,
    });
    // No textOriginal: the HTML of textDisplay, as text.
    expect(posts[4]?.text).toBe(`Skip to 4:05 (https://www.youtube.com/watch?v=${VIDEO}&t=245) for the Ocado delivery bit`);
  });

  it('sends the documented parameters with the key', async () => {
    await fetchYt(FIRST_SCAN);
    const [search1, search2, threads1, threads2] = server!.requests;
    expect(search1?.query).toEqual({
      part: 'snippet',
      q: 'ocado',
      type: 'video',
      order: 'date',
      publishedAfter: '2026-02-24T00:00:00Z',
      maxResults: '50',
      key: KEY,
    });
    expect(search2?.query['pageToken']).toBe('CAIQAA');
    expect(threads1?.query).toEqual({ part: 'snippet', videoId: VIDEO, order: 'time', maxResults: '100', key: KEY });
    expect(threads2?.query['pageToken']).toBe('QURTSl9fixturePage2');
    expect(server!.requests.filter((r) => r.path === THREADS).map((r) => r.query['videoId'])).toEqual([
      VIDEO,
      VIDEO,
      'Hx7_Yb2Kd9s',
      'Lp0oN4cWq2A',
    ]);
  });

  it('remembers the newest video, the ids inside the index lag and each tracked video’s comments', async () => {
    const { cursor } = await fetchYt(FIRST_SCAN);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('ORs brand terms with | in one search', async () => {
    await fetchYt(FIRST_SCAN, { config: { query: undefined, maxPages: 1, maxVideos: 0 }, terms: ['Ocado', 'Ocado Retail'] });
    expect(server!.requests.map((r) => r.query['q'])).toEqual(['Ocado|"Ocado Retail"']);
  });

  it('stops at maxPages with a warning, and polls comments of at most maxVideos videos', async () => {
    const { posts, lines } = await fetchYt(FIRST_SCAN, { config: { maxPages: 1, maxVideos: 1 } });
    expect(posts.map((p) => p.id)).toEqual([VIDEO, 'Hx7_Yb2Kd9s', 'UgwFx01aaaaaaaaaaaaAaABAg', 'UgwFx02bbbbbbbbbbbbAaABAg', 'UgwFx03ccccccccccccAaABAg']);
    expect(lines).toEqual([
      'warning: youtube "yt": more than 1 pages of new videos; older ones were not read (raise maxPages or scan more often)',
    ]);
    expect(server!.requests.filter((r) => r.path === THREADS).every((r) => r.query['videoId'] === VIDEO)).toBe(true);
  });
});

describe('youtubeSource: incremental scans', () => {
  it('returns only new videos and new comments, still polling older videos', async () => {
    const { posts, cursor } = await fetchYt(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(posts.map((p) => p.id)).toEqual(['Vr5tG6hJk1M', 'UgwFx04ddddddddddddAaABAg']);
    expect((cursor as { tracked: { id: string }[] }).tracked.map((v) => v.id)).toEqual([
      'Vr5tG6hJk1M',
      VIDEO,
      'Hx7_Yb2Kd9s',
      'Lp0oN4cWq2A',
    ]);
    // The first comment page already reached comments seen before: no second page.
    expect(server!.requests.filter((r) => r.query['videoId'] === VIDEO)).toHaveLength(1);
  });

  it('stores nothing twice across scans', async () => {
    const second = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'youtube/search-second-scan.json'), 'utf8'));
    const onlyNewest = { ...second, items: second.items.slice(0, 1) };
    const { url } = await serve({
      ...FIRST_SCAN,
      [`${SEARCH}?publishedAfter=2026-03-02T16:00:00Z`]: [{ file: 'youtube/search-second-scan.json' }],
      // After the second scan the newest video is 22:00: the lag window starts at 21:00.
      [`${SEARCH}?publishedAfter=2026-03-02T21:00:00Z`]: { body: JSON.stringify(onlyNewest) },
      [`${THREADS}?videoId=${VIDEO}`]: [
        { file: `youtube/comments-${VIDEO}-page-1.json` },
        { file: `youtube/comments-${VIDEO}-second-scan.json` },
      ],
    });
    scanDb = createScanDb();
    const yaml = `brands:\n  - name: Ocado\nsources:\n  - type: youtube\n    name: yt\n    query: ocado\n    key: \${YT_KEY}\n    maxPages: 2\n    baseUrl: ${url}\n`;
    const scanAt = (now: string) => scanDb!.run({ yaml, env: { YT_KEY: KEY }, http: http!, now: new Date(now) });
    expect((await scanAt('2026-03-03T00:00:00Z')).result).toMatchObject({ fetched: 6, newPosts: 6, failures: [] });
    expect((await scanAt('2026-03-03T00:15:00Z')).result).toMatchObject({ fetched: 2, newPosts: 2, failures: [] });
    expect((await scanAt('2026-03-03T00:30:00Z')).result).toMatchObject({ fetched: 0, newPosts: 0, failures: [] });
    expect(new Set(scanDb.postIds()).size).toBe(8);
    expect(scanDb.dump()).not.toContain(KEY);
  });
});

describe('youtubeSource: quota and errors', () => {
  it('explains quotaExceeded: the quota resets at midnight Pacific', async () => {
    const err = await fetchError(fetchYt({ [SEARCH]: { status: 403, file: 'youtube/quota-exceeded.json' } }));
    expect(err.message).toMatch(
      /^youtube "yt": HTTP 403 from 127\.0\.0\.1:\d+\/youtube\/v3\/search \(quotaExceeded\): the daily quota is used up; it resets at midnight Pacific time$/,
    );
    expect(err.message).not.toContain(KEY);
  });

  it('still reads the comments of tracked videos when only the search quota is used up', async () => {
    const { posts, cursor, lines } = await fetchYt(
      { ...SECOND_SCAN, [`${SEARCH}?publishedAfter=2026-03-02T16:00:00Z`]: { status: 403, file: 'youtube/quota-exceeded.json' } },
      { cursor: CURSOR_AFTER_FIRST_SCAN },
    );
    expect(posts.map((p) => p.id)).toContain('UgwFx04ddddddddddddAaABAg');
    expect(posts.map((p) => p.id)).toEqual(['UgwFx04ddddddddddddAaABAg']);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: youtube "yt": HTTP 403 from .+\/youtube\/v3\/search \(quotaExceeded\): the daily quota is used up; it resets at midnight Pacific time; new videos wait for a later scan, comments on the 3 tracked are still read$/,
      ),
    ]);
    // The search starts from the same place next time.
    expect((cursor as typeof CURSOR_AFTER_FIRST_SCAN).videos).toEqual(CURSOR_AFTER_FIRST_SCAN.videos);
    expect(server!.requests.filter((r) => r.path === THREADS)).toHaveLength(3);
  });

  it('stops following a video whose comments are disabled and polls the others', async () => {
    const { posts, cursor, lines } = await fetchYt({
      ...FIRST_SCAN,
      [`${THREADS}?videoId=${VIDEO}`]: { status: 403, file: 'youtube/comments-disabled.json' },
    });
    expect(posts.map((p) => p.id)).toEqual([VIDEO, 'Hx7_Yb2Kd9s', 'Lp0oN4cWq2A']);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: youtube "yt": stopped following comments on video Qm3vT8aLp0E: HTTP 403 from 127\.0\.0\.1:\d+\/youtube\/v3\/commentThreads \(commentsDisabled\)$/,
      ),
    ]);
    expect((cursor as { tracked: { id: string }[] }).tracked.map((v) => v.id)).toEqual(['Hx7_Yb2Kd9s', 'Lp0oN4cWq2A']);
    expect(server!.requests.filter((r) => r.path === THREADS)).toHaveLength(3);
  });

  it('keeps the videos and leaves comments for a later scan once the quota runs out', async () => {
    const { posts, cursor, lines } = await fetchYt({
      ...FIRST_SCAN,
      [`${THREADS}?videoId=${VIDEO}`]: { status: 403, file: 'youtube/quota-exceeded.json' },
    });
    expect(posts.map((p) => p.id)).toEqual([VIDEO, 'Hx7_Yb2Kd9s', 'Lp0oN4cWq2A']);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: youtube "yt": HTTP 403 from .+ \(quotaExceeded\): the daily quota is used up; it resets at midnight Pacific time; comments wait for a later scan$/,
      ),
    ]);
    expect((cursor as { tracked: { id: string }[] }).tracked.map((v) => v.id)).toEqual([VIDEO, 'Hx7_Yb2Kd9s', 'Lp0oN4cWq2A']);
    expect(server!.requests.filter((r) => r.path === THREADS)).toHaveLength(1);
  });

  it('retries a 503 and a 429 with Retry-After, then reads the results', async () => {
    const { posts } = await fetchYt(
      {
        [SEARCH]: [
          { status: 503, body: 'Service Unavailable' },
          { status: 429, headers: { 'retry-after': '0' }, body: '' },
          { file: 'youtube/search-page-2.json' },
        ],
      },
      { config: { maxVideos: 0 } },
    );
    expect(posts.map((p) => p.id)).toEqual(['Lp0oN4cWq2A']);
    expect(server!.requests).toHaveLength(3);
  });

  it('reports an HTML page and JSON of the wrong shape', async () => {
    const html = await fetchError(fetchYt({ [SEARCH]: { file: 'feed/block-page.html' } }));
    expect(html.message).toMatch(/^youtube "yt": expected JSON from the YouTube search API, got an HTML page/);
    await restart();
    const shape = await fetchError(fetchYt({ [SEARCH]: { body: '{"kind":"youtube#searchListResponse"}' } }));
    expect(shape.message).toBe('youtube "yt": response is not a YouTube search list (no items)');
  });

  it('keeps the key out of errors, logs and cursors', async () => {
    const failed = await fetchError(fetchYt({ [SEARCH]: { status: 400, file: 'youtube/key-invalid.json' } }));
    expect(failed.message).toMatch(/^youtube "yt": HTTP 400 from 127\.0\.0\.1:\d+\/youtube\/v3\/search \(badRequest\): check the key and query:$/);
    expect(failed.message).not.toContain(KEY);
    await restart();
    const ok = await fetchYt(FIRST_SCAN);
    expect(server!.requests.every((r) => r.query['key'] === KEY)).toBe(true);
    expect(JSON.stringify(ok)).not.toContain(KEY);
  });
});

describe('youtube, stackexchange and github config', () => {
  it('requires a key, fills defaults and suggests near-miss keys', () => {
    const parse = (source: string) => parseConfig({ source, file: '/x/earshot.yaml', env: { YT_KEY: KEY } });
    const config = parse('brands: [{name: Ocado}]\nsources:\n  - type: youtube\n    key: ${YT_KEY}\n');
    expect(config.sources[0]).toEqual({
      type: 'youtube',
      name: 'youtube',
      channel: 'social',
      key: KEY,
      baseUrl: 'https://www.googleapis.com',
      maxPages: 1,
      maxVideos: 10,
    });
    let err: unknown;
    try {
      parse('brands: [{name: Ocado}]\nsources:\n  - type: youtube\n    maxVideo: 3\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'earshot.yaml:3: sources[0].key: missing; expected a string',
      'earshot.yaml:4: sources[0].maxVideo: unknown key (did you mean "maxVideos"?)',
    ]);
  });

  it.each([
    ['youtube', 'key'],
    ['stackexchange', 'key'],
    ['github', 'token'],
  ])('refuses a %s %s written into the file', (type, key) => {
    const source = `brands: [{name: Ocado}]\nsources:\n  - type: ${type}\n    ${key}: literal-secret-123\n`;
    expect(() => parseConfig({ source, file: '/x/earshot.yaml', env: {} })).toThrow(
      new ConfigError([`earshot.yaml:4: sources[0].${key}: write the credential as \${ENV_VAR} and set ENV_VAR in the environment, not in this file`]),
    );
  });
});

describe('youtubeSource: bad dates (B2)', () => {
  it('skips a video or comment whose publishedAt is not a date and keeps the rest', async () => {
    const search = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'youtube/search-page-1.json'), 'utf8'));
    search.items[1].snippet.publishedAt = '';
    const comments = JSON.parse(await readFile(path.join(FIXTURES_DIR, `youtube/comments-${VIDEO}-page-2.json`), 'utf8'));
    comments.items[0].snippet.topLevelComment.snippet.publishedAt = 'yesterday';
    const { posts, lines } = await fetchYt({
      ...FIRST_SCAN,
      [SEARCH]: { body: JSON.stringify(search) },
      [`${THREADS}?videoId=${VIDEO}&pageToken=QURTSl9fixturePage2`]: { body: JSON.stringify(comments) },
    });
    expect(posts.map((p) => p.id)).not.toContain('Hx7_Yb2Kd9s');
    expect(posts.map((p) => p.id)).toContain(VIDEO);
    expect(lines).toEqual([
      'warning: youtube "yt": skipped a search result without videoId/publishedAt',
      'warning: youtube "yt": skipped a comment thread without id/publishedAt',
    ]);
  });
});

describe('youtubeSource: comment pages and warnings (B7)', () => {
  it('warns when a video has more new comments than the comment page cap', async () => {
    const page2 = JSON.parse(await readFile(path.join(FIXTURES_DIR, `youtube/comments-${VIDEO}-page-2.json`), 'utf8'));
    page2.nextPageToken = 'QURTSl9fixturePage3';
    const { lines } = await fetchYt({ ...FIRST_SCAN, [`${THREADS}?videoId=${VIDEO}&pageToken=QURTSl9fixturePage2`]: { body: JSON.stringify(page2) } });
    expect(lines).toEqual([
      `warning: youtube "yt": video ${VIDEO} has more than 2 pages of new comments; older ones were not read (scan more often)`,
    ]);
  });

  it('keeps the key out of a warning that quotes the server', async () => {
    const said = { error: { code: 403, message: `Forbidden for key=${KEY}`, errors: [{ reason: 'forbidden', message: `key=${KEY}` }] } };
    const { lines } = await fetchYt({ ...FIRST_SCAN, [`${THREADS}?videoId=${VIDEO}`]: { status: 403, body: JSON.stringify(said) } });
    expect(lines.some((l) => l.includes(`stopped following comments on video ${VIDEO}`))).toBe(true);
    expect(lines.join('\n')).not.toContain(KEY);
  });
});
