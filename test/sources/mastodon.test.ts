import { afterEach, describe, expect, it } from 'vitest';
import type { MastodonSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { mastodonSource } from '../../src/sources/mastodon.js';
import type { Cursor } from '../../src/types.js';
import { serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type MastodonConfig = MastodonSourceConfig & { name: string };

const TAG = '/api/v1/timelines/tag/ocado';
const SEARCH = '/api/v2/search';
const TOKEN = 'mastodon-fixture-token-5f1c9a';
const NEWEST_FIRST_SCAN = '116159958941696123';
const RATE_HEADERS = {
  'x-ratelimit-limit': '300',
  'x-ratelimit-remaining': '297',
  'x-ratelimit-reset': '2026-03-02T14:10:00.000000Z',
};

/** Mastodon's Link header: rel="next" pages back in time, rel="prev" forward. */
function link(newest: string, oldest: string): Record<string, string> {
  const at = 'https://social.example/api/v1/timelines/tag/ocado';
  return { ...RATE_HEADERS, link: `<${at}?max_id=${oldest}>; rel="next", <${at}?min_id=${newest}>; rel="prev"` };
}

const FIRST_SCAN: Routes = {
  [TAG]: { file: 'mastodon/tag-ocado.json', headers: link(NEWEST_FIRST_SCAN, '116159584665600789') },
};

/** Two pages of statuses newer than the first scan, then an empty one. */
const NEWER: Routes = {
  [`${TAG}?min_id=${NEWEST_FIRST_SCAN}`]: {
    file: 'mastodon/tag-ocado-newer-1.json',
    headers: link('116160657817600234', '116160489652224345'),
  },
  [`${TAG}?min_id=116160657817600234`]: {
    file: 'mastodon/tag-ocado-newer-2.json',
    headers: link('116161057259520567', '116161057259520567'),
  },
  [`${TAG}?min_id=116161057259520567`]: { body: '[]', headers: { ...RATE_HEADERS, 'content-type': 'application/json' } },
};

let server: FixtureServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = server = undefined;
});

function mastodonConfig(baseUrl: string, overrides: Partial<MastodonConfig> = {}): MastodonConfig {
  return { type: 'mastodon', name: 'fedi', channel: 'social', baseUrl, maxPages: 10, ...overrides };
}

async function scan(routes: Routes, input: { cursor?: Cursor | null; config?: Partial<MastodonConfig>; terms?: string[] } = {}) {
  server = await serveFixtures(routes);
  http = createTestHttpClient();
  const ctx = makeSourceContext({ config: mastodonConfig(server.url, input.config), http, cursor: input.cursor ?? null, terms: input.terms });
  return { ...(await mastodonSource.fetch(ctx)), lines: ctx.lines, host: new URL(server.url).host };
}

async function scanError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

describe('mastodonSource: first scan', () => {
  it('reads the newest page of each brand hashtag and maps statuses to posts', async () => {
    const { posts, host } = await scan(FIRST_SCAN);
    expect(server!.requests.map((r) => [r.path, r.query])).toEqual([[TAG, { limit: '40' }]]);
    expect(posts.map((p) => p.id)).toEqual([
      `${host}/116159958941696123`,
      `${host}/116159827148800456`,
      `${host}/116141595033600321`,
    ]);
    expect(posts[0]).toEqual({
      source: 'fedi',
      id: `${host}/116159958941696123`,
      channel: 'social',
      createdAt: '2026-03-02T14:05:11.000Z',
      text: 'Switched our weekly shop to #Ocado last month and the delivery slots are finally reliable.',
      url: 'https://social.example/@rosa/116159958941696123',
      author: 'rosa@social.example',
      authorFollowers: 842,
      engagement: 16,
      language: 'en',
      replyTo: null,
    });
    expect(posts[1]).toMatchObject({
      text: '@ocadohelp Meine Bestellung kam schon wieder ohne Milch. #ocado',
      author: 'jonas@other.example',
      language: 'de',
      replyTo: `${host}/116159741952000789`,
    });
  });

  it('unwraps a boost into the status it boosts', async () => {
    const { posts, host } = await scan(FIRST_SCAN);
    expect(posts[2]).toEqual({
      source: 'fedi',
      id: `${host}/116141595033600321`,
      channel: 'social',
      createdAt: '2026-02-27T08:15:00.000Z',
      text: "Ocado's new Zoom delivery got my groceries here in 40 minutes. Impressed.\nDetails: https://www.ocado.com/zoom",
      url: 'https://food.example/@mira/116141595033600321',
      author: 'mira@food.example',
      authorFollowers: 12840,
      engagement: 44,
      language: 'en',
      replyTo: null,
    });
  });

  it('remembers the newest status id per hashtag', async () => {
    const { cursor } = await scan(FIRST_SCAN);
    expect(cursor).toEqual({ tags: { ocado: NEWEST_FIRST_SCAN }, searches: {} });
  });

  it('turns brand names and hashtags into tags and treats an unknown tag as empty', async () => {
    const { posts } = await scan(
      { ...FIRST_SCAN, '/api/v1/timelines/tag/ocadofail': { status: 404, file: 'mastodon/not-found.json' } },
      { terms: ['Ocado', '#OcadoFail', 'ocado', "Sainsbury's", 'Ocado Retail'] },
    );
    expect(server!.requests.map((r) => r.path)).toEqual([
      TAG,
      '/api/v1/timelines/tag/ocadofail',
      '/api/v1/timelines/tag/sainsburys',
      '/api/v1/timelines/tag/ocadoretail',
    ]);
    expect(posts).toHaveLength(3);
  });

  it('reads the configured hashtags instead of the brand terms', async () => {
    await scan({ '/api/v1/timelines/tag/ocadozoom': { body: '[]' } }, { config: { hashtags: ['#OcadoZoom'] } });
    expect(server!.requests.map((r) => r.path)).toEqual(['/api/v1/timelines/tag/ocadozoom']);
  });
});

describe('mastodonSource: incremental scans', () => {
  it('pages forward from the last id with min_id and the Link header until a page is empty', async () => {
    const first = await scan(FIRST_SCAN);
    await server!.close();
    const { posts, cursor, host } = await scan(NEWER, { cursor: first.cursor });
    expect(server!.requests.map((r) => r.query['min_id'])).toEqual([
      NEWEST_FIRST_SCAN,
      '116160657817600234',
      '116161057259520567',
    ]);
    expect(posts.map((p) => p.id)).toEqual([
      `${host}/116160657817600234`,
      `${host}/116160489652224345`,
      `${host}/116161057259520567`,
    ]);
    // The content warning comes first, as a reader sees it.
    expect(posts[1]!.text).toBe('delivery rant\nThree substitutions and no bananas. #Ocado you were doing so well & now this.');
    expect(posts[2]!.replyTo).toBe(`${host}/116160489652224345`);
    expect(cursor).toEqual({ tags: { ocado: '116161057259520567' }, searches: {} });
  });

  it('yields nothing and keeps its place when nothing is new', async () => {
    const cursor = { tags: { ocado: '116161057259520567' }, searches: {} };
    const result = await scan(NEWER, { cursor });
    expect(result.posts).toEqual([]);
    expect(result.cursor).toEqual(cursor);
    expect(server!.requests).toHaveLength(1);
  });

  it('drops statuses at or below the cursor even if the server sends them', async () => {
    const { posts } = await scan({ [TAG]: { file: 'mastodon/tag-ocado.json' } }, { cursor: { tags: { ocado: '116159827148800456' } } });
    expect(posts.map((p) => p.id.split('/')[1])).toEqual(['116159958941696123']);
  });

  it('stops at maxPages with a warning, and the next scan reads on from there', async () => {
    const capped = await scan(NEWER, { cursor: { tags: { ocado: NEWEST_FIRST_SCAN } }, config: { maxPages: 1 } });
    expect(capped.posts).toHaveLength(2);
    expect(capped.cursor).toEqual({ tags: { ocado: '116160657817600234' }, searches: {} });
    expect(capped.lines).toEqual([
      'warning: mastodon "fedi": #ocado has more new statuses than 1 pages; the next scan reads on from here',
    ]);
    await server!.close();
    const rest = await scan(NEWER, { cursor: capped.cursor, config: { maxPages: 1 } });
    expect(rest.posts.map((p) => p.id.split('/')[1])).toEqual(['116161057259520567']);
  });
});

describe('mastodonSource: search with a token', () => {
  const WITH_SEARCH: Routes = {
    ...FIRST_SCAN,
    [SEARCH]: { file: 'mastodon/search-ocado.json', headers: RATE_HEADERS },
  };

  it('searches each brand term with the token and merges statuses found twice', async () => {
    const { posts, host, cursor } = await scan(WITH_SEARCH, { config: { token: TOKEN } });
    expect(server!.requests.map((r) => r.headers['authorization'])).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(server!.requests[1]!.query).toEqual({ q: 'Ocado', type: 'statuses', limit: '40', offset: '0' });
    expect(posts.map((p) => p.id)).toEqual([
      `${host}/116159958941696123`,
      `${host}/116159827148800456`,
      `${host}/116141595033600321`,
      `${host}/116159415779328678`,
    ]);
    expect(cursor).toEqual({ tags: { ocado: NEWEST_FIRST_SCAN }, searches: { Ocado: NEWEST_FIRST_SCAN } });
  });

  it('pages by offset until it meets a status it has seen', async () => {
    const { posts } = await scan(
      {
        [TAG]: { body: '[]' },
        [`${SEARCH}?offset=0`]: { file: 'mastodon/search-ocado.json' },
        [`${SEARCH}?offset=40`]: { body: JSON.stringify({ accounts: [], statuses: [], hashtags: [] }) },
      },
      { config: { token: TOKEN, hashtags: [] , query: 'ocado delivery' }, cursor: { searches: { 'ocado delivery': '116100000000000000' } } },
    );
    const searches = server!.requests.filter((r) => r.path === SEARCH);
    expect(searches.map((r) => [r.query['offset'], r.query['min_id']])).toEqual([
      ['0', '116100000000000000'],
      ['40', '116100000000000000'],
    ]);
    expect(posts).toHaveLength(2);
  });

  it('says the token was refused on a 401, without quoting it', async () => {
    const err = await scanError(scan({ [TAG]: { status: 401, file: 'mastodon/unauthorized.json' } }, { config: { token: TOKEN } }));
    expect(err.message).toMatch(
      /^mastodon "fedi": HTTP 401 from 127\.0\.0\.1:\d+\/api\/v1\/timelines\/tag\/ocado \(The access token is invalid\): the token was refused; create a new one with read:search$/,
    );
    expect(err.message).not.toContain(TOKEN);
  });

  it('says a token is needed when an instance keeps hashtag timelines private', async () => {
    const err = await scanError(scan({ [TAG]: { status: 401, body: '{"error":"This API requires an authenticated user"}' } }));
    expect(err.message).toMatch(/\(This API requires an authenticated user\): this instance serves hashtag timelines only with a token; set token: \$\{ENV_VAR\}$/);
  });

  it('never puts the token in the cursor or the log', async () => {
    const { cursor, lines } = await scan(WITH_SEARCH, { config: { token: TOKEN, maxPages: 1 } });
    expect(JSON.stringify(cursor)).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('mastodonSource: rate limits and bad responses', () => {
  it('waits out a 429 with Retry-After, then reads the page', async () => {
    const { posts } = await scan({
      [TAG]: [{ status: 429, file: 'mastodon/rate-limited.json', headers: { 'retry-after': '0' } }, FIRST_SCAN[TAG] as object],
    });
    expect(posts).toHaveLength(3);
    expect(server!.requests).toHaveLength(2);
  });

  it("waits for a 429's ISO-8601 X-RateLimit-Reset, then reads the page", async () => {
    const reset = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date().toISOString() };
    const { posts } = await scan({ [TAG]: [{ status: 429, file: 'mastodon/rate-limited.json', headers: reset }, FIRST_SCAN[TAG] as object] });
    expect(posts).toHaveLength(3);
  });

  it('fails at once, saying when to come back, when the window resets far ahead', async () => {
    const reset = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 4 * 60_000).toISOString() };
    const err = await scanError(scan({ [TAG]: { status: 429, file: 'mastodon/rate-limited.json', headers: reset } }));
    expect(err.message).toMatch(/^mastodon "fedi": HTTP 429 from 127\.0\.0\.1:\d+\/api\/v1\/timelines\/tag\/ocado \(Too many requests\): rate limited; retry after .+ \(in \d+ s\)$/);
    expect(server!.requests).toHaveLength(1);
  });

  it('retries a 502, then reads the page', async () => {
    const { posts } = await scan({ [TAG]: [{ status: 502, body: 'Bad Gateway' }, FIRST_SCAN[TAG] as object] });
    expect(posts).toHaveLength(3);
    expect(server!.requests).toHaveLength(2);
  });

  it('reports an HTML page instead of JSON', async () => {
    const err = await scanError(scan({ [TAG]: { file: 'feed/block-page.html' } }));
    expect(err.message).toBe(
      'mastodon "fedi": expected JSON from the hashtag timeline, got an HTML page ("Access denied") (blocked, or the wrong baseUrl?)',
    );
  });

  it('reports JSON cut off mid-way', async () => {
    const err = await scanError(scan({ [TAG]: { body: '[{"id":"116159958941696123","created_at":"2026-03-02T14:0' } }));
    expect(err.message).toMatch(/^mastodon "fedi": expected JSON from the hashtag timeline, got invalid JSON \(/);
  });

  it('reports JSON that is not a list of statuses, and skips a malformed status', async () => {
    const err = await scanError(scan({ [TAG]: { body: '{"error":"oops"}' } }));
    expect(err.message).toBe('mastodon "fedi": response is not a list of Mastodon statuses');
    await server!.close();
    const { posts, lines } = await scan({ [TAG]: { body: '[{"id":"1"}]' } });
    expect(posts).toEqual([]);
    expect(lines).toEqual(['warning: mastodon "fedi": skipped a status without id/uri/created_at/content/account']);
  });
});

describe('mastodonSource: bad dates (B2)', () => {
  it('skips a status whose created_at is not a date and keeps the rest', async () => {
    const status = (id: string, at: string) => ({ id, uri: `https://m.example/s/${id}`, created_at: at, content: '<p>Ocado</p>', account: { acct: 'a' } });
    const body = JSON.stringify([status('2', '2026-03-02T10:00:00Z'), status('3', '')]);
    const { posts, lines } = await scan({ [TAG]: { body } }, { cursor: { tags: { ocado: '1' }, searches: {} } });
    expect(posts.map((p) => p.createdAt)).toEqual(['2026-03-02T10:00:00.000Z']);
    expect(lines).toContain('warning: mastodon "fedi": skipped a status without id/uri/created_at/content/account');
  });
});
