import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlueskySourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { blueskySource } from '../../src/sources/bluesky.js';
import type { Cursor } from '../../src/types.js';
import { FIXTURES_DIR, serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type BlueskyConfig = BlueskySourceConfig & { name: string };

const XRPC = '/xrpc';
const CREATE_SESSION = `${XRPC}/com.atproto.server.createSession`;
const REFRESH_SESSION = `${XRPC}/com.atproto.server.refreshSession`;
const SEARCH = `${XRPC}/app.bsky.feed.searchPosts`;
const PROFILES = `${XRPC}/app.bsky.actor.getProfiles`;
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';
const NOW = new Date('2026-03-03T00:00:00Z');

function fixtureJson(name: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'bluesky', name), 'utf8')) as Record<string, string>;
}
const SESSION = fixtureJson('session.json');
const REFRESHED = fixtureJson('session-refreshed.json');
const SECRETS = [APP_PASSWORD, SESSION['accessJwt']!, SESSION['refreshJwt']!, REFRESHED['accessJwt']!, REFRESHED['refreshJwt']!];

const P1 = 'at://did:plc:m4r1aq7fixturebbbbbbbbbb/app.bsky.feed.post/3mgq7k2vtx22a';
const P2 = 'at://did:plc:t0m4szfixtureccccccccccc/app.bsky.feed.post/3mgq5r7hcq42k';
const P3 = 'at://did:plc:j3ssfixtureeeeeeeeeeeeee/app.bsky.feed.post/3mgm3aa7ylk2x';
const P4 = 'at://did:plc:r0b1nfixtureffffffffffff/app.bsky.feed.post/3mgqhx2kk3s2b';
/** P1's post time (createdAt, before its indexedAt), the newest of the first scan. */
const CURSOR_AFTER_FIRST_SCAN = { newest: '2026-03-02T15:10:21.903Z', recent: { [P1]: '2026-03-02T15:10:21.903Z' } };
const CURSOR_AFTER_SECOND_SCAN = { newest: '2026-03-02T19:30:02.000Z', recent: { [P4]: '2026-03-02T19:30:02.000Z' } };

/** Bluesky's xrpc-server sends these on every response; the epoch reset is long past here. */
const RATE_HEADERS = { 'ratelimit-limit': '3000', 'ratelimit-remaining': '2998', 'ratelimit-reset': '1772461800', 'ratelimit-policy': '3000;w=300' };

const SESSION_ROUTES: Routes = {
  [CREATE_SESSION]: { file: 'bluesky/session.json', headers: RATE_HEADERS },
  [REFRESH_SESSION]: { file: 'bluesky/session-refreshed.json', headers: RATE_HEADERS },
  [PROFILES]: { file: 'bluesky/profiles.json', headers: RATE_HEADERS },
};
const TWO_PAGES: Routes = {
  ...SESSION_ROUTES,
  [`${SEARCH}?cursor=100`]: { file: 'bluesky/search-page-2.json', headers: RATE_HEADERS },
  [SEARCH]: { file: 'bluesky/search-page-1.json', headers: RATE_HEADERS },
};

let server: FixtureServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = server = undefined;
});

function blueskyConfig(baseUrl: string, overrides: Partial<BlueskyConfig> = {}): BlueskyConfig {
  return {
    type: 'bluesky',
    name: 'sky',
    channel: 'social',
    baseUrl,
    handle: 'ocadowatch.bsky.social',
    appPassword: APP_PASSWORD,
    maxPages: 10,
    ...overrides,
  };
}

async function scan(routes: Routes, input: { cursor?: Cursor | null; config?: Partial<BlueskyConfig>; terms?: string[] } = {}) {
  server = await serveFixtures(routes);
  http = createTestHttpClient();
  const ctx = makeSourceContext({ config: blueskyConfig(server.url, input.config), http, cursor: input.cursor ?? null, terms: input.terms, now: NOW });
  return { ...(await blueskySource.fetch(ctx)), lines: ctx.lines };
}

async function scanError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  for (const secret of SECRETS) expect((err as Error).message).not.toContain(secret);
  return err as SourceError;
}

const searches = () => server!.requests.filter((r) => r.path === SEARCH);

describe('blueskySource: first scan', () => {
  it('logs in, pages through searchPosts and maps posts with their authors’ followers', async () => {
    const { posts } = await scan(TWO_PAGES);
    expect(server!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${CREATE_SESSION}`,
      `GET ${SEARCH}`,
      `GET ${SEARCH}`,
      `GET ${PROFILES}`,
    ]);
    expect(posts.map((p) => p.id)).toEqual([P1, P2, P3]);
    expect(posts[0]).toEqual({
      source: 'sky',
      id: P1,
      channel: 'social',
      createdAt: '2026-03-02T15:10:21.903Z',
      text: "Ocado's app finally lets me reorder last week's basket in one tap. Small thing, huge difference.",
      url: 'https://bsky.app/profile/maria.bsky.social/post/3mgq7k2vtx22a',
      author: 'maria.bsky.social',
      authorFollowers: 2310,
      engagement: 17,
      language: 'en',
      replyTo: null,
    });
    expect(posts[1]).toMatchObject({
      author: 'tomasz.dev',
      authorFollowers: 96,
      replyTo: 'at://did:plc:0cad0officialdddddddddddd/app.bsky.feed.post/3mgpzz2aabb2c',
    });
  });

  it('searches the latest posts of the last week with the session token', async () => {
    await scan(TWO_PAGES);
    expect(searches().map((r) => r.query)).toEqual([
      { q: 'Ocado', sort: 'latest', since: '2026-02-24T00:00:00.000Z', limit: '100' },
      { q: 'Ocado', sort: 'latest', since: '2026-02-24T00:00:00.000Z', limit: '100', cursor: '100' },
    ]);
    expect(searches().map((r) => r.headers['authorization'])).toEqual([`Bearer ${SESSION['accessJwt']}`, `Bearer ${SESSION['accessJwt']}`]);
    expect(server!.requests.find((r) => r.path === PROFILES)!.query['actors']).toMatch(/^did:plc:/);
  });

  it('sends handle and app password to createSession as JSON', async () => {
    const bodies: string[] = [];
    const login = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'AuthenticationRequired' }));
      });
    });
    await new Promise<void>((resolve) => login.listen(0, '127.0.0.1', resolve));
    try {
      http = createTestHttpClient();
      const { port } = login.address() as AddressInfo;
      const ctx = makeSourceContext({ config: blueskyConfig(`http://127.0.0.1:${port}`), http, now: NOW });
      await scanError(blueskySource.fetch(ctx));
      expect(bodies.map((b) => JSON.parse(b) as unknown)).toEqual([{ identifier: 'ocadowatch.bsky.social', password: APP_PASSWORD }]);
    } finally {
      login.closeAllConnections();
      await new Promise<void>((resolve) => login.close(() => resolve()));
    }
  });

  it('remembers the newest indexedAt and the posts indexed at it', async () => {
    const { cursor } = await scan(TWO_PAGES);
    expect(cursor).toEqual(CURSOR_AFTER_FIRST_SCAN);
  });

  it('runs one search per brand term and merges posts by uri', async () => {
    const { posts } = await scan(
      { ...TWO_PAGES, [`${SEARCH}?q="Ocado Retail"`]: { file: 'bluesky/search-second-scan.json' } },
      { terms: ['Ocado', 'Ocado Retail'] },
    );
    expect(searches().map((r) => r.query['q'])).toEqual(['Ocado', 'Ocado', '"Ocado Retail"']);
    expect(posts.map((p) => p.id)).toEqual([P1, P2, P3, P4]);
  });

  it('stops at maxPages and says older posts were skipped', async () => {
    const { posts, lines } = await scan(TWO_PAGES, { config: { maxPages: 1 } });
    expect(posts.map((p) => p.id)).toEqual([P1, P2]);
    expect(lines).toEqual([
      'warning: bluesky "sky": "Ocado" has more new posts than 1 pages; older ones were skipped (raise maxPages or scan more often)',
    ]);
  });
});

describe('blueskySource: incremental scans', () => {
  const SECOND: Routes = { ...SESSION_ROUTES, [SEARCH]: { file: 'bluesky/search-second-scan.json' } };

  it('asks since the newest post time minus the index lag and drops the posts already seen', async () => {
    const { posts, cursor } = await scan(SECOND, { cursor: CURSOR_AFTER_FIRST_SCAN });
    expect(searches()[0]!.query['since']).toBe('2026-03-02T15:00:21.903Z');
    expect(posts).toEqual([
      {
        source: 'sky',
        id: P4,
        channel: 'social',
        // createdAt claims a time after Bluesky indexed the post: the earlier one wins.
        createdAt: '2026-03-02T19:30:02.000Z',
        text: 'The Ocado driver helped me carry the shopping in during the storm. What a star.',
        url: 'https://bsky.app/profile/robin.bsky.social/post/3mgqhx2kk3s2b',
        author: 'robin.bsky.social',
        authorFollowers: 430,
        engagement: 10,
        language: 'en',
        replyTo: null,
      },
    ]);
    expect(cursor).toEqual(CURSOR_AFTER_SECOND_SCAN);
  });

  it('finds a post indexed late, written before the newest one seen (B3)', async () => {
    const body = fixtureJson('search-second-scan.json') as unknown as { posts: { uri: string; indexedAt: string; record: { createdAt: string } }[] };
    const late = structuredClone(body.posts[0]!);
    late.uri = `${P4}late`;
    late.record.createdAt = '2026-03-02T19:25:00.000Z';
    late.indexedAt = '2026-03-02T19:40:00.000Z';
    const next = await scan({ ...SESSION_ROUTES, [SEARCH]: { body: JSON.stringify({ posts: [late] }) } }, { cursor: CURSOR_AFTER_SECOND_SCAN });
    expect(searches()[0]!.query['since']).toBe('2026-03-02T19:20:02.000Z');
    expect(next.posts.map((p) => p.id)).toEqual([late.uri]);
  });

  it('reads a cursor in the older since/urisAtSince form without starting over (B3)', async () => {
    const { posts, cursor } = await scan(SECOND, { cursor: { since: '2026-03-02T15:10:22.481Z', urisAtSince: [P1] } });
    expect(searches()[0]!.query['since']).toBe('2026-03-02T15:00:22.481Z');
    expect(posts.map((p) => p.id)).toEqual([P4]);
    expect(cursor).toEqual(CURSOR_AFTER_SECOND_SCAN);
  });

  it('yields nothing and keeps its place when only seen posts come back', async () => {
    const cursor = CURSOR_AFTER_SECOND_SCAN;
    const result = await scan(SECOND, { cursor });
    expect(result.posts).toEqual([]);
    expect(result.cursor).toEqual(cursor);
    expect(server!.requests.map((r) => r.path)).not.toContain(PROFILES);
  });
});

describe('blueskySource: sessions and errors', () => {
  it('refreshes an expired access token once and carries on (400 from a PDS)', async () => {
    const { posts } = await scan({
      ...TWO_PAGES,
      [SEARCH]: [{ status: 400, file: 'bluesky/expired-token.json' }, { file: 'bluesky/search-page-1.json' }],
    });
    expect(posts).toHaveLength(3);
    const refresh = server!.requests.find((r) => r.path === REFRESH_SESSION)!;
    expect(refresh.method).toBe('POST');
    expect(refresh.headers['authorization']).toBe(`Bearer ${SESSION['refreshJwt']}`);
    expect(searches().map((r) => r.headers['authorization'])).toEqual([
      `Bearer ${SESSION['accessJwt']}`,
      `Bearer ${REFRESHED['accessJwt']}`,
      `Bearer ${REFRESHED['accessJwt']}`,
    ]);
  });

  it('refreshes on a 401 ExpiredToken (from an AppView) too, but only once', async () => {
    const err = await scanError(scan({ ...SESSION_ROUTES, [SEARCH]: { status: 401, file: 'bluesky/expired-token.json' } }));
    expect(err.message).toMatch(
      /^bluesky "sky": HTTP 401 from 127\.0\.0\.1:\d+\/xrpc\/app\.bsky\.feed\.searchPosts \(ExpiredToken: Token has expired\): the session was refused$/,
    );
    expect(server!.requests.filter((r) => r.path === REFRESH_SESSION)).toHaveLength(1);
  });

  it('says the login failed, without quoting the app password', async () => {
    const err = await scanError(scan({ [CREATE_SESSION]: { status: 401, file: 'bluesky/auth-failed.json' } }));
    expect(err.message).toMatch(
      /^bluesky "sky": HTTP 401 from 127\.0\.0\.1:\d+\/xrpc\/com\.atproto\.server\.createSession \(AuthenticationRequired: Invalid identifier or password\): cannot log in as ocadowatch\.bsky\.social; check handle and appPassword$/,
    );
  });

  it('explains a 403 from a host that refuses search', async () => {
    const err = await scanError(
      scan({ ...SESSION_ROUTES, [SEARCH]: { status: 403, body: 'Request forbidden by administrative rules', headers: { 'content-type': 'text/plain' } } }),
    );
    expect(err.message).toMatch(/^bluesky "sky": HTTP 403 from 127\.0\.0\.1:\d+\/xrpc\/app\.bsky\.feed\.searchPosts: search refused; it needs a logged-in session/);
  });

  it('explains a 400 bad query', async () => {
    const err = await scanError(scan({ ...SESSION_ROUTES, [SEARCH]: { status: 400, file: 'bluesky/bad-query.json' } }));
    expect(err.message).toMatch(/\(BadQueryString: could not parse query: unbalanced quotes\): the request was refused \(check query:\)$/);
  });

  it('waits out a 429 with Retry-After and RateLimit-* headers, then reads the page', async () => {
    const limited = { 'retry-after': '0', 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(Date.now() / 1000)) };
    const { posts } = await scan({
      ...TWO_PAGES,
      [SEARCH]: [{ status: 429, file: 'bluesky/rate-limited.json', headers: limited }, { file: 'bluesky/search-page-1.json' }],
    });
    expect(posts).toHaveLength(3);
    expect(searches()).toHaveLength(3);
  });

  it('retries a 503, then reads the page', async () => {
    const { posts } = await scan({ ...TWO_PAGES, [SEARCH]: [{ status: 503 }, { file: 'bluesky/search-page-1.json' }] });
    expect(posts).toHaveLength(3);
  });

  it('keeps the posts without follower counts when getProfiles fails, and says so', async () => {
    const { posts, lines } = await scan({ ...TWO_PAGES, [PROFILES]: { status: 500, body: 'upstream failure' } });
    expect(posts).toHaveLength(3);
    expect(posts.map((p) => p.authorFollowers)).toEqual([null, null, null]);
    expect(lines).toEqual([expect.stringMatching(/^warning: bluesky "sky": HTTP 500 from 127\.0\.0\.1:\d+\/xrpc\/app\.bsky\.actor\.getProfiles; follower counts left out$/)]);
  });

  it('reports an HTML page instead of JSON', async () => {
    const err = await scanError(scan({ ...SESSION_ROUTES, [SEARCH]: { file: 'feed/block-page.html' } }));
    expect(err.message).toBe(
      'bluesky "sky": expected JSON from app.bsky.feed.searchPosts, got an HTML page ("Access denied") (blocked, or the wrong baseUrl?)',
    );
  });

  it('reports JSON of the wrong shape', async () => {
    const err = await scanError(scan({ ...SESSION_ROUTES, [SEARCH]: { body: '{"hits":[]}' } }));
    expect(err.message).toBe('bluesky "sky": response is not a searchPosts result (no posts)');
  });

  it('never puts the password or tokens in the cursor or the log', async () => {
    const { cursor, lines } = await scan({
      ...TWO_PAGES,
      [SEARCH]: [{ status: 400, file: 'bluesky/expired-token.json' }, { file: 'bluesky/search-page-1.json' }],
    });
    for (const secret of SECRETS) {
      expect(JSON.stringify(cursor)).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });
});
