import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GithubSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import { createHttpClient, HttpStatusError, type HttpClient } from '../../src/http/client.js';
import { withDeadline } from '../../src/http/deadline.js';
import { githubSource } from '../../src/sources/github.js';
import type { Cursor } from '../../src/types.js';
import { createScanDb, type ScanDb } from '../helpers/scan-db.js';
import { FIXTURES_DIR, serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type GhConfig = GithubSourceConfig & { name: string };

const SEARCH = '/search/issues';
const COMMENTS_212 = '/repos/octo-grocer/basket-sync/issues/212/comments';
const NOW = new Date('2026-03-03T00:00:00Z');
const FIRST_ISSUES = 'ocado is:issue created:>=2026-02-24T00:00:00Z';
const FIRST_PRS = 'ocado is:pr created:>=2026-02-24T00:00:00Z';
/** The newest item (the PR at 14:25) minus the ten-minute index lag. */
const SECOND_ISSUES = 'ocado is:issue created:>=2026-03-02T14:15:00Z';
const SECOND_PRS = 'ocado is:pr created:>=2026-03-02T14:15:00Z';
const CURSOR_AFTER_FIRST_SCAN = {
  issues: {
    newest: '2026-03-02T14:25:00.000Z',
    recent: { '3988120213': '2026-03-02T14:25:00Z', '3988120212': '2026-03-02T14:20:00Z' },
  },
};
const TOKEN = 'ghp_fixtureToken0000000000000000000001';

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

function ghConfig(baseUrl: string, overrides: Partial<GhConfig> = {}): GhConfig {
  return { type: 'github', name: 'gh', channel: 'forum', baseUrl, maxPages: 2, maxCommentThreads: 5, query: 'ocado', ...overrides };
}

async function fetchGh(
  routes: Routes,
  input: { cursor?: Cursor | null; config?: Partial<GhConfig>; terms?: string[]; now?: Date; apiPath?: string } = {},
) {
  const { url } = await serve(routes);
  const ctx = makeSourceContext({
    config: ghConfig(`${url}${input.apiPath ?? ''}`, input.config),
    http,
    cursor: input.cursor ?? null,
    terms: input.terms,
    now: input.now ?? NOW,
  });
  return { ...(await githubSource.fetch(ctx)), lines: ctx.lines };
}

async function fixture(name: string): Promise<{ items: Record<string, unknown>[]; [key: string]: unknown }> {
  return JSON.parse(await readFile(path.join(FIXTURES_DIR, 'github', name), 'utf8'));
}

async function fetchError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

const NEXT_PAGE = { link: '<https://api.github.com/search/issues?q=ocado&page=2>; rel="next", <https://api.github.com/search/issues?q=ocado&page=2>; rel="last"' };
const RATE_HEADERS = { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': '1772496060', 'x-ratelimit-resource': 'search' };

const FIRST_SCAN: Routes = {
  [`${SEARCH}?q=${FIRST_ISSUES}&page=1`]: { file: 'github/search-issues-page-1.json', headers: { ...NEXT_PAGE, ...RATE_HEADERS } },
  [`${SEARCH}?q=${FIRST_ISSUES}&page=2`]: { file: 'github/search-issues-page-2.json', headers: RATE_HEADERS },
  [`${SEARCH}?q=${FIRST_PRS}`]: { file: 'github/search-prs.json', headers: RATE_HEADERS },
  [COMMENTS_212]: { file: 'github/issue-212-comments.json' },
};

describe('githubSource: GitHub Enterprise', () => {
  it('reads comments under a baseUrl with a path (/api/v3), as the repository_url has it', async () => {
    const ghe = async (name: string) => {
      const page = await fixture(name);
      for (const item of page.items) item['repository_url'] = String(item['repository_url']).replace('https://api.github.com/', 'https://ghe.example/api/v3/');
      return { body: JSON.stringify(page), headers: RATE_HEADERS };
    };
    const { posts, lines } = await fetchGh(
      {
        [`/api/v3${SEARCH}?q=${FIRST_ISSUES}`]: await ghe('search-issues-page-1.json'),
        [`/api/v3${SEARCH}?q=${FIRST_PRS}`]: await ghe('search-prs.json'),
        [`/api/v3${COMMENTS_212}`]: { file: 'github/issue-212-comments.json' },
      },
      { apiPath: '/api/v3' },
    );
    expect(lines).toEqual([]);
    expect(server!.requests.map((r) => r.path)).toContain(`/api/v3${COMMENTS_212}`);
    expect(posts.length).toBeGreaterThan(0);
  });
});

describe('githubSource: repository paths', () => {
  it('reads comments of an owner called "repos", and skips with a warning an issue whose repository_url has no /repos/', async () => {
    const page = await fixture('search-issues-page-1.json');
    const [first, second] = page.items;
    first!['repository_url'] = 'https://api.github.com/repos/repos/basket-sync';
    second!['repository_url'] = 'https://api.github.com/octo-grocer/basket-sync';
    second!['comments'] = 3;
    const { posts, lines } = await fetchGh({
      [`${SEARCH}?q=${FIRST_ISSUES}`]: { body: JSON.stringify(page), headers: RATE_HEADERS },
      [`${SEARCH}?q=${FIRST_PRS}`]: { file: 'github/search-prs.json', headers: RATE_HEADERS },
      [`/repos/repos/basket-sync/issues/${String(first!['number'])}/comments`]: { file: 'github/issue-212-comments.json' },
    });
    expect(server!.requests.map((r) => r.path)).toContain(`/repos/repos/basket-sync/issues/${String(first!['number'])}/comments`);
    expect(lines).toEqual([expect.stringMatching(/^warning: github "gh": skipped the comments of \S+: its repository_url has no \/repos\/ path$/)]);
    expect(posts.length).toBeGreaterThan(page.items.length);
  });
});

describe('githubSource: first scan', () => {
  it('pages through issues, then pull requests, then reads comments of new issues', async () => {
    const { posts } = await fetchGh(FIRST_SCAN);
    expect(posts.map((p) => p.id)).toEqual([
      '3988120212',
      '3988000077',
      '3987000005',
      '3988120213',
      'comment:4012000001',
      'comment:4012000002',
    ]);
    expect(posts[0]).toEqual({
      source: 'gh',
      id: '3988120212',
      channel: 'forum',
      createdAt: '2026-03-02T14:20:00.000Z',
      text:
        'Ocado export drops items with a quantity over 9\n' +
        'Importing my **Ocado** order history:\n\n- 12 × oat milk shows up as 1\n- `qty` is parsed with `/\\d/`',
      title: 'Ocado export drops items with a quantity over 9',
      url: 'https://github.com/octo-grocer/basket-sync/issues/212',
      author: 'mira-dev',
      engagement: 5,
      replyTo: null,
    });
    expect(posts[1]).toMatchObject({ text: 'Add an Ocado connector', engagement: 0 });
    expect(posts[3]).toMatchObject({ url: 'https://github.com/octo-grocer/basket-sync/pull/213', text: 'Parse Ocado quantities with more than one digit\nFixes #212.' });
    expect(posts[4]).toEqual({
      source: 'gh',
      id: 'comment:4012000001',
      channel: 'forum',
      createdAt: '2026-03-02T15:10:00.000Z',
      text: "Same here, Ocado's CSV puts the quantity in column 4.",
      title: 'Ocado export drops items with a quantity over 9',
      url: 'https://github.com/octo-grocer/basket-sync/issues/212#issuecomment-4012000001',
      author: 'sam-t',
      engagement: 1,
      replyTo: '3988120212',
    });
  });

  it('sends the documented parameters and headers', async () => {
    await fetchGh(FIRST_SCAN);
    const searches = server!.requests.filter((r) => r.path === SEARCH);
    expect(searches.map((r) => r.query)).toEqual([
      { q: FIRST_ISSUES, sort: 'created', order: 'desc', per_page: '100', page: '1', advanced_search: 'true' },
      { q: FIRST_ISSUES, sort: 'created', order: 'desc', per_page: '100', page: '2', advanced_search: 'true' },
      { q: FIRST_PRS, sort: 'created', order: 'desc', per_page: '100', page: '1', advanced_search: 'true' },
    ]);
    expect(searches[0]?.headers).toMatchObject({ accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
    expect(searches[0]?.headers['authorization']).toBeUndefined();
    expect(server!.requests.filter((r) => r.path === COMMENTS_212).map((r) => r.query)).toEqual([{ per_page: '100' }]);
  });

  it('remembers the newest item and the ids inside the index lag', async () => {
    const { cursor } = await fetchGh(FIRST_SCAN);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('ORs brand terms into one query per kind', async () => {
    const empty = JSON.stringify({ total_count: 0, incomplete_results: false, items: [] });
    await fetchGh({ [SEARCH]: { body: empty } }, { config: { query: undefined }, terms: ['Ocado', 'Ocado Retail', 'OCADO'] });
    expect(server!.requests.map((r) => r.query['q'])).toEqual([
      '(Ocado OR "Ocado Retail") in:title,body is:issue created:>=2026-02-24T00:00:00Z',
      '(Ocado OR "Ocado Retail") in:title,body is:pr created:>=2026-02-24T00:00:00Z',
    ]);
  });

  it('stops at maxPages and says older issues were not read', async () => {
    const { posts, lines } = await fetchGh(FIRST_SCAN, { config: { maxPages: 1, maxCommentThreads: 0 } });
    expect(posts.map((p) => p.id)).toEqual(['3988120212', '3988000077', '3988120213']);
    expect(lines).toEqual([
      `warning: github "gh": "${FIRST_ISSUES}" has 3 results but only 1 pages were read (raise maxPages or scan more often)`,
    ]);
  });

  it('reads comments of at most maxCommentThreads issues', async () => {
    const { posts } = await fetchGh(FIRST_SCAN, { config: { maxCommentThreads: 0 } });
    expect(posts.some((p) => p.id.startsWith('comment:'))).toBe(false);
    expect(server!.requests.some((r) => r.path === COMMENTS_212)).toBe(false);
  });

  it('keeps the issues when their comments cannot be read', async () => {
    const { [COMMENTS_212]: _, ...routes } = FIRST_SCAN;
    const { posts, lines } = await fetchGh(routes);
    expect(posts).toHaveLength(4);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: github "gh": skipped the comments of https:\/\/github\.com\/octo-grocer\/basket-sync\/issues\/212: HTTP 404 from 127\.0\.0\.1:\d+\/repos\/octo-grocer\/basket-sync\/issues\/212\/comments$/,
      ),
    ]);
  });
});

describe('githubSource: incremental scans', () => {
  const SECOND_SCAN: Routes = {
    [`${SEARCH}?q=${SECOND_ISSUES}`]: { file: 'github/search-issues-second-scan.json' },
    [`${SEARCH}?q=${SECOND_PRS}`]: { file: 'github/search-prs.json' },
  };

  it('asks from the newest item minus the index lag and returns only new items', async () => {
    const { posts, cursor } = await fetchGh(SECOND_SCAN, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(posts.map((p) => p.id)).toEqual(['3988300081']);
    expect(server!.requests.some((r) => r.path === COMMENTS_212)).toBe(false);
    expect(cursor).toEqual({ issues: { newest: '2026-03-02T20:10:00.000Z', recent: { '3988300081': '2026-03-02T20:10:00Z' } } });
  });

  it('stores nothing twice across scans', async () => {
    const { url } = await serve({ ...FIRST_SCAN, ...SECOND_SCAN, [SEARCH]: { body: JSON.stringify({ total_count: 0, items: [] }) } });
    scanDb = createScanDb();
    const yaml = `brands:\n  - name: Ocado\nsources:\n  - type: github\n    name: gh\n    query: ocado\n    baseUrl: ${url}\n`;
    const scanAt = (now: string) => scanDb!.run({ yaml, http: http!, now: new Date(now) });
    expect((await scanAt('2026-03-03T00:00:00Z')).result).toMatchObject({ fetched: 6, newPosts: 6, failures: [] });
    expect((await scanAt('2026-03-03T00:15:00Z')).result).toMatchObject({ fetched: 1, newPosts: 1, failures: [] });
    expect((await scanAt('2026-03-03T00:30:00Z')).result).toMatchObject({ fetched: 0, newPosts: 0, failures: [] });
    expect(new Set(scanDb.postIds()).size).toBe(7);
  });
});

describe('githubSource: rate limits and errors', () => {
  it('stops searching when x-ratelimit-remaining reaches 0 and waits for the reset', async () => {
    const spent = { ...RATE_HEADERS, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1772496060' };
    const first = await fetchGh({ ...FIRST_SCAN, [`${SEARCH}?q=${FIRST_ISSUES}&page=1`]: { file: 'github/search-issues-page-1.json', headers: { ...NEXT_PAGE, ...spent } } });
    expect(server!.requests.filter((r) => r.path === SEARCH)).toHaveLength(1);
    expect(first.cursor).toMatchObject({ rateLimitedUntil: '2026-03-03T00:01:00.000Z' });
    expect(first.lines).toEqual([
      'warning: github "gh": search rate limit used up until 2026-03-03T00:01:00.000Z; the rest waits for a later scan',
    ]);
    await restart();

    const during = await fetchGh(FIRST_SCAN, { cursor: first.cursor, now: new Date('2026-03-03T00:00:30Z') });
    expect(during).toMatchObject({ posts: [], cursor: first.cursor });
    expect(server!.requests).toHaveLength(0);
    expect(during.lines).toEqual(['github "gh": search rate limit used up until 2026-03-03T00:01:00.000Z; skipped this scan']);
  });

  it('keeps the window when the rate limit stops a scan before the pull requests (B1)', async () => {
    const spent = { ...RATE_HEADERS, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1772496060' };
    const first = await fetchGh(
      { [`${SEARCH}?q=${SECOND_ISSUES}`]: { file: 'github/search-issues-second-scan.json', headers: spent } },
      { cursor: CURSOR_AFTER_FIRST_SCAN },
    );
    expect(first.posts.map((p) => p.id)).toEqual(['3988300081']);
    expect(first.cursor).toEqual({ ...CURSOR_AFTER_FIRST_SCAN, rateLimitedUntil: '2026-03-03T00:01:00.000Z' });
    await restart();

    const empty = JSON.stringify({ total_count: 0, items: [] });
    await fetchGh({ [SEARCH]: { body: empty } }, { cursor: first.cursor, now: new Date('2026-03-03T00:02:00Z') });
    expect(server!.requests.map((r) => r.query['q'])).toEqual([SECOND_ISSUES, SECOND_PRS]);
  });

  it('explains a 403 rate-limit answer', async () => {
    const err = await fetchError(
      fetchGh({ [SEARCH]: { status: 403, file: 'github/rate-limited.json', headers: { ...RATE_HEADERS, 'x-ratelimit-remaining': '0' } } }),
    );
    expect(err.message).toMatch(
      /^github "gh": HTTP 403 from 127\.0\.0\.1:\d+\/search\/issues \(API rate limit exceeded for 127\.0\.0\.1\. .+\): rate limit used up until 2026-03-03T00:01:00\.000Z \(a token raises searches from 10 to 30 a minute\)$/,
    );
  });

  it('retries a 502 and a 429 with Retry-After, then reads the results', async () => {
    const { posts } = await fetchGh(
      {
        [`${SEARCH}?q=${FIRST_ISSUES}`]: [
          { status: 502, body: 'Bad gateway' },
          { status: 429, headers: { 'retry-after': '0' }, file: 'github/rate-limited.json' },
          { file: 'github/search-issues-page-2.json' },
        ],
        [`${SEARCH}?q=${FIRST_PRS}`]: { file: 'github/search-prs.json' },
      },
      { config: { maxCommentThreads: 0 } },
    );
    expect(posts.map((p) => p.id)).toEqual(['3987000005', '3988120213']);
    expect(server!.requests).toHaveLength(4);
  });

  it('reports an HTML page and JSON of the wrong shape', async () => {
    const html = await fetchError(fetchGh({ [SEARCH]: { file: 'feed/block-page.html' } }));
    expect(html.message).toMatch(/^github "gh": expected JSON from the GitHub search API, got an HTML page/);
    await restart();
    const shape = await fetchError(fetchGh({ [SEARCH]: { body: '{"message":"Validation Failed"}' } }));
    expect(shape.message).toBe('github "gh": response is not a GitHub search result (no total_count/items)');
  });

  it('skips a malformed item with a warning', async () => {
    const page = await fixture('search-prs.json');
    page.items.push({ title: 'no id' });
    const { posts, lines } = await fetchGh({ [SEARCH]: { body: JSON.stringify(page) } }, { config: { maxCommentThreads: 0 } });
    expect(posts.map((p) => p.id)).toEqual(['3988120213']);
    expect(lines).toEqual([
      'warning: github "gh": skipped a search item without id/html_url/created_at',
      'warning: github "gh": skipped a search item without id/html_url/created_at',
    ]);
  });

  it('sends the token as a bearer token and keeps it out of errors, logs, cursors and the database', async () => {
    const { url } = await serve({
      ...FIRST_SCAN,
      [`${SEARCH}?q=${FIRST_PRS}`]: { status: 401, body: '{"message":"Bad credentials"}' },
    });
    scanDb = createScanDb();
    const yaml = ['brands:', '  - name: Ocado', 'sources:', '  - type: github', '    name: gh', '    query: ocado', '    token: ${GH_TOKEN}', `    baseUrl: ${url}`, ''].join('\n');
    const run = await scanDb.run({ yaml, env: { GH_TOKEN: TOKEN }, http: http!, now: NOW });
    expect(server!.requests.map((r) => r.headers['authorization'])).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(run.result.failures).toEqual([{ source: 'gh', error: expect.stringMatching(/HTTP 401 from 127\.0\.0\.1:\d+\/search\/issues \(Bad credentials\): check the token$/) }]);
    expect(JSON.stringify(run)).not.toContain(TOKEN);
    expect(scanDb.dump()).not.toContain(TOKEN);

    await restart();
    const ok = await fetchGh(FIRST_SCAN, { config: { token: TOKEN } });
    expect(ok.posts).toHaveLength(6);
    expect(JSON.stringify(ok)).not.toContain(TOKEN);
  });
});

describe('githubSource: bad dates (B2)', () => {
  it('skips an issue or comment whose created_at is not a date and keeps the rest', async () => {
    const page = await fixture('search-prs.json');
    page.items.push({ ...page.items[0], id: 1, created_at: '' });
    const comments = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'github/issue-212-comments.json'), 'utf8'));
    comments[0].created_at = 'yesterday';
    const { posts, lines } = await fetchGh({ ...FIRST_SCAN, [`${SEARCH}?q=${FIRST_PRS}`]: { body: JSON.stringify(page) }, [COMMENTS_212]: { body: JSON.stringify(comments) } });
    expect(posts.map((p) => p.id)).toEqual(['3988120212', '3988000077', '3987000005', '3988120213', 'comment:4012000002']);
    expect(lines).toEqual([
      'warning: github "gh": skipped a search item without id/html_url/created_at',
      'warning: github "gh": skipped a comment without id/created_at',
    ]);
  });
});

describe('githubSource: comment failures (B4)', () => {
  /** The PR search answers with the API limit used up until an hour from the real clock. */
  const spentForAnHour = (): Routes => ({
    ...FIRST_SCAN,
    [`${SEARCH}?q=${FIRST_PRS}`]: {
      file: 'github/search-prs.json',
      headers: { ...RATE_HEADERS, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
    },
  });

  it('fails instead of swallowing the client’s "rate limited; retry after" for comments', async () => {
    const err = await fetchError(fetchGh(spentForAnHour()));
    expect(err).not.toBeInstanceOf(HttpStatusError);
    expect(err.message).toMatch(/^github "gh": 127\.0\.0\.1:\d+\/repos\/octo-grocer\/basket-sync\/issues\/212\/comments: rate limited; retry after /);
  });

  it('fails instead of swallowing the scan deadline while reading comments', async () => {
    const { url } = await serve(spentForAnHour());
    const patient = withDeadline(createHttpClient({ retries: 0, maxRetryAfterMs: 24 * 60 * 60 * 1000 }), 60_000);
    try {
      const ctx = makeSourceContext({ config: ghConfig(url), http: patient, now: NOW });
      const err = await fetchError(githubSource.fetch(ctx));
      expect(err.message).toMatch(/^github "gh": scan deadline \(60 s\) reached waiting \d+ s for 127\.0\.0\.1:\d+/);
    } finally {
      await patient.close();
    }
  });

  it('keeps the issues with a warning when the comments body is malformed', async () => {
    const { posts, lines } = await fetchGh({ ...FIRST_SCAN, [COMMENTS_212]: { body: '[{"id": 40120', headers: { 'content-type': 'application/json' } } });
    expect(posts).toHaveLength(4);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: github "gh": skipped the comments of https:\/\/github\.com\/octo-grocer\/basket-sync\/issues\/212: expected JSON from the GitHub issue comments API, got invalid JSON/,
      ),
    ]);
  });
});

describe('githubSource: secrets in warnings (B7)', () => {
  it('keeps the token out of a warning that quotes the server', async () => {
    const { lines } = await fetchGh(
      { ...FIRST_SCAN, [COMMENTS_212]: { status: 404, body: JSON.stringify({ message: `Not Found for ${TOKEN}` }) } },
      { config: { token: TOKEN } },
    );
    expect(lines).toEqual([expect.stringMatching(/^warning: github "gh": skipped the comments of .*\(Not Found for \[redacted\]\)$/)]);
  });
});
