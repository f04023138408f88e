import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import { feedSource } from '../../src/sources/feed.js';
import type { Cursor, Post } from '../../src/types.js';
import { FIXTURES_DIR, serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type FeedConfig = FeedSourceConfig & { name: string };

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

function feedConfig(overrides: Partial<FeedConfig> = {}): FeedConfig {
  return { type: 'feed', name: 'grocery-news', channel: 'news', ...overrides };
}

async function fetchFeed(routes: Routes, overrides: Partial<FeedConfig> = {}, cursor: Cursor | null = null) {
  const { url } = await serve(routes);
  const ctx = makeSourceContext({ config: feedConfig({ url: `${url}/feed`, ...overrides }), http, cursor });
  return { ...(await feedSource.fetch(ctx)), ctx };
}

async function fetchError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

function byId(posts: Post[], id: string): Post {
  const post = posts.find((p) => p.id === id);
  if (!post) throw new Error(`no post ${id} in ${posts.map((p) => p.id).join(', ')}`);
  return post;
}

describe('feedSource: RSS 2.0', () => {
  it('maps items to posts', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/rss.xml', headers: { 'content-type': 'application/rss+xml' } } });
    expect(posts).toHaveLength(4);

    const baskets = byId(posts, 'https://grocerywatch.example/2026/03/ocado-app-baskets');
    expect(baskets).toMatchObject({
      source: 'grocery-news',
      channel: 'news',
      title: 'Ocado app update wipes saved baskets',
      url: 'https://grocerywatch.example/2026/03/ocado-app-baskets',
      author: 'Hannah Price',
      createdAt: '2026-03-02T17:45:00.000Z',
      language: 'en-gb',
    });
    // content:encoded wins over description; HTML becomes lines; images are dropped.
    expect(baskets.text).toBe(
      'Ocado app update wipes saved baskets\n' +
        'Several readers wrote in after the latest Ocado app update: saved baskets are gone & favourites reset.\n' +
        'Ocado says a fix is coming. Read the letters (https://grocerywatch.example/letters).',
    );

    // guid isPermaLink="false" is still the id; an RSS author email gives the name in parentheses.
    expect(byId(posts, 'grocerywatch-slots-2026-03')).toMatchObject({
      author: 'Grocery Watch Desk',
      createdAt: '2026-03-01T09:00:00.000Z',
      text: 'Delivery slots compared: Tesco vs Ocado\nWe booked 20 evening slots with each. Tesco had more availability; Ocado was on time every time.',
    });
  });

  it('falls back to the link, then a hash of title and date, for items without a guid', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/rss.xml' } });
    expect(posts.map((p) => p.id)).toContain('https://grocerywatch.example/2026/02/avocado-toast');
    const letter = posts.find((p) => p.title === 'Reader letter: the Ocada van blocked my drive again');
    expect(letter?.id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(letter?.url).toBeNull();

    // The hash is stable, so the same item is recognised on the next scan.
    const again = await feedSource.fetch(
      makeSourceContext({ config: feedConfig({ url: `${server!.url}/feed` }), http }),
    );
    expect(again.posts.find((p) => p.title === letter?.title)?.id).toBe(letter?.id);
  });

  it('gives the text once when the description repeats the title, or begins with it', async () => {
    const item = (guid: string, title: string, description: string) =>
      `<item><guid>${guid}</guid><title>${title}</title><description>${description}</description></item>`;
    const rss =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' +
      item('same', 'Ocado lost my order again', 'Ocado lost my order again') +
      item('longer', 'Ocado lost my order', 'Ocado lost my order, and the refund is late too.') +
      item('other', 'Slots compared', 'Ocado was on time') +
      item('word', 'Ocado', 'Ocadoish vans everywhere') +
      '</channel></rss>';
    const { posts } = await fetchFeed({ '/feed': { body: rss, headers: { 'content-type': 'application/rss+xml' } } });
    expect(byId(posts, 'same').text).toBe('Ocado lost my order again');
    expect(byId(posts, 'longer').text).toBe('Ocado lost my order, and the refund is late too.');
    expect(byId(posts, 'other').text).toBe('Slots compared\nOcado was on time');
    // Only whole words: "Ocado" does not begin "Ocadoish", so the title is kept.
    expect(byId(posts, 'word').text).toBe('Ocado\nOcadoish vans everywhere');
  });

  it('uses the configured channel', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/rss.xml' } }, { channel: 'forum' });
    expect(new Set(posts.map((p) => p.channel))).toEqual(new Set(['forum']));
  });

  it('reads a gzip-compressed feed', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/rss.xml', gzip: true } });
    expect(posts).toHaveLength(4);
  });
});

describe('feedSource: Atom', () => {
  it('maps entries, with feed-level author and language as fallbacks', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/atom.xml', headers: { 'content-type': 'application/atom+xml' } } });
    expect(posts).toEqual([
      {
        source: 'grocery-news',
        id: 'tag:tomskitchen.example,2026:post-118',
        channel: 'news',
        createdAt: '2026-03-02T10:20:00.000Z',
        title: 'Switched my weekly shop to Ocado',
        // A link whose text is its URL is printed once.
        text: 'Switched my weekly shop to Ocado\nHonestly impressed: every item arrived, no substitutions, and the driver was lovely. https://www.ocado.com/',
        url: 'https://tomskitchen.example/posts/118',
        author: 'Tom Okafor',
        language: 'en',
      },
      {
        source: 'grocery-news',
        id: 'tag:tomskitchen.example,2026:post-117',
        channel: 'news',
        // No <published>: <updated> is used.
        createdAt: '2026-03-01T08:05:00.000Z',
        title: 'Does anyone know if @ocado delivers to Hebden Bridge?',
        text: 'Does anyone know if @ocado delivers to Hebden Bridge?\nAsking for my mum. Their postcode checker keeps timing out.',
        url: 'https://tomskitchen.example/posts/117',
        author: 'Guest: Ruth',
        language: 'en',
      },
    ]);
  });

  it('unwraps Google Alerts redirect links and strips HTML from titles', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/google-alerts.xml' } });
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({
      id: 'tag:google.com,2013:googlealerts/feed:1234509876123450987',
      title: 'Ocado shares slip as robot warehouse fire delays orders',
      url: 'https://markets.example.co.uk/news/ocado-warehouse-fire?ref=alert',
      author: null,
      createdAt: '2026-03-02T15:40:00.000Z',
      text: 'Ocado shares slip as robot warehouse fire delays orders\nCustomers reported cancelled Ocado deliveries across the south east ...',
    });
    expect(posts[1]?.url).toBe('https://blog.shopperviews.example/ocadofail-trending');
    expect(posts[1]?.text).toContain('#OcadoFail');
  });
});

describe('feedSource: Reddit .rss read as a feed', () => {
  it('keeps the post, not Reddit\'s "submitted by /u/…" footer, and the author without /u/', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'reddit/new-feed.xml', headers: { 'content-type': 'application/atom+xml' } } });
    expect(posts.map((p) => [p.id, p.author])).toEqual([
      ['t3_1x9a1bc', 'basket_case_uk'],
      ['t3_1x98zzq', 'logistics_nerd'],
      ['t3_1x96yyp', expect.any(String)],
    ]);
    for (const p of posts) {
      expect(p.text).not.toMatch(/submitted by|\/u\/|\[comments\]/);
      expect(p.text.startsWith(p.title!)).toBe(true);
    }
    expect(byId(posts, 't3_1x98zzq').text).toBe('Ocado opens new warehouse in Luton\nhttps://news.example.co.uk/business/ocado-luton');
  });
});

describe('feedSource: dates', () => {
  it('takes an Atom entry\'s <published> before a dc:date, as the feed parser does', async () => {
    const body = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><title>t</title>
      <entry><id>e1</id><title>Acme news</title><dc:date>2026-03-05T10:00:00Z</dc:date><published>2026-03-01T10:00:00Z</published></entry></feed>`;
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'application/atom+xml' } } });
    expect(posts.map((p) => p.createdAt)).toEqual(['2026-03-01T10:00:00.000Z']);
  });
});

describe('feedSource: ids that look like Reddit\'s', () => {
  const atomEntry = (id: string, link: string, title: string, html: string, author: string) =>
    `<entry><author><name>${author}</name></author><id>${id}</id><link href="${link}"/><updated>2026-03-02T10:00:00+00:00</updated><title>${title}</title><content type="html">${html}</content></entry>`;
  const feed = (...entries: string[]) => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${entries.join('')}</feed>`;

  it('reads a Reddit comment feed: the comment, the post it is on as title, the author without /u/', async () => {
    const body = feed(
      atomEntry(
        't1_oq7dd3m',
        'https://www.reddit.com/r/ocado/comments/1x9a1bc/x/oq7dd3m/',
        '/u/someuser on Weekly thread',
        '&lt;div class="md"&gt;&lt;p&gt;Acme support refunded me in a day&lt;/p&gt;&lt;/div&gt;',
        '/u/someuser',
      ),
    );
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'application/atom+xml' } } });
    expect(posts.map((p) => [p.title, p.text, p.author])).toEqual([['Weekly thread', 'Weekly thread\nAcme support refunded me in a day', 'someuser']]);
  });

  it('keeps a Reddit comment whole when its own words say "submitted by" or "[link]"', async () => {
    const body = feed(
      atomEntry(
        't1_oq7dd3m',
        'https://www.reddit.com/r/ocado/comments/1x9a1bc/x/oq7dd3m/',
        '/u/someuser on Weekly thread',
        '&lt;div class="md"&gt;&lt;p&gt;The refund form I submitted by mail to Acme was lost twice, see [link] in the sidebar&lt;/p&gt;&lt;/div&gt;',
        '/u/someuser',
      ),
    );
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'application/atom+xml' } } });
    expect(posts.map((p) => p.text)).toEqual(['Weekly thread\nThe refund form I submitted by mail to Acme was lost twice, see [link] in the sidebar']);
  });

  it('leaves alone a feed that is not Reddit\'s, whatever its ids look like', async () => {
    const body = feed(atomEntry('t3_1024', 'https://forum.example/t/1024', 'Router trouble', '&lt;p&gt;The Acme router keeps dropping wifi&lt;/p&gt;', '/u/nobody'));
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'application/atom+xml' } } });
    expect(posts.map((p) => [p.text, p.author])).toEqual([['Router trouble\nThe Acme router keeps dropping wifi', '/u/nobody']]);
  });
});

describe('feedSource: JSON Feed', () => {
  it('maps items, accepting a singular author and numeric ids', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/jsonfeed.json', headers: { 'content-type': 'application/feed+json' } } });
    expect(posts).toEqual([
      {
        source: 'grocery-news',
        id: 'https://basketblog.example/2026/03/02/ocdao-typo',
        channel: 'news',
        createdAt: '2026-03-02T14:00:00.000Z',
        title: 'Ocdao, Ocada, Ocado: how people misspell grocers',
        text: 'Ocdao, Ocada, Ocado: how people misspell grocers\nSearch logs show Ocdao is the top typo. Tesco gets off lightly.',
        url: 'https://basketblog.example/2026/03/02/ocdao-typo',
        author: 'Priya Shah',
        language: 'en-GB',
      },
      {
        source: 'grocery-news',
        id: '2026-03-01-note',
        channel: 'news',
        createdAt: '2026-03-01T23:30:00.000Z',
        title: null,
        text: 'Ocado customer service sorted my refund in ten minutes. Genuinely impressed.',
        url: null,
        author: 'Guest Writer',
        language: 'en-US',
      },
      {
        source: 'grocery-news',
        id: '42',
        channel: 'news',
        createdAt: '2026-02-28T09:00:00.000Z',
        title: 'Weekend links',
        text: "Weekend links\nAvocado toast, sourdough, and a very long queue at the farmers' market.",
        url: null,
        author: 'Priya Shah',
        language: 'en-GB',
      },
    ]);
  });

  it('rejects JSON that is not a JSON Feed', async () => {
    const err = await fetchError(fetchFeed({ '/feed': { body: '{"items":[]}', headers: { 'content-type': 'application/json' } } }));
    expect(err.message).toBe('feed "grocery-news": JSON is not a JSON Feed (no https://jsonfeed.org/version/ version)');
  });

  it('rejects invalid JSON', async () => {
    const body = '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1",';
    const err = await fetchError(fetchFeed({ '/feed': { body } }));
    expect(err.message).toMatch(/^feed "grocery-news": invalid JSON: /);
  });
});

describe('feedSource: incremental fetching', () => {
  it('sends the ETag back and yields nothing on 304, keeping the cursor', async () => {
    const { url } = await serve({ '/feed': { file: 'feed/rss.xml', etag: '"rss-v1"' } });
    const config = feedConfig({ url: `${url}/feed` });
    const first = await feedSource.fetch(makeSourceContext({ config, http }));
    expect(first.posts).toHaveLength(4);
    expect(first.cursor).toMatchObject({ etag: '"rss-v1"' });

    const second = await feedSource.fetch(makeSourceContext({ config, http, cursor: first.cursor }));
    expect(server!.requests[1]?.headers['if-none-match']).toBe('"rss-v1"');
    expect(second).toEqual({ posts: [], cursor: first.cursor });
  });

  it('sends Last-Modified back as If-Modified-Since', async () => {
    const lastModified = 'Mon, 02 Mar 2026 18:30:00 GMT';
    const { url } = await serve({ '/feed': { file: 'feed/atom.xml', headers: { 'last-modified': lastModified } } });
    const config = feedConfig({ url: `${url}/feed` });
    const first = await feedSource.fetch(makeSourceContext({ config, http }));
    expect(first.cursor).toMatchObject({ lastModified });
    await feedSource.fetch(makeSourceContext({ config, http, cursor: first.cursor }));
    expect(server!.requests[1]?.headers['if-modified-since']).toBe(lastModified);
  });

  it('yields only new items when the server has no conditional GET', async () => {
    const rss = await readFile(path.join(FIXTURES_DIR, 'feed/rss.xml'), 'utf8');
    const newItem = `<item>
      <title>Ocado responds to basket complaints</title>
      <link>https://grocerywatch.example/2026/03/ocado-responds</link>
      <guid>https://grocerywatch.example/2026/03/ocado-responds</guid>
      <pubDate>Mon, 02 Mar 2026 19:00:00 +0000</pubDate>
      <description>The company apologised.</description>
    </item>
    <item>`;
    const updated = rss.replace('<item>', newItem);
    const { url } = await serve({ '/feed': [{ body: rss }, { body: rss }, { body: updated }] });
    const config = feedConfig({ url: `${url}/feed` });

    const first = await feedSource.fetch(makeSourceContext({ config, http }));
    const second = await feedSource.fetch(makeSourceContext({ config, http, cursor: first.cursor }));
    expect(second.posts).toEqual([]);
    const third = await feedSource.fetch(makeSourceContext({ config, http, cursor: second.cursor }));
    expect(third.posts.map((p) => p.id)).toEqual(['https://grocerywatch.example/2026/03/ocado-responds']);
    expect((third.cursor as { seen: string[] }).seen).toHaveLength(5);
  });

  it('keeps at most 1000 seen ids, always including those still in the feed', async () => {
    const old = Array.from({ length: 1000 }, (_, i) => `old-${i}`);
    const { posts, cursor } = await fetchFeed({ '/feed': { file: 'feed/atom.xml' } }, {}, { seen: old });
    expect(posts).toHaveLength(2);
    const seen = (cursor as { seen: string[] }).seen;
    expect(seen).toHaveLength(1000);
    expect(seen.slice(-2)).toEqual(['tag:tomskitchen.example,2026:post-118', 'tag:tomskitchen.example,2026:post-117']);
    expect(seen[0]).toBe('old-2');
  });
});

describe('feedSource: local files', () => {
  it('reads config.path relative to the base directory', async () => {
    const ctx = makeSourceContext({ config: feedConfig({ path: 'feed/jsonfeed.json' }), baseDir: FIXTURES_DIR });
    const { posts, cursor } = await feedSource.fetch(ctx);
    expect(posts.map((p) => p.id)).toEqual(['https://basketblog.example/2026/03/02/ocdao-typo', '2026-03-01-note', '42']);
    const again = await feedSource.fetch({ ...ctx, cursor });
    expect(again.posts).toEqual([]);
  });

  it('names the source and the path when the file is missing', async () => {
    const ctx = makeSourceContext({ config: feedConfig({ name: 'local', path: 'feed/nope.xml' }), baseDir: FIXTURES_DIR });
    const err = await fetchError(feedSource.fetch(ctx));
    expect(err.message).toBe(`feed "local": cannot read ${path.join(FIXTURES_DIR, 'feed/nope.xml')}: ENOENT: no such file or directory`);
  });
});

describe('feedSource: bad responses', () => {
  it('reports an HTML block page served with 200', async () => {
    const err = await fetchError(fetchFeed({ '/feed': { file: 'feed/block-page.html' } }));
    expect(err.message).toBe('feed "grocery-news": expected an RSS, Atom or JSON feed, got an HTML page ("Access denied") (blocked, or the wrong URL?)');
  });

  it('reports an HTML block page served with 403 as an HTTP error', async () => {
    const err = await fetchError(fetchFeed({ '/feed': { status: 403, file: 'feed/block-page.html' } }));
    expect(err.message).toMatch(/^feed "grocery-news": HTTP 403 from 127\.0\.0\.1:\d+\/feed$/);
  });

  it('reports malformed XML', async () => {
    const err = await fetchError(fetchFeed({ '/feed': { file: 'feed/malformed.xml' } }));
    expect(err.message).toMatch(/^feed "grocery-news": expected an RSS, Atom or JSON feed, got invalid XML \(/);
  });

  it('reports XML that is not a feed', async () => {
    const err = await fetchError(fetchFeed({ '/feed': { body: '<?xml version="1.0"?><sitemap><url>x</url></sitemap>' } }));
    expect(err.message).toBe('feed "grocery-news": expected an RSS, Atom or JSON feed, got XML that is not one');
  });

  it('retries a 429 with Retry-After, then parses the feed', async () => {
    const { posts } = await fetchFeed({
      '/feed': [{ status: 429, headers: { 'retry-after': '0' } }, { file: 'feed/rss.xml' }],
    });
    expect(posts).toHaveLength(4);
    expect(server!.requests).toHaveLength(2);
  });

  it('does not expand entities in a billion-laughs payload', async () => {
    const { posts } = await fetchFeed({ '/feed': { file: 'feed/billion-laughs.xml' } });
    // The parser refuses to expand the nested entity and leaves the reference as text.
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text.length).toBeLessThan(100);
    expect(posts[0]?.text).not.toContain('lollol');
    expect(posts[0]?.title).toBe('Ocado &lol9;');
  });

  it('refuses a quadratic-blowup payload (one large entity referenced many times)', async () => {
    const body =
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "${'x'.repeat(9_000)}">]>` +
      `<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>Ocado</title>` +
      `<description>${'&big;'.repeat(20_000)}</description></item></channel></rss>`;
    const err = await fetchError(fetchFeed({ '/feed': { body } }));
    expect(err.message).toMatch(/^feed "grocery-news": expected an RSS, Atom or JSON feed, got invalid XML \(.*limit exceeded/);
  });
});

describe('feedSource: character sets (B5)', () => {
  const rss = (declaration: string, title: string) =>
    `<?xml version="1.0"${declaration}?><rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>${title}</title></item></channel></rss>`;

  it('decodes with the XML declaration’s encoding when Content-Type names no charset', async () => {
    const body = Buffer.from(rss(' encoding="ISO-8859-1"', 'Ocado caf\xe9'), 'latin1');
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'application/rss+xml' } } });
    expect(posts.map((p) => p.title)).toEqual(['Ocado café']);
  });

  it('lets the Content-Type charset win over the declaration', async () => {
    const body = Buffer.from(rss(' encoding="UTF-8"', 'Ocado \x93deal\x94'), 'latin1');
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'text/xml; charset=windows-1252' } } });
    expect(posts.map((p) => p.title)).toEqual(['Ocado “deal”']);
  });

  it('reads UTF-8 when nothing names a charset, and when the name is unknown', async () => {
    const body = Buffer.from(rss(' encoding="x-unknown-charset"', 'Ocado café'), 'utf8');
    const { posts } = await fetchFeed({ '/feed': { body, headers: { 'content-type': 'application/rss+xml' } } });
    expect(posts.map((p) => p.title)).toEqual(['Ocado café']);
  });
});

describe('feedSource: cut-off documents (B6)', () => {
  const full =
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>Ocado one</title></item>' +
    '<item><guid>b</guid><title>Ocado two</title></item></channel></rss>';

  it('reports a feed cut off before its end instead of returning fewer items', async () => {
    const cut = full.slice(0, full.indexOf('<item><guid>b') + 30);
    const err = await fetchError(fetchFeed({ '/feed': { body: cut, headers: { 'content-type': 'application/rss+xml' } } }));
    expect(err.message).toBe('feed "grocery-news": expected an RSS, Atom or JSON feed, got one cut off before its end');
  });

  it('accepts comments a cache plugin appends after the end', async () => {
    const { posts } = await fetchFeed({ '/feed': { body: `${full}\n<!-- Dynamic page generated in 0.2 seconds. -->\n` } });
    expect(posts).toHaveLength(2);
  });
});
