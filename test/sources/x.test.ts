import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { XSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { xSource } from '../../src/sources/x.js';
import type { Cursor } from '../../src/types.js';
import { FIXTURES_DIR, serveFixtures, type FixtureResponse, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type XConfig = XSourceConfig & { name: string };

const SEARCH = '/2/tweets/search/recent';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAFixtureBearerToken%2Fx9q';
/** X's headers on every answer: 450 a window, reset as epoch seconds (long past here). */
const RATE_HEADERS = { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '447', 'x-rate-limit-reset': '1772461800' };
const page = (file: string): FixtureResponse => ({ file: `x/${file}`, headers: RATE_HEADERS });

const TWO_PAGES: Routes = {
  [SEARCH]: page('search-page-1.json'),
  [`${SEARCH}?next_token=b26v89c19zqg8o3frr3gfixture1`]: page('search-page-2.json'),
};

let server: FixtureServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = server = undefined;
});

function xConfig(baseUrl: string, overrides: Partial<XConfig> = {}): XConfig {
  return { type: 'x', name: 'x', channel: 'social', baseUrl, token: TOKEN, maxPages: 5, ...overrides };
}

async function scan(
  routes: Routes,
  input: { cursor?: Cursor | null; config?: Partial<XConfig>; terms?: string[]; accounts?: { handle: string; own: boolean }[] } = {},
) {
  server = await serveFixtures(routes);
  http = createTestHttpClient();
  const ctx = makeSourceContext({ config: xConfig(server.url, input.config), http, cursor: input.cursor ?? null, terms: input.terms, accounts: input.accounts });
  return { ...(await xSource.fetch(ctx)), lines: ctx.lines };
}

async function scanError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  expect((err as Error).message).not.toContain(TOKEN);
  return err as SourceError;
}

describe('xSource: first scan', () => {
  it('pages with next_token and maps posts with their authors’ followers', async () => {
    const { posts } = await scan(TWO_PAGES);
    expect(posts.map((p) => p.id)).toEqual(['2028374650000000102', '2028374650000000101', '2028374650000000090']);
    expect(posts[0]).toEqual({
      source: 'x',
      id: '2028374650000000102',
      channel: 'social',
      createdAt: '2026-03-02T14:05:11.000Z',
      text: "Ocado's new app update finally shows the driver on a map & honestly it's great",
      url: 'https://x.com/danalee/status/2028374650000000102',
      author: 'danalee',
      authorFollowers: 1204,
      engagement: 12,
      language: 'en',
      replyTo: null,
    });
    expect(posts[1]).toMatchObject({
      text: "@OcadoSupport my order from Tuesday still hasn't been refunded <sigh>",
      author: 'ravi_ops',
      replyTo: '2028370000000000050',
    });
  });

  it('takes the whole text of a long post and leaves reposts out', async () => {
    const { posts } = await scan(TWO_PAGES);
    expect(posts[2]!.text).toMatch(/which I will allow\.$/);
    expect(posts[2]!.authorFollowers).toBe(35020);
    expect(posts.map((p) => p.id)).not.toContain('2028374650000000085');
  });

  it('sends the bearer token and asks for authors, metrics and references', async () => {
    await scan(TWO_PAGES);
    const [first, second] = server!.requests;
    expect(first!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(first!.query).toEqual({
      query: '(Ocado) -is:retweet',
      max_results: '100',
      'tweet.fields': 'created_at,lang,public_metrics,referenced_tweets,conversation_id,author_id,note_tweet',
      expansions: 'author_id',
      'user.fields': 'username,public_metrics',
    });
    expect(second!.query['next_token']).toBe('b26v89c19zqg8o3frr3gfixture1');
  });

  it('remembers the newest id', async () => {
    const { cursor } = await scan(TWO_PAGES);
    expect(cursor).toEqual({ sinceId: '2028374650000000102' });
  });

  it('builds one OR query from the brand terms, or uses the configured one', async () => {
    await scan({ [SEARCH]: page('empty.json') }, { terms: ['Ocado', 'Ocado Retail', 'ocado'] });
    expect(server!.requests[0]!.query['query']).toBe('(Ocado OR "Ocado Retail") -is:retweet');
    await server!.close();
    await scan({ [SEARCH]: page('empty.json') }, { config: { query: '@Ocado OR ocado.com lang:en' } });
    expect(server!.requests[0]!.query['query']).toBe('@Ocado OR ocado.com lang:en');
  });

  it('asks for posts addressed to every brand handle, and for own brands\' replies (from:), after the brand terms', async () => {
    const accounts = [
      { handle: 'OcadoSupport', own: true },
      { handle: 'ocado@mastodon.social', own: true },
      { handle: 'Tesco', own: false },
    ];
    await scan({ [SEARCH]: page('empty.json') }, { terms: ['Ocado'], accounts });
    expect(server!.requests[0]!.query['query']).toBe('(Ocado OR @OcadoSupport OR from:OcadoSupport OR @Tesco) -is:retweet');
  });

  it('stores an edited post under its first id, once, with its last text and the edit\'s id as an alias', async () => {
    const { posts } = await scan({ [SEARCH]: page('search-edited.json') });
    expect(posts.map((p) => [p.id, p.text, p.aliases])).toEqual([['2028374650000000130', 'Ocado damaged my parcel, and nobody answers', ['2028374650000000131']]]);
    expect(posts[0]!.url).toBe('https://x.com/uma_u/status/2028374650000000131');
  });

  it("keeps a built query within X's 512 characters and says which terms it left out", async () => {
    const terms = Array.from({ length: 60 }, (_, i) => `brandname${String(i).padStart(2, '0')}`);
    const { lines } = await scan({ [SEARCH]: page('empty.json') }, { terms });
    expect(server!.requests[0]!.query['query']!.length).toBeLessThanOrEqual(512);
    expect(lines).toEqual(['warning: x "x": searching the first 33 of 60 brand terms and handles (X allows 512 characters); set query: to choose']);
  });

  it('stops at maxPages and says older posts were skipped', async () => {
    const { posts, cursor, lines } = await scan(TWO_PAGES, { config: { maxPages: 1 } });
    expect(posts).toHaveLength(2);
    expect(cursor).toEqual({ sinceId: '2028374650000000102' });
    expect(lines).toEqual(['warning: x "x": more new posts than 1 pages; older ones were skipped (raise maxPages or scan more often)']);
  });
});

describe('xSource: incremental scans', () => {
  it('asks since the last id and stores the new posts only', async () => {
    const { posts, cursor } = await scan(
      { [`${SEARCH}?since_id=2028374650000000102`]: page('search-second-scan.json') },
      { cursor: { sinceId: '2028374650000000102' } },
    );
    expect(posts.map((p) => [p.id, p.language, p.author])).toEqual([['2028374650000000120', null, 'kit_k']]);
    expect(cursor).toEqual({ sinceId: '2028374650000000120' });
  });

  it('yields nothing and keeps its place when nothing is new', async () => {
    const cursor = { sinceId: '2028374650000000120' };
    const result = await scan({ [SEARCH]: page('empty.json') }, { cursor });
    expect(result.posts).toEqual([]);
    expect(result.cursor).toEqual(cursor);
  });

  it('drops posts at or below since_id even if the server sends them', async () => {
    const { posts } = await scan(TWO_PAGES, { cursor: { sinceId: '2028374650000000101' } });
    expect(posts.map((p) => p.id)).toEqual(['2028374650000000102']);
  });
});

describe('xSource: rate limits and errors', () => {
  it('waits for a 429’s x-rate-limit-reset, then reads the page', async () => {
    const limited = { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000)) };
    const { posts } = await scan({ ...TWO_PAGES, [SEARCH]: [{ status: 429, file: 'x/rate-limited.json', headers: limited }, page('search-page-1.json')] });
    expect(posts).toHaveLength(3);
  });

  it('waits out a 429 with Retry-After, then reads the page', async () => {
    const { posts } = await scan({ ...TWO_PAGES, [SEARCH]: [{ status: 429, file: 'x/rate-limited.json', headers: { 'retry-after': '0' } }, page('search-page-1.json')] });
    expect(posts).toHaveLength(3);
  });

  it('fails at once when the window resets in a quarter of an hour', async () => {
    const limited = { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) };
    const err = await scanError(scan({ [SEARCH]: { status: 429, file: 'x/rate-limited.json', headers: limited } }));
    expect(err.message).toMatch(/^x "x": HTTP 429 from 127\.0\.0\.1:\d+\/2\/tweets\/search\/recent \(Too Many Requests\): rate limited; retry after .+ \(in \d+ s\)$/);
    expect(server!.requests).toHaveLength(1);
  });

  it('retries a 503, then reads the page', async () => {
    const { posts } = await scan({ ...TWO_PAGES, [SEARCH]: [{ status: 503, body: 'Service Unavailable' }, page('search-page-1.json')] });
    expect(posts).toHaveLength(3);
  });

  it('says the bearer token was refused, without quoting it', async () => {
    const err = await scanError(scan({ [SEARCH]: { status: 401, file: 'x/unauthorized.json' } }));
    expect(err.message).toMatch(/^x "x": HTTP 401 from 127\.0\.0\.1:\d+\/2\/tweets\/search\/recent \(Unauthorized\): the bearer token was refused$/);
  });

  it('explains a 403 for an app without access', async () => {
    const err = await scanError(scan({ [SEARCH]: { status: 403, file: 'x/client-forbidden.json' } }));
    expect(err.message).toMatch(/\(When authenticating requests to the Twitter API v2 endpoints, .*\): the app may lack access or credits for recent search$/);
  });

  it('quotes X on a query it rejects', async () => {
    const err = await scanError(scan({ [SEARCH]: { status: 400, file: 'x/invalid-query.json' } }, { config: { query: '(Ocado OR' } }));
    expect(err.message).toMatch(/^x "x": HTTP 400 from 127\.0\.0\.1:\d+\/2\/tweets\/search\/recent \(One or more parameters to your request was invalid\.\)$/);
  });

  it('reports an HTML page instead of JSON', async () => {
    const err = await scanError(scan({ [SEARCH]: { file: 'feed/block-page.html' } }));
    expect(err.message).toBe('x "x": expected JSON from the recent search API, got an HTML page ("Access denied") (blocked, or the wrong baseUrl?)');
  });

  it('reports JSON of the wrong shape', async () => {
    const err = await scanError(scan({ [SEARCH]: { body: '{"data":[]}' } }));
    expect(err.message).toBe('x "x": response is not a recent search result (no meta)');
  });

  it('blanks the token out of a message even when the server repeats it', async () => {
    const echo = JSON.stringify({ title: 'Unauthorized', detail: `Bearer ${TOKEN} is not valid`, status: 401 });
    const err = await scanError(scan({ [SEARCH]: { status: 401, body: echo } }));
    expect(err.message).toMatch(/\(Bearer \[redacted\] is not valid\): the bearer token was refused$/);
  });

  it('never puts the token in the cursor or the log', async () => {
    const { cursor, lines } = await scan(TWO_PAGES, { config: { maxPages: 1 } });
    expect(JSON.stringify(cursor)).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('xSource: bad dates (B2)', () => {
  it('skips a post whose created_at is not a date and keeps the rest', async () => {
    const first = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'x/search-page-1.json'), 'utf8'));
    first.data[0].created_at = '';
    const { posts, lines } = await scan({ ...TWO_PAGES, [SEARCH]: { body: JSON.stringify(first), headers: RATE_HEADERS } });
    expect(posts.map((p) => p.id)).toEqual(['2028374650000000101', '2028374650000000090']);
    expect(lines).toEqual(['warning: x "x": skipped a post without id/text/created_at']);
  });
});
