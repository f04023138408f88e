import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { serveFixtures, type FixtureResponse, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';

/**
 * One row per source type: its config, the routes it needs on the shared server (which must not
 * clash with another row's), and every post it must store over two scans. Route arrays answer
 * in turn, so the second scan gets the newer fixtures.
 */
interface SourceCase {
  name: string;
  /** The source's YAML lines after `- `, given the server's URL. */
  config: (url: string) => string[];
  /** Credentials, set in the environment and named as ${VAR} in the config. */
  env?: Record<string, string>;
  routes: Routes;
  /** Native ids stored by the first scan, then by the second; `host` is the server's host:port. */
  firstScan: (host: string) => string[];
  secondScan: (host: string) => string[];
}

const json = (file: string, headers: Record<string, string> = {}): FixtureResponse => ({ file, headers });
const atom = (file: string): FixtureResponse => ({
  file,
  headers: { 'content-type': 'application/atom+xml; charset=UTF-8', 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '0' },
});

const SECRETS = {
  MASTODON_TOKEN: 'all-sources-mastodon-token-77ab',
  BLUESKY_APP_PASSWORD: 'qrst-uvwx-yzab-cdef',
  REDDIT_CLIENT_SECRET: 'all-sources-reddit-secret-19c4',
  X_BEARER_TOKEN: 'AAAAAAAAAAAAAAAAAAAAAAllSourcesBearer0042',
};

const SOURCES: SourceCase[] = [
  {
    name: 'fedi',
    config: (url) => ['type: mastodon', 'name: fedi', `baseUrl: ${url}`, 'token: ${MASTODON_TOKEN}'],
    env: { MASTODON_TOKEN: SECRETS.MASTODON_TOKEN },
    routes: {
      '/api/v1/timelines/tag/ocado': json('mastodon/tag-ocado.json'),
      '/api/v1/timelines/tag/ocado?min_id=116159958941696123': json('mastodon/tag-ocado-newer-1.json', {
        link: '<https://social.example/api/v1/timelines/tag/ocado?min_id=116160657817600234>; rel="prev"',
      }),
      '/api/v1/timelines/tag/ocado?min_id=116160657817600234': json('mastodon/tag-ocado-newer-2.json'),
      '/api/v1/timelines/tag/ocado?min_id=116161057259520567': { body: '[]' },
      '/api/v2/search': json('mastodon/search-ocado.json'),
    },
    firstScan: (host) => ['116159958941696123', '116159827148800456', '116141595033600321', '116159415779328678'].map((id) => `${host}/${id}`),
    secondScan: (host) => ['116160657817600234', '116160489652224345', '116161057259520567'].map((id) => `${host}/${id}`),
  },
  {
    name: 'sky',
    config: (url) => ['type: bluesky', 'name: sky', `baseUrl: ${url}`, 'handle: ocadowatch.bsky.social', 'appPassword: ${BLUESKY_APP_PASSWORD}'],
    env: { BLUESKY_APP_PASSWORD: SECRETS.BLUESKY_APP_PASSWORD },
    routes: {
      '/xrpc/com.atproto.server.createSession': json('bluesky/session.json'),
      '/xrpc/app.bsky.actor.getProfiles': json('bluesky/profiles.json'),
      '/xrpc/app.bsky.feed.searchPosts?cursor=100': json('bluesky/search-page-2.json'),
      '/xrpc/app.bsky.feed.searchPosts?since=2026-03-02T15:10:22.481Z': json('bluesky/search-second-scan.json'),
      '/xrpc/app.bsky.feed.searchPosts': json('bluesky/search-page-1.json'),
    },
    firstScan: () => [
      'at://did:plc:m4r1aq7fixturebbbbbbbbbb/app.bsky.feed.post/3mgq7k2vtx22a',
      'at://did:plc:t0m4szfixtureccccccccccc/app.bsky.feed.post/3mgq5r7hcq42k',
      'at://did:plc:j3ssfixtureeeeeeeeeeeeee/app.bsky.feed.post/3mgm3aa7ylk2x',
    ],
    secondScan: () => ['at://did:plc:r0b1nfixtureffffffffffff/app.bsky.feed.post/3mgqhx2kk3s2b'],
  },
  {
    name: 'reddit-feeds',
    config: (url) => ['type: reddit', 'name: reddit-feeds', `baseUrl: ${url}`, 'subreddits: [r/ocado, r/grocery]'],
    routes: {
      '/r/ocado+grocery/new/.rss': [atom('reddit/new-feed.xml'), atom('reddit/new-feed-second.xml')],
      '/search.rss': atom('reddit/search-feed.xml'),
    },
    firstScan: () => ['t3_1x9a1bc', 't3_1x98zzq', 't3_1x96yyp', 't3_1x97kkm'],
    secondScan: () => ['t3_1x9c3de'],
  },
  {
    name: 'reddit-api',
    config: (url) => [
      'type: reddit',
      'name: reddit-api',
      `baseUrl: ${url}`,
      `apiBaseUrl: ${url}`,
      'subreddits: [ocado, grocery]',
      'clientId: all-sources-client',
      'clientSecret: ${REDDIT_CLIENT_SECRET}',
    ],
    env: { REDDIT_CLIENT_SECRET: SECRETS.REDDIT_CLIENT_SECRET },
    routes: {
      '/api/v1/access_token': json('reddit/token.json'),
      '/r/ocado+grocery/new': [json('reddit/api-new-page-1.json'), json('reddit/api-new-second.json')],
      '/r/ocado+grocery/comments': json('reddit/api-comments.json'),
      '/search': json('reddit/api-search.json'),
    },
    firstScan: () => ['t3_1x9a1bc', 't3_1x98zzq', 't1_oq7dd3m', 't1_oq7d9kx', 't3_1x97kkm'],
    secondScan: () => ['t3_1x9c3de'],
  },
  {
    name: 'x',
    config: (url) => ['type: x', 'name: x', `baseUrl: ${url}`, 'token: ${X_BEARER_TOKEN}'],
    env: { X_BEARER_TOKEN: SECRETS.X_BEARER_TOKEN },
    routes: {
      '/2/tweets/search/recent': json('x/search-page-1.json'),
      '/2/tweets/search/recent?next_token=b26v89c19zqg8o3frr3gfixture1': json('x/search-page-2.json'),
      '/2/tweets/search/recent?since_id=2028374650000000102': json('x/search-second-scan.json'),
    },
    firstScan: () => ['2028374650000000102', '2028374650000000101', '2028374650000000090'],
    secondScan: () => ['2028374650000000120'],
  },
];

describe('scan with every source pointed at one local server', () => {
  let server: FixtureServer;
  let dir: string;
  let host: string;
  const env = Object.assign({}, ...SOURCES.map((s) => s.env ?? {})) as Record<string, string>;

  beforeAll(async () => {
    server = await serveFixtures(Object.assign({}, ...SOURCES.map((s) => s.routes)) as Routes);
    host = new URL(server.url).host;
    dir = mkdtempSync(join(tmpdir(), 'earshot-all-sources-'));
    const lines = ['brands:', '  - name: Ocado', '    handles: ["@Ocado", "@OcadoSupport"]', 'sources:'];
    for (const s of SOURCES) lines.push(...s.config(server.url).map((line, i) => `${i === 0 ? '  - ' : '    '}${line}`));
    writeFileSync(join(dir, 'earshot.yaml'), lines.join('\n') + '\n');
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const earshot = (...args: string[]) => runCli(['--config', join(dir, 'earshot.yaml'), '--db', join(dir, 'earshot.db'), ...args], { cwd: dir, env });
  const storedIds = () => {
    const db = new Database(join(dir, 'earshot.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT source, native_id FROM posts ORDER BY source, native_id').all() as { source: string; native_id: string }[];
      return rows.map((r) => `${r.source} ${r.native_id}`);
    } finally {
      db.close();
    }
  };
  const expectedIds = (scans: ('firstScan' | 'secondScan')[]) =>
    SOURCES.flatMap((s) => scans.flatMap((scan) => s[scan](host).map((id) => `${s.name} ${id}`))).sort();
  const outputs: string[] = [];

  it('stores every fixture post of the first scan once', async () => {
    const r = await earshot('--verbose', 'scan');
    outputs.push(r.stdout, r.stderr);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`from ${SOURCES.length} sources`));
    expect(storedIds()).toEqual(expectedIds(['firstScan']));
  });

  it('stores only the newer posts on the second scan, and nothing on a third', async () => {
    const second = await earshot('--verbose', 'scan');
    outputs.push(second.stdout, second.stderr);
    expect(second.code).toBe(0);
    expect(storedIds()).toEqual(expectedIds(['firstScan', 'secondScan']));

    const third = await earshot('--verbose', 'scan');
    outputs.push(third.stdout, third.stderr);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/0 new posts, 0 new mentions/);
    expect(storedIds()).toEqual(expectedIds(['firstScan', 'secondScan']));
  });

  it('lists each source with its posts and cursor', async () => {
    const r = await earshot('sources', '--format', 'json');
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { name: string; posts: number; last_error: string | null; cursor: unknown }[];
    expect(listed.map((s) => [s.name, s.posts, s.last_error])).toEqual(
      SOURCES.map((s) => [s.name, s.firstScan(host).length + s.secondScan(host).length, null]),
    );
    expect(listed.every((s) => s.cursor !== null)).toBe(true);
  });

  it('never lets a credential into the output or the database', () => {
    const dbFiles = readdirSync(dir).filter((f) => f.startsWith('earshot.db'));
    expect(dbFiles.length).toBeGreaterThan(0);
    const stored = dbFiles.map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
    for (const secret of Object.values(SECRETS)) {
      expect(outputs.join('\n')).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    // The credentials did reach the servers that asked for them.
    const auth = server.requests.map((r) => r.headers['authorization'] ?? '');
    expect(auth).toContain(`Bearer ${SECRETS.X_BEARER_TOKEN}`);
    expect(auth).toContain(`Bearer ${SECRETS.MASTODON_TOKEN}`);
  });
});
