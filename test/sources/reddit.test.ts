import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RedditSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import { withDeadline } from '../../src/http/deadline.js';
import { redditSource } from '../../src/sources/reddit.js';
import type { Cursor } from '../../src/types.js';
import { FIXTURES_DIR, serveFixtures, type FixtureResponse, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { makeSourceContext } from '../helpers/source-context.js';

type RedditConfig = RedditSourceConfig & { name: string };

const MULTI = '/r/ocado+grocery/new/.rss';
const SEARCH = '/search.rss';
const CLIENT_ID = 'fixture-client-id';
const CLIENT_SECRET = 'fixture-client-secret-8d2f';
const ACCESS_TOKEN = (JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'reddit/token.json'), 'utf8')) as { access_token: string }).access_token;

/** What Reddit sends with every feed; the window here has already reset (0 s). */
const FEED_HEADERS = {
  'content-type': 'application/atom+xml; charset=UTF-8',
  'x-ratelimit-used': '1',
  'x-ratelimit-remaining': '0.0',
  'x-ratelimit-reset': '0',
  'cache-control': 'private, max-age=3600',
};
const feed = (file: string): FixtureResponse => ({ file: `reddit/${file}`, headers: FEED_HEADERS });

const FIRST_SCAN: Routes = { [MULTI]: feed('new-feed.xml'), [SEARCH]: feed('search-feed.xml') };
const CURSOR_AFTER_FIRST_SCAN = {
  newest: '2026-03-02T14:25:11.000Z',
  seen: ['t3_1x9a1bc', 't3_1x98zzq', 't3_1x96yyp', 't3_1x97kkm'],
  streams: {
    '/r/ocado+grocery/new/.rss?limit=100': '2026-03-02T14:25:11.000Z',
    '/search.rss?q=Ocado&sort=new&limit=100': '2026-03-02T14:25:11.000Z',
  },
};

let server: FixtureServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = server = undefined;
});

function redditConfig(baseUrl: string, overrides: Partial<RedditConfig> = {}): RedditConfig {
  return {
    type: 'reddit',
    name: 'reddit',
    channel: 'forum',
    baseUrl,
    apiBaseUrl: baseUrl,
    subreddits: ['r/ocado', 'grocery'],
    maxPages: 10,
    ...overrides,
  };
}

async function scan(routes: Routes, input: { cursor?: Cursor | null; config?: Partial<RedditConfig>; terms?: string[] } = {}) {
  server = await serveFixtures(routes);
  // Reddit's one-request-a-minute spacing, shrunk so the limiter's path still runs.
  http = createHttpClient({ retries: 2, minRetryMs: 5, minIntervalMs: { '127.0.0.1': 5 } });
  const ctx = makeSourceContext({ config: redditConfig(server.url, input.config), http, cursor: input.cursor ?? null, terms: input.terms });
  return { ...(await redditSource.fetch(ctx)), lines: ctx.lines };
}

async function scanError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  expect((err as Error).message).not.toContain(CLIENT_SECRET);
  expect((err as Error).message).not.toContain(ACCESS_TOKEN);
  return err as SourceError;
}

describe('redditSource: keyless Atom feeds', () => {
  it('reads the subreddits as one multireddit feed and the brand terms as one search feed', async () => {
    const { posts } = await scan(FIRST_SCAN);
    expect(server!.requests.map((r) => [r.path, r.query])).toEqual([
      [MULTI, { limit: '100' }],
      [SEARCH, { q: 'Ocado', sort: 'new', limit: '100' }],
    ]);
    expect(server!.requests[0]!.headers['accept']).toMatch(/^application\/atom\+xml/);
    expect(posts.map((p) => p.id)).toEqual(['t3_1x9a1bc', 't3_1x98zzq', 't3_1x96yyp', 't3_1x97kkm']);
  });

  it('maps a self post to its title and text, and a link post to its title and link', async () => {
    const { posts } = await scan(FIRST_SCAN);
    expect(posts[0]).toEqual({
      source: 'reddit',
      id: 't3_1x9a1bc',
      channel: 'forum',
      createdAt: '2026-03-02T14:25:11.000Z',
      text:
        'Ocado substitutions getting worse?\n' +
        'Last three Ocado orders had at least four substitutions each. Oat milk became chocolate oat milk & the kids were thrilled, I was not.',
      title: 'Ocado substitutions getting worse?',
      url: 'https://www.reddit.com/r/grocery/comments/1x9a1bc/ocado_substitutions_getting_worse/',
      author: 'basket_case_uk',
    });
    expect(posts[1]).toMatchObject({
      text: 'Ocado opens new warehouse in Luton\nhttps://news.example.co.uk/business/ocado-luton',
      author: 'logistics_nerd',
    });
    expect(posts[2]!.text).toBe(
      'Delivered to the wrong house\nDriver left six bags at number 14 instead of 41. Neighbours kept the wine.\nSupport refunded it within the hour though.',
    );
  });

  it('remembers the newest time and the ids it has seen', async () => {
    const { cursor } = await scan(FIRST_SCAN);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('joins several brand terms into one OR search, and skips the multireddit without subreddits', async () => {
    await scan({ [SEARCH]: feed('search-feed.xml') }, { config: { subreddits: [] }, terms: ['Ocado', 'Ocado Retail', 'ocado'] });
    expect(server!.requests.map((r) => [r.path, r.query['q']])).toEqual([[SEARCH, 'Ocado OR "Ocado Retail"']]);
  });

  it('returns only entries not seen before on the next scan', async () => {
    const { posts, cursor } = await scan(
      { [MULTI]: feed('new-feed-second.xml'), [SEARCH]: feed('search-feed.xml') },
      { cursor: CURSOR_AFTER_FIRST_SCAN },
    );
    expect(posts.map((p) => p.id)).toEqual(['t3_1x9c3de']);
    expect(cursor).toEqual({
      newest: '2026-03-02T18:05:00.000Z',
      seen: ['t3_1x98zzq', 't3_1x96yyp', 't3_1x9c3de', 't3_1x9a1bc', 't3_1x97kkm'],
      streams: {
        '/r/ocado+grocery/new/.rss?limit=100': '2026-03-02T18:05:00.000Z',
        '/search.rss?q=Ocado&sort=new&limit=100': '2026-03-02T14:25:11.000Z',
      },
    });
  });

  it('keeps the streams read before the deadline, and reads the one left over first on the next scan', async () => {
    // reddit.com's minute between requests, shrunk to 400 ms, with a deadline that leaves time for one.
    const twoStreams = async (cursor: Cursor | null) => {
      await server?.close();
      await http?.close();
      server = await serveFixtures(FIRST_SCAN);
      http = withDeadline(createHttpClient({ retries: 0, minIntervalMs: { '127.0.0.1': 400 } }), 300);
      const ctx = makeSourceContext({ config: redditConfig(server.url), http, cursor });
      return { ...(await redditSource.fetch(ctx)), lines: ctx.lines };
    };
    const first = await twoStreams(null);
    expect(first.posts.map((p) => p.id)).toEqual(['t3_1x9a1bc', 't3_1x98zzq', 't3_1x96yyp']);
    expect(first.lines).toEqual([expect.stringMatching(/^warning: reddit "reddit": search left for the next scan: scan deadline \(0\.3 s\) reached waiting 1 s for 127\.0\.0\.1:\d+/)]);
    expect(first.cursor!['streams']).toEqual({ '/r/ocado+grocery/new/.rss?limit=100': '2026-03-02T14:25:11.000Z' });

    const second = await twoStreams(first.cursor);
    expect(server!.requests.map((r) => r.path)).toEqual([SEARCH]);
    expect(second.posts.map((p) => p.id)).toEqual(['t3_1x97kkm']);

    // The streams take turns, even when one of them has nothing new.
    const third = await twoStreams(second.cursor);
    expect(server!.requests.map((r) => r.path)).toEqual([MULTI]);
    expect(third.posts).toEqual([]);
    await twoStreams(third.cursor);
    expect(server!.requests.map((r) => r.path)).toEqual([SEARCH]);
  });

  it('warns when a whole page is new since the last scan, so some entries may have scrolled past', async () => {
    const entries = Array.from({ length: 100 }, (_, i) => {
      const at = new Date(Date.parse('2026-03-02T20:00:00Z') - i * 60_000).toISOString().replace('.000Z', '+00:00');
      return `<entry><author><name>/u/poster${i}</name></author><id>t3_gap${i}</id><link href="https://www.reddit.com/r/ocado/comments/gap${i}/x/" /><published>${at}</published><updated>${at}</updated><title>Ocado post ${i}</title></entry>`;
    });
    const body = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>newest submissions : ocado+grocery</title>${entries.join('')}</feed>`;
    const { posts, lines } = await scan({ [MULTI]: { body, headers: FEED_HEADERS }, [SEARCH]: feed('search-feed.xml') }, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(posts).toHaveLength(100);
    expect(lines).toEqual([
      'warning: reddit "reddit": r/ocado+grocery: every entry is new since the last scan; older ones may have been missed (scan more often)',
    ]);
  });

  it('fails when there is nothing to read', async () => {
    const err = await scanError(scan({}, { config: { subreddits: [] }, terms: [] }));
    expect(err.message).toBe('reddit "reddit": no subreddits, no query and no brand terms to search for');
  });

  it('waits out a 429 with Retry-After, then reads the feed', async () => {
    const { posts } = await scan({
      ...FIRST_SCAN,
      [MULTI]: [{ status: 429, body: 'Too Many Requests', headers: { ...FEED_HEADERS, 'retry-after': '0', 'content-type': 'text/plain' } }, feed('new-feed.xml')],
    });
    expect(posts).toHaveLength(4);
    expect(server!.requests.map((r) => r.path)).toEqual([MULTI, MULTI, SEARCH]);
  });

  it('asks no more once the rate window is spent, and says when to come back', async () => {
    const spent = { ...FEED_HEADERS, 'x-ratelimit-reset': '3600' };
    const err = await scanError(scan({ [MULTI]: { file: 'reddit/new-feed.xml', headers: spent }, [SEARCH]: feed('search-feed.xml') }));
    expect(err.message).toMatch(/^reddit "reddit": 127\.0\.0\.1:\d+\/search\.rss: rate limited; retry after .+ \(in 3600 s\)$/);
    expect(server!.requests).toHaveLength(1);
  });

  it('retries a 500, then reads the feed', async () => {
    const { posts } = await scan({ ...FIRST_SCAN, [MULTI]: [{ status: 500 }, feed('new-feed.xml')] });
    expect(posts).toHaveLength(4);
  });

  it("explains Reddit's 403 block page", async () => {
    const err = await scanError(scan({ [MULTI]: { status: 403, file: 'reddit/block-page.html', headers: { server: 'snooserv' } } }));
    expect(err.message).toMatch(
      /^reddit "reddit": HTTP 403 from 127\.0\.0\.1:\d+\/r\/ocado\+grocery\/new\/\.rss \(Blocked\): Reddit's block page; it refuses clients it does not trust without OAuth: wait, or set clientId and clientSecret$/,
    );
  });

  it('reports an HTML page served with 200 instead of a feed', async () => {
    const err = await scanError(scan({ [MULTI]: { file: 'reddit/block-page.html' } }));
    expect(err.message).toBe('reddit "reddit": expected an Atom feed, got an HTML page ("Blocked") (blocked by Reddit?)');
  });

  it('reports a feed cut off mid-way', async () => {
    const whole = readFileSync(path.join(FIXTURES_DIR, 'reddit/new-feed.xml'), 'utf8');
    const err = await scanError(scan({ [MULTI]: { body: whole.slice(0, 2500), headers: FEED_HEADERS } }));
    expect(err.message).toBe('reddit "reddit": expected an Atom feed, got one cut off before its end');
  });

  it('reports invalid XML', async () => {
    const broken = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>t3_1</id><title a="x>t</title></entry></feed>';
    const err = await scanError(scan({ [MULTI]: { body: broken, headers: FEED_HEADERS } }));
    expect(err.message).toMatch(/^reddit "reddit": expected an Atom feed, got invalid XML \(/);
  });
});

describe('redditSource: OAuth API', () => {
  const TOKEN = '/api/v1/access_token';
  const NEW = '/r/ocado+grocery/new';
  const COMMENTS = '/r/ocado+grocery/comments';
  const API_SEARCH = '/search';
  const API_HEADERS = { 'x-ratelimit-used': '4', 'x-ratelimit-remaining': '96.0', 'x-ratelimit-reset': '412' };
  const api = (file: string): FixtureResponse => ({ file: `reddit/${file}`, headers: API_HEADERS });
  const OAUTH = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
  const FIRST: Routes = {
    [TOKEN]: { file: 'reddit/token.json' },
    [NEW]: api('api-new-page-1.json'),
    [`${NEW}?after=t3_1x98zzq`]: api('api-new-page-2.json'),
    [COMMENTS]: api('api-comments.json'),
    [API_SEARCH]: api('api-search.json'),
  };

  it('gets an app-only token, then reads new posts, new comments and the search', async () => {
    const { posts } = await scan(FIRST, { config: OAUTH });
    const [token, ...calls] = server!.requests;
    expect(token).toMatchObject({ method: 'POST', path: TOKEN });
    expect(token!.headers['authorization']).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(calls.map((r) => [r.path, r.query])).toEqual([
      [NEW, { limit: '100', raw_json: '1' }],
      [COMMENTS, { limit: '100', raw_json: '1' }],
      [API_SEARCH, { q: 'Ocado', sort: 'new', type: 'link', limit: '100', raw_json: '1' }],
    ]);
    expect(calls.every((r) => r.headers['authorization'] === `bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(posts.map((p) => p.id)).toEqual(['t3_1x9a1bc', 't3_1x98zzq', 't1_oq7dd3m', 't1_oq7d9kx', 't3_1x97kkm']);
  });

  it('maps posts with their score and comments with what they reply to', async () => {
    const { posts } = await scan(FIRST, { config: OAUTH });
    expect(posts[1]).toEqual({
      source: 'reddit',
      id: 't3_1x98zzq',
      channel: 'forum',
      createdAt: '2026-03-02T13:25:02.000Z',
      text: 'Ocado opens new warehouse in Luton\nhttps://news.example.co.uk/business/ocado-luton',
      title: 'Ocado opens new warehouse in Luton',
      url: `${server!.url}/r/ocado/comments/1x98zzq/ocado_opens_new_warehouse_in_luton/`,
      author: 'logistics_nerd',
      engagement: 31,
      replyTo: null,
    });
    expect(posts[2]).toMatchObject({
      id: 't1_oq7dd3m',
      text: "Where is that setting? Can't find it anywhere.",
      title: 'Ocado substitutions getting worse?',
      author: null,
      replyTo: 't1_oq7d9kx',
    });
  });

  it('pages with after until it reaches the last scan', async () => {
    const cursor = { newest: '2026-03-02T11:00:00.000Z', seen: [] };
    const { posts } = await scan(FIRST, { config: OAUTH, cursor });
    expect(server!.requests.filter((r) => r.path === NEW).map((r) => r.query['after'])).toEqual([undefined, 't3_1x98zzq']);
    expect(posts.map((p) => p.id)).toContain('t3_1x96yyp');
  });

  it('stores nothing twice: the next scan stops at a post it has seen', async () => {
    const first = await scan(FIRST, { config: OAUTH });
    await server!.close();
    const { posts } = await scan(
      {
        [TOKEN]: { file: 'reddit/token.json' },
        [NEW]: api('api-new-second.json'),
        [COMMENTS]: api('api-comments.json'),
        [API_SEARCH]: api('api-search.json'),
      },
      { config: OAUTH, cursor: first.cursor },
    );
    expect(server!.requests.filter((r) => r.path === NEW)).toHaveLength(1);
    expect(posts.map((p) => p.id)).toEqual(['t3_1x9c3de']);
  });

  it('pages each listing down to its own last post: a lagging search is not cut short by the others', async () => {
    const SEARCH_PATH = '/search?q=Ocado&sort=new&type=link&';
    const cursor = {
      newest: '2026-03-02T14:40:18.000Z',
      seen: ['t3_1x9a1bc', 't1_oq7dd3m', 't1_oq7d9kx'],
      streams: {
        '/r/ocado+grocery/new?': '2026-03-02T14:25:11.000Z',
        '/r/ocado+grocery/comments?': '2026-03-02T14:40:18.000Z',
        [SEARCH_PATH]: '2026-03-02T11:00:00.000Z',
      },
    };
    const { posts, cursor: next } = await scan(
      {
        [TOKEN]: { file: 'reddit/token.json' },
        [NEW]: api('api-new-second.json'),
        [COMMENTS]: api('api-comments.json'),
        [API_SEARCH]: api('api-new-page-1.json'),
        [`${API_SEARCH}?after=t3_1x98zzq`]: api('api-new-page-2.json'),
      },
      { config: OAUTH, cursor },
    );
    expect(server!.requests.filter((r) => r.path === API_SEARCH).map((r) => r.query['after'])).toEqual([undefined, 't3_1x98zzq']);
    expect(server!.requests.filter((r) => r.path === NEW)).toHaveLength(1);
    expect(posts.map((p) => p.id).sort()).toEqual(['t3_1x96yyp', 't3_1x98zzq', 't3_1x9c3de']);
    expect(next!['streams']).toEqual({
      '/r/ocado+grocery/new?': '2026-03-02T18:05:00.000Z',
      '/r/ocado+grocery/comments?': '2026-03-02T14:40:18.000Z',
      [SEARCH_PATH]: '2026-03-02T14:25:11.000Z',
    });
  });

  it('reads one page of a stream its cursor does not know yet (a subreddit added to the config)', async () => {
    const cursor = { newest: '2026-03-02T11:00:00.000Z', seen: [], streams: { '/search?q=Ocado&sort=new&type=link&': '2026-03-02T11:00:00.000Z' } };
    await scan(FIRST, { config: OAUTH, cursor });
    expect(server!.requests.filter((r) => r.path === NEW).map((r) => r.query['after'])).toEqual([undefined]);
  });

  it('says the credentials were refused, without quoting them', async () => {
    const err = await scanError(scan({ [TOKEN]: { status: 401, file: 'reddit/token-refused.json' } }, { config: OAUTH }));
    expect(err.message).toMatch(/^reddit "reddit": HTTP 401 from 127\.0\.0\.1:\d+\/api\/v1\/access_token \(Unauthorized\): check clientId and clientSecret$/);
  });

  it('reports a token endpoint that answers 200 with an error', async () => {
    const err = await scanError(scan({ [TOKEN]: { body: '{"error": "unsupported_grant_type"}' } }, { config: OAUTH }));
    expect(err.message).toBe('reddit "reddit": OAuth token refused (unsupported_grant_type): check clientId and clientSecret');
  });

  it('reports an HTML block page instead of a listing', async () => {
    const err = await scanError(scan({ ...FIRST, [NEW]: { file: 'reddit/block-page.html' } }, { config: OAUTH }));
    expect(err.message).toBe('reddit "reddit": expected JSON from the Reddit API, got an HTML page ("Blocked") (blocked, or the wrong baseUrl?)');
  });

  it('never puts the client secret or the token in the cursor or the log', async () => {
    const { cursor, lines } = await scan(FIRST, { config: OAUTH });
    for (const secret of [CLIENT_SECRET, ACCESS_TOKEN]) {
      expect(JSON.stringify(cursor)).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });
});
