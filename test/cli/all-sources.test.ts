import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES_DIR, serveFixtures, type FixtureResponse, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';

/**
 * One row per source type: its config, the routes it needs on the shared server (which must not
 * clash with another row's), and every post it must store over two scans. Route arrays answer
 * in turn, so the second scan gets the newer fixtures. Local sources read copies of their
 * fixtures in the temp dir, which holds the config, so their paths are relative.
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
  /** Local sources: copies their fixtures into the temp dir (the config's folder) before any scan. */
  setup?: (dir: string) => void;
  /** Local sources: what changes on disk between the first and the second scan. */
  beforeSecondScan?: (dir: string) => void;
  /** The warnings the first scan must print for this source's deliberately broken fixture rows. */
  warnings?: (dir: string) => RegExp[];
}

const json = (file: string, headers: Record<string, string> = {}): FixtureResponse => ({ file, headers });
const atom = (file: string): FixtureResponse => ({
  file,
  headers: { 'content-type': 'application/atom+xml; charset=UTF-8', 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '0' },
});

/** A file under fixtures/, parsed as JSON. */
const fixture = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8'));
/** JSON to serve as it is. */
const jsonBody = (data: unknown, extra: FixtureResponse = {}): FixtureResponse => ({
  ...extra,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(data),
});
/** JSON with its `list` cut down to what `keep` accepts: an API's answer when asked only for newer items. */
function narrowed<T>(data: unknown, list: string, keep: (item: T) => boolean, extra: FixtureResponse = {}): FixtureResponse {
  const body = data as Record<string, T[]>;
  return jsonBody({ ...body, [list]: body[list]!.filter(keep) }, extra);
}
/** Ids a later answer adds to those stored before: what a scan whose answer overlaps the last one stores. */
const newIn = (later: string[], earlier: string[]) => later.filter((id) => !earlier.includes(id));
/** Copies fixtures/<from>, a file or a folder, to <dir>/<to>. */
function copyFixture(dir: string, from: string, to: string): void {
  mkdirSync(dirname(join(dir, to)), { recursive: true });
  cpSync(join(FIXTURES_DIR, from), join(dir, to), { recursive: true });
}
/** A time unlike any copy's mtime: a file "saved again" between scans. */
const SAVED_AGAIN = new Date('2026-03-03T00:00:00Z');
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `sha256:` + 32 hex digits of the parts joined by newlines: the id feed.ts and email.ts give items without one. */
const hashId = (...parts: string[]) => `sha256:${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32)}`;

// Hacker News: hits per fixture; the next scan asks from the newest second seen minus ten minutes of index lag (hackernews.ts).
const HN = '/api/v1/search_by_date';
const hnHits = (file: string) => (fixture(`hackernews/${file}`) as { hits: { objectID: string; created_at_i: number }[] }).hits;
const hnIds = (...files: string[]) => files.flatMap((f) => hnHits(f).map((h) => h.objectID));
const hnNewest = (...files: string[]) => Math.max(...files.flatMap((f) => hnHits(f).map((h) => h.created_at_i)));
const hnFrom = (...files: string[]) => hnNewest(...files) - 600;
const HN_FIRST = ['search-page-0.json', 'search-page-1.json'];
const HN_SECOND = 'search-second-scan.json';

// Stack Exchange: the next scan asks from the newest question minus ten minutes of index lag (stackexchange.ts).
const SE = '/2.3/search/advanced';
const SE_LAG_S = 10 * 60;
const seItems = (file: string) => (fixture(`stackexchange/${file}`) as { items: { question_id: number; creation_date: number }[] }).items;
const seIds = (...files: string[]) => files.flatMap((f) => seItems(f).map((q) => String(q.question_id)));
const seFrom = (...files: string[]) => Math.max(...files.flatMap((f) => seItems(f).map((q) => q.creation_date))) - SE_LAG_S;
const SE_FIRST = ['search-page-1.json', 'search-page-2.json'];
const SE_SECOND = 'search-second-scan.json';

// GitHub: issues, then pull requests; the next scan asks from the newest item minus ten minutes (github.ts).
const GH = '/search/issues';
const GH_LAG_MS = 10 * 60 * 1000;
const ghItems = (file: string) => (fixture(`github/${file}`) as { items: { id: number; created_at: string }[] }).items;
const ghIds = (...files: string[]) => files.flatMap((f) => ghItems(f).map((i) => String(i.id)));
const ghFrom = (...files: string[]) =>
  new Date(Math.max(...files.flatMap((f) => ghItems(f).map((i) => Date.parse(i.created_at)))) - GH_LAG_MS)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
const ghQuery = (kind: 'issue' | 'pr', from: string) => `${GH}?q=ocado is:${kind} created:>=${from}`;
const ghNewer = (file: string, from: string) =>
  narrowed<{ created_at: string }>(fixture(`github/${file}`), 'items', (i) => i.created_at >= from);
/** Issue 212's comments (the only first-scan issue with any): all have a body, and github.ts prefixes their ids. */
const GH_COMMENTS = '/repos/octo-grocer/basket-sync/issues/212/comments';
const ghCommentIds = () => (fixture('github/issue-212-comments.json') as { id: number }[]).map((c) => `comment:${c.id}`);
const GH_FIRST = ['search-issues-page-1.json', 'search-issues-page-2.json', 'search-prs.json'];
const GH_SECOND = ['search-issues-second-scan.json', 'search-prs.json'];

/**
 * YouTube: youtube.ts reads only comments from the last seven days by the real clock, and the
 * fixtures are from March 2026, so they are served moved forward by whole days (2026-03-02 becomes
 * yesterday). Ids, and the spacing the cursors work from, stay as they are.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const YT_SHIFT_MS = (Math.floor(Date.now() / DAY_MS) - 1) * DAY_MS - Date.parse('2026-03-02T00:00:00Z');
const ytTime = (iso: string) => new Date(Date.parse(iso) + YT_SHIFT_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ytFixture = (file: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, 'youtube', file), 'utf8').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, ytTime));
type YtVideo = { id: { videoId: string }; snippet: { publishedAt: string } };
type YtThread = { snippet: { topLevelComment: { id: string } } };
const yt = (file: string) => jsonBody(ytFixture(file));
/** A search result with only the videos published since `from`. */
const ytNewer = (file: string, from: string) => narrowed<YtVideo>(ytFixture(file), 'items', (v) => v.snippet.publishedAt >= from);
const ytVideos = (file: string) => (ytFixture(file) as { items: YtVideo[] }).items;
const ytVideoIds = (...files: string[]) => files.flatMap((f) => ytVideos(f).map((v) => v.id.videoId));
const ytCommentIds = (...files: string[]) =>
  files.flatMap((f) => (ytFixture(f) as { items: YtThread[] }).items.map((t) => t.snippet.topLevelComment.id));
/** The next search starts an hour of index lag before the newest video seen (youtube.ts). */
const ytFrom = (...files: string[]) =>
  new Date(Math.max(...files.flatMap((f) => ytVideos(f).map((v) => Date.parse(v.snippet.publishedAt)))) - 60 * 60 * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
const YT_SEARCH = '/youtube/v3/search';
const YT_THREADS = '/youtube/v3/commentThreads';
/** The one video with comments in the fixtures; the others get an empty list. */
const YT_VIDEO = 'Qm3vT8aLp0E';
const YT_FIRST = ['search-page-1.json', 'search-page-2.json'];
const YT_FIRST_COMMENTS = [`comments-${YT_VIDEO}-page-1.json`, `comments-${YT_VIDEO}-page-2.json`];
const YT_SECOND = 'search-second-scan.json';
const YT_SECOND_COMMENTS = `comments-${YT_VIDEO}-second-scan.json`;
const nextPage = (data: unknown) => (data as { nextPageToken: string }).nextPageToken;

/** Message-IDs in a mail fixture, without the angle brackets. */
const messageIds = (file: string) =>
  [...readFileSync(join(FIXTURES_DIR, file), 'utf8').matchAll(/^Message-ID: <([^>]+)>$/gim)].map((m) => m[1]!);

const SECRETS = {
  MASTODON_TOKEN: 'all-sources-mastodon-token-77ab',
  BLUESKY_APP_PASSWORD: 'qrst-uvwx-yzab-cdef',
  REDDIT_CLIENT_SECRET: 'all-sources-reddit-secret-19c4',
  X_BEARER_TOKEN: 'AAAAAAAAAAAAAAAAAAAAAAllSourcesBearer0042',
  STACKEXCHANGE_KEY: 'all-sources-se-key-5d1e',
  GITHUB_TOKEN: 'ghp_allSourcesFixtureToken000000000000042',
  YOUTUBE_KEY: 'AIzaAllSourcesFixtureKey-00000000000042',
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
      // The newest post time of the first scan minus ten minutes of index lag (bluesky.ts).
      '/xrpc/app.bsky.feed.searchPosts?since=2026-03-02T15:00:21.903Z': json('bluesky/search-second-scan.json'),
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
  {
    // The site moves its feed from RSS to JSON Feed between scans; the third fetch gets a 304 for the ETag.
    name: 'news-feed',
    config: (url) => ['type: feed', 'name: news-feed', `url: ${url}/feeds/grocery-news`],
    routes: {
      '/feeds/grocery-news': [{ file: 'feed/rss.xml' }, { file: 'feed/jsonfeed.json', etag: '"basket-blog-1"' }],
    },
    // rss.xml: two guids, a link for the item without one, and a hash of title and date for the item with neither.
    firstScan: () => [
      'https://grocerywatch.example/2026/03/ocado-app-baskets',
      'grocerywatch-slots-2026-03',
      'https://grocerywatch.example/2026/02/avocado-toast',
      hashId('Reader letter: the Ocada van blocked my drive again', '2026-02-27T20:15:00.000Z'),
    ],
    secondScan: () => (fixture('feed/jsonfeed.json') as { items: { id: string | number }[] }).items.map((i) => String(i.id)),
  },
  {
    // The same Google Alerts feed every time: the second and third scans find only entries already seen.
    name: 'alerts-feed',
    config: (url) => ['type: feed', 'name: alerts-feed', `url: ${url}/alerts/feeds/04711223344556677889/13579246801357924680`],
    routes: {
      '/alerts/feeds/04711223344556677889/13579246801357924680': { file: 'feed/google-alerts.xml' },
    },
    firstScan: () =>
      [...readFileSync(join(FIXTURES_DIR, 'feed/google-alerts.xml'), 'utf8').matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1]!),
    secondScan: () => [],
  },
  {
    name: 'hn',
    config: (url) => ['type: hackernews', 'name: hn', `baseUrl: ${url}`, 'query: ocado'],
    routes: {
      // The first scan's filter counts seven days back from the real clock: only the page tells its requests apart.
      [`${HN}?page=0`]: json('hackernews/search-page-0.json'),
      [`${HN}?page=1`]: json('hackernews/search-page-1.json'),
      [`${HN}?page=0&numericFilters=created_at_i>=${hnFrom(...HN_FIRST)}`]: json(`hackernews/${HN_SECOND}`),
      [`${HN}?page=0&numericFilters=created_at_i>=${hnFrom(HN_SECOND)}`]: narrowed<{ created_at_i: number }>(
        fixture(`hackernews/${HN_SECOND}`),
        'hits',
        (h) => h.created_at_i >= hnFrom(HN_SECOND),
      ),
    },
    firstScan: () => hnIds(...HN_FIRST),
    // Includes a comment indexed late within the second the first scan ended on.
    secondScan: () => newIn(hnIds(HN_SECOND), hnIds(...HN_FIRST)),
  },
  {
    name: 'so',
    config: (url) => ['type: stackexchange', 'name: so', `baseUrl: ${url}`, 'query: ocado', 'key: ${STACKEXCHANGE_KEY}'],
    env: { STACKEXCHANGE_KEY: SECRETS.STACKEXCHANGE_KEY },
    routes: {
      // The API always gzips. The first scan's fromdate counts seven days back from the real clock.
      [`${SE}?page=1`]: { file: 'stackexchange/search-page-1.json', gzip: true },
      [`${SE}?page=2`]: { file: 'stackexchange/search-page-2.json', gzip: true },
      [`${SE}?page=1&fromdate=${seFrom(...SE_FIRST)}`]: { file: `stackexchange/${SE_SECOND}`, gzip: true },
      // The second answer asks for a 30-second backoff, so a third scan that soon sends nothing; a slower one gets this.
      [`${SE}?page=1&fromdate=${seFrom(SE_SECOND)}`]: narrowed<{ creation_date: number }>(
        fixture(`stackexchange/${SE_SECOND}`),
        'items',
        (q) => q.creation_date >= seFrom(SE_SECOND),
        { gzip: true },
      ),
    },
    firstScan: () => seIds(...SE_FIRST),
    secondScan: () => newIn(seIds(SE_SECOND), seIds(...SE_FIRST)),
  },
  {
    name: 'gh',
    config: (url) => ['type: github', 'name: gh', `baseUrl: ${url}`, 'query: ocado', 'token: ${GITHUB_TOKEN}'],
    env: { GITHUB_TOKEN: SECRETS.GITHUB_TOKEN },
    routes: {
      // The first scan's created:>= counts seven days back from the real clock: its issue search, then its
      // pull-request search, fall through to here in turn; only the issues have a second page.
      [GH]: [
        json('github/search-issues-page-1.json', { link: `<https://api.github.com${GH}?page=2>; rel="next"` }),
        json('github/search-prs.json'),
      ],
      [`${GH}?page=2`]: json('github/search-issues-page-2.json'),
      [GH_COMMENTS]: json('github/issue-212-comments.json'),
      [ghQuery('issue', ghFrom(...GH_FIRST))]: json('github/search-issues-second-scan.json'),
      [ghQuery('pr', ghFrom(...GH_FIRST))]: json('github/search-prs.json'),
      [ghQuery('issue', ghFrom(...GH_SECOND))]: ghNewer('search-issues-second-scan.json', ghFrom(...GH_SECOND)),
      [ghQuery('pr', ghFrom(...GH_SECOND))]: ghNewer('search-prs.json', ghFrom(...GH_SECOND)),
    },
    firstScan: () => [...ghIds(...GH_FIRST), ...ghCommentIds()],
    secondScan: () => newIn(ghIds(...GH_SECOND), ghIds(...GH_FIRST)),
  },
  {
    name: 'yt',
    config: (url) => ['type: youtube', 'name: yt', `baseUrl: ${url}`, 'query: ocado', 'key: ${YOUTUBE_KEY}', 'maxPages: 2'],
    env: { YOUTUBE_KEY: SECRETS.YOUTUBE_KEY },
    routes: {
      [YT_SEARCH]: yt('search-page-1.json'),
      [`${YT_SEARCH}?pageToken=${nextPage(ytFixture('search-page-1.json'))}`]: yt('search-page-2.json'),
      [`${YT_SEARCH}?publishedAfter=${ytFrom(...YT_FIRST)}`]: yt(YT_SECOND),
      [`${YT_SEARCH}?publishedAfter=${ytFrom(YT_SECOND)}`]: ytNewer(YT_SECOND, ytFrom(YT_SECOND)),
      [`${YT_THREADS}?videoId=${YT_VIDEO}`]: [yt(YT_FIRST_COMMENTS[0]!), yt(YT_SECOND_COMMENTS)],
      [`${YT_THREADS}?videoId=${YT_VIDEO}&pageToken=${nextPage(ytFixture(YT_FIRST_COMMENTS[0]!))}`]: yt(YT_FIRST_COMMENTS[1]!),
      [YT_THREADS]: yt('comments-empty.json'),
    },
    firstScan: () => [...ytVideoIds(...YT_FIRST), ...ytCommentIds(...YT_FIRST_COMMENTS)],
    secondScan: () =>
      newIn(
        [...ytVideoIds(YT_SECOND), ...ytCommentIds(YT_SECOND_COMMENTS)],
        [...ytVideoIds(...YT_FIRST), ...ytCommentIds(...YT_FIRST_COMMENTS)],
      ),
  },
  {
    name: 'export-jsonl',
    config: () => ['type: file', 'name: export-jsonl', 'path: files/posts.jsonl'],
    routes: {},
    setup: (dir) => copyFixture(dir, 'files/posts.jsonl', 'files/posts.jsonl'),
    // Written again with the same rows: read whole once more, and the store keeps one of each.
    beforeSecondScan: (dir) => utimesSync(join(dir, 'files/posts.jsonl'), SAVED_AGAIN, SAVED_AGAIN),
    // Lines 6 (cut off), 8 (no text) and 10 (unreadable date) are skipped with a warning each.
    firstScan: () => ['1001', '1002', '1003', '1004', '1005', '1008'],
    secondScan: () => [],
    warnings: (dir) => {
      const file = escapeRe(join(dir, 'files/posts.jsonl'));
      return [
        new RegExp(`^warning: ${file}:6: invalid JSON \\(.+\\)$`),
        new RegExp(`^warning: ${file}:8: missing "text"$`),
        new RegExp(`^warning: ${file}:10: cannot read date "last Tuesday" in "created_at"$`),
      ];
    },
  },
  {
    name: 'export-csv',
    config: () => ['type: file', 'name: export-csv', 'path: files/posts.csv'],
    routes: {},
    setup: (dir) => copyFixture(dir, 'files/posts.csv', 'files/posts.csv'),
    // 2004's quote never closes (line 6) and 2007 has no text (line 9); 2003 spans two lines.
    firstScan: () => ['2001', '2002', '2003', '2005', '2006'],
    secondScan: () => [],
    warnings: (dir) => {
      const file = escapeRe(join(dir, 'files/posts.csv'));
      return [new RegExp(`^warning: ${file}:6: quote not closed$`), new RegExp(`^warning: ${file}:9: missing "text"$`)];
    },
  },
  {
    // A folder of .eml files (and a README that is no mail); an mbox lands in it before the second scan.
    name: 'support-mail',
    config: () => ['type: email', 'name: support-mail', 'path: mail'],
    routes: {},
    setup: (dir) => copyFixture(dir, 'email/folder', 'mail'),
    beforeSecondScan: (dir) => copyFixture(dir, 'email/inbox.mbox', 'mail/inbox.mbox'),
    // web-form.eml has no Message-ID: its id hashes From, Date and Subject (email.ts).
    firstScan: () => [
      ...messageIds('email/folder/praise.eml'),
      hashId('noreply@forms.example', '2026-03-01T21:05:00.000Z', 'Contact form: app crash'),
    ],
    secondScan: () => messageIds('email/inbox.mbox'),
  },
  {
    // Customer turns only (agentTurns is off). call-0201.json lands before the second scan, and
    // call-0193.vtt is saved again: read whole once more, the store keeps one of each.
    name: 'calls',
    config: () => ['type: transcript', 'name: calls', 'path: calls'],
    routes: {},
    setup: (dir) => {
      for (const name of ['call-0193.vtt', 'calls.jsonl', 'contact-lens-0207.json']) {
        copyFixture(dir, `transcript/${name}`, `calls/${name}`);
      }
    },
    beforeSecondScan: (dir) => {
      copyFixture(dir, 'transcript/call-0201.json', 'calls/call-0201.json');
      utimesSync(join(dir, 'calls/call-0193.vtt'), SAVED_AGAIN, SAVED_AGAIN);
    },
    firstScan: () => [
      // Cues 2 and 4; 'greeting' and 3 are the agent's.
      'call-0193.vtt#2',
      'call-0193.vtt#4',
      // Line 1 is the agent's, line 4 is cut off and line 5 has no text.
      'calls.jsonl#CALL-0210/2',
      'calls.jsonl#CALL-0211/1',
      // The AGENT's turn and an empty customer turn are left out.
      'contact-lens-0207.json#5a1c2e3d-0002-4bcd-9000-000000000002',
    ],
    // spk_0 speaks first and is taken for the agent: spk_1's one turn is the post.
    secondScan: () => ['call-0201.json#2'],
    warnings: (dir) => {
      const file = escapeRe(join(dir, 'calls/calls.jsonl'));
      return [
        new RegExp(`^warning: transcript "calls": ${file}:4: invalid JSON \\(.+\\)$`),
        new RegExp(`^warning: transcript "calls": ${file}:5: expected an object with "text"$`),
      ];
    },
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
    for (const s of SOURCES) s.setup?.(dir);
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
    // Nothing on stderr but one warning for each broken fixture row.
    const warnings = r.stderr.split('\n').filter(Boolean);
    const expected = SOURCES.flatMap((s) => s.warnings?.(dir) ?? []);
    expect(warnings).toHaveLength(expected.length);
    for (const pattern of expected) expect(warnings.filter((w) => pattern.test(w))).toHaveLength(1);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`from ${SOURCES.length} sources`));
    expect(storedIds()).toEqual(expectedIds(['firstScan']));
  });

  it('stores only the newer posts on the second scan, and nothing on a third', async () => {
    for (const s of SOURCES) s.beforeSecondScan?.(dir);
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
    expect(auth).toContain(`Bearer ${SECRETS.GITHUB_TOKEN}`);
    const keys = server.requests.map((r) => r.query['key']);
    expect(keys).toContain(SECRETS.STACKEXCHANGE_KEY);
    expect(keys).toContain(SECRETS.YOUTUBE_KEY);
  });
});
