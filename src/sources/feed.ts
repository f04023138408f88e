import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FeedSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { htmlToText } from '../http/html-to-text.js';
import type { Channel, Cursor, Post } from '../types.js';
import { parseDateUtc } from './date-string.js';
import { isObject } from './is-object.js';
import { isRedditEntry, redditAuthor, redditEntryText, redditEntryTitle } from './reddit-entry.js';
import { rememberIds } from './remember-ids.js';
import { cannotReadFile, labelErrors } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';
import { parseXmlFeed, type XmlFeed } from './xml-feed.js';

/** Ids remembered per feed so a re-fetch without conditional GET yields nothing new. */
const MAX_SEEN_IDS = 1000;
const FEED_ACCEPT =
  'application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\//;

/** What a feed leaves behind between scans. */
export type FeedCursor = {
  etag?: string;
  lastModified?: string;
  /** Ids already delivered, oldest first, at most MAX_SEEN_IDS. */
  seen: string[];
};

type FeedItem = XmlFeed['items'][number];

/** One item from any feed format, before it becomes a Post. */
interface RawFeedItem {
  id: string | null;
  url: string | null;
  title: string | null;
  html: string | null;
  text: string | null;
  published: Date | null;
  updated: Date | null;
  author: string | null;
  language: string | null;
}

type FeedContext = SourceContext<FeedSourceConfig & { name: string }>;

interface LoadedFeed {
  body: string;
  etag?: string;
  lastModified?: string;
}

export const feedSource: Source<'feed'> = {
  kind: 'feed',
  fetch: (ctx) => labelErrors(ctx.config, () => fetchFeed(ctx)),
};

async function fetchFeed(ctx: FeedContext): Promise<FetchResult> {
  const cursor = readFeedCursor(ctx.cursor);
  const loaded = await loadFeed(ctx, cursor);
  if (loaded === null) return { posts: [], cursor: ctx.cursor };

  const base = ctx.config.baseUrl ?? ctx.config.url;
  // The schema only admits CHANNELS, but zod types the enum as string.
  const channel = (ctx.config.channel as Channel | undefined) ?? 'news';
  const input = { source: ctx.config.name, channel, now: ctx.now, base };
  const posts = uniqueById(
    parseFeedBody(loaded.body).flatMap((item) => {
      const post = normalizeFeedItem(item, input);
      if (!post) ctx.log.debug(`feed "${ctx.config.name}": skipped an item with no title or text`);
      return post ? [post] : [];
    }),
  );
  const seen = new Set(cursor.seen);
  const next: FeedCursor = { seen: rememberIds(cursor.seen, posts.map((p) => p.id), MAX_SEEN_IDS) };
  if (loaded.etag) next.etag = loaded.etag;
  if (loaded.lastModified) next.lastModified = loaded.lastModified;
  return { posts: posts.filter((p) => !seen.has(p.id)), cursor: next };
}

/** The body to parse, or null when the server says nothing changed (304). */
async function loadFeed(ctx: FeedContext, cursor: FeedCursor): Promise<LoadedFeed | null> {
  const { url, path: file } = ctx.config;
  if (!url) return { body: await readLocalFeed(path.resolve(ctx.baseDir, file ?? '')) };

  const headers: Record<string, string> = { accept: FEED_ACCEPT };
  if (cursor.etag) headers['if-none-match'] = cursor.etag;
  if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
  const res = await ctx.http.request(url, { headers });
  if (res.status === 304) return null;
  const body = res.bytes ? decodeFeedBytes(res.bytes, res.headers['content-type']) : res.body;
  return { body, etag: res.headers['etag'], lastModified: res.headers['last-modified'] };
}

async function readLocalFeed(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw cannotReadFile(file, err);
  }
  return decodeFeedBytes(bytes, undefined);
}

/**
 * Feeds still come in ISO-8859-1, windows-1252 and the like: the charset from Content-Type
 * wins, then the XML declaration's encoding, then UTF-8 (also for labels TextDecoder lacks).
 */
function decodeFeedBytes(bytes: Uint8Array, contentType: string | undefined): string {
  const fromHeader = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  // The declaration is ASCII in every encoding a declaration may name (UTF-16 aside, which has a BOM).
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const fromDeclaration = /^(\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[2];
  for (const label of [fromHeader, fromDeclaration]) {
    if (!label) continue;
    const decoder = textDecoderFor(label);
    if (!decoder) continue; // An encoding TextDecoder does not know: try the next source of truth.
    const text = decoder.decode(bytes);
    return decoder.encoding === 'windows-1252' ? fixWindows1252(text) : text;
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function textDecoderFor(label: string) {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/** What windows-1252 puts at 0x80–0x9F (U+FFFD where it has nothing). */
const WINDOWS_1252_C1 = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

/**
 * Node 20's TextDecoder decodes windows-1252 (also the WHATWG meaning of latin1 and iso-8859-1)
 * as ISO-8859-1, so curly quotes and dashes come out as C1 controls; put the real characters back.
 */
function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

function readFeedCursor(cursor: Cursor | null): FeedCursor {
  const seen = Array.isArray(cursor?.['seen']) ? cursor['seen'].filter((id) => typeof id === 'string') : [];
  const result: FeedCursor = { seen };
  if (typeof cursor?.['etag'] === 'string') result.etag = cursor['etag'];
  if (typeof cursor?.['lastModified'] === 'string') result.lastModified = cursor['lastModified'];
  return result;
}


/** RSS 2.0, RDF, Atom or JSON Feed, told apart by content rather than content-type (often wrong). */
function parseFeedBody(body: string): RawFeedItem[] {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return parseJsonFeed(text);
  // Shared with reddit: an HTML page or a document cut off before its end is an error, not fewer items.
  const feed = parseXmlFeed(text, { what: 'an RSS, Atom or JSON feed', htmlHint: 'blocked, or the wrong URL?' });
  // The parser looks the feed's language and authors up among all its children each time they
  // are read (an item without an author falls back to the feed's): once per feed, not per item,
  // or 8,000 items took 40 s.
  Object.defineProperty(feed, 'authors', { value: feed.authors });
  const language = feed.language;
  return feed.items.map((item) => fromXmlItem(item, language));
}

function fromXmlItem(item: FeedItem, feedLanguage: string | null): RawFeedItem {
  // The parser falls back to feed-level authors; Google Alerts sends an empty <name>.
  const author = item.authors.map((a) => a.name?.trim() || a.email?.trim()).find(Boolean) ?? null;
  // Reddit's .rss, read as a plain feed: its text without the "submitted by" footer, the author without /u/.
  const reddit = isRedditEntry(item.id, item.url);
  return {
    id: item.id,
    url: item.url,
    title: reddit ? redditEntryTitle(item.title, item.id) : item.title,
    html: reddit ? null : (item.content ?? item.description),
    text: reddit ? redditEntryText(item.content ?? item.description ?? '', item.url) : null,
    published: itemDate(item, 'published'),
    updated: itemDate(item, 'updated') ?? itemDate(item, 'published'),
    author: reddit ? redditAuthor(author) : author,
    language: item.element.getAttribute('xml:lang') ?? feedLanguage,
  };
}

/** The elements the feed parser reads an item's dates from, in its order: Atom's, else RSS and RDF's. */
const DATE_ELEMENTS = {
  atom: { published: ['published', 'issued'], updated: ['modified', 'updated'] },
  rss: { published: ['pubdate', 'date'], updated: ['date'] },
} as const;

/** The item's date as the parser finds it, but a time without a zone read as UTC (parseDateUtc). */
function itemDate(item: FeedItem, which: 'published' | 'updated'): Date | null {
  for (const name of DATE_ELEMENTS[item.element.name === 'entry' ? 'atom' : 'rss'][which]) {
    const text = item.element.findElementWithName(name)?.textContent;
    const date = text === undefined ? null : parseDateUtc(text);
    if (date) return date;
  }
  return null;
}

function parseJsonFeed(text: string): RawFeedItem[] {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (err) {
    throw new SourceError(`invalid JSON: ${(err as Error).message}`);
  }
  if (!isObject(feed) || typeof feed['version'] !== 'string' || !JSON_FEED_VERSION.test(feed['version'])) {
    throw new SourceError('JSON is not a JSON Feed (no https://jsonfeed.org/version/ version)');
  }
  if (!Array.isArray(feed['items'])) throw new SourceError('JSON Feed has no items array');
  const feedAuthor = jsonAuthor(feed);
  const feedLanguage = stringOrNull(feed['language']);
  return feed['items'].filter(isObject).map((item) => ({
    id: stringOrNull(item['id']),
    url: stringOrNull(item['url']) ?? stringOrNull(item['external_url']),
    title: stringOrNull(item['title']),
    html: stringOrNull(item['content_html']),
    text: stringOrNull(item['content_text']) ?? stringOrNull(item['summary']),
    published: dateOrNull(item['date_published']),
    updated: dateOrNull(item['date_modified']),
    author: jsonAuthor(item) ?? feedAuthor,
    language: stringOrNull(item['language']) ?? feedLanguage,
  }));
}

/** JSON Feed 1.1 `authors[]`, or 1.0's singular `author`. */
function jsonAuthor(obj: Record<string, unknown>): string | null {
  const authors = Array.isArray(obj['authors']) ? obj['authors'] : [obj['author']];
  return authors.map((a) => (isObject(a) ? stringOrNull(a['name']) : null)).find((n) => n !== null) ?? null;
}

interface NormalizeInput {
  source: string;
  channel: Channel;
  now: Date;
  base: string | undefined;
}

function normalizeFeedItem(item: RawFeedItem, { source, channel, now, base }: NormalizeInput): Post | null {
  const title = item.title ? plainTitle(item.title) : null;
  const body = item.html ? htmlToText(item.html) : (item.text?.trim() ?? '');
  // Many feeds repeat the title as the description, or begin it with the title: once is enough.
  const text = title && startsWithWords(body, title) ? body : [title, body].filter(Boolean).join('\n');
  if (!text) return null;
  const url = item.url ? resolveUrl(unwrapGoogleRedirect(item.url), base) : null;
  const date = item.published ?? item.updated;
  return {
    source,
    id: item.id ?? url ?? hashId(title ?? text, date),
    channel,
    createdAt: (date ?? now).toISOString(),
    text,
    title,
    url,
    author: item.author,
    language: item.language,
  };
}

/** Whether `text` begins with `start` as whole words: "Acme" begins "Acme, again", not "Acmecorp". */
function startsWithWords(text: string, start: string): boolean {
  return text.startsWith(start) && !/^[\p{L}\p{N}]/u.test(text.slice(start.length));
}

/** Google Alerts titles are HTML (`<b>` around the match); ordinary titles pass through. */
function plainTitle(title: string): string {
  return /<[a-z/!]/i.test(title) ? htmlToText(title) : title.trim();
}

/** Google Alerts links go through https://www.google.com/url?…&url=REAL; we want REAL. */
function unwrapGoogleRedirect(url: string): string {
  try {
    const parsed = new URL(url);
    if (!/(^|\.)google(\.[a-z]{2,3}){1,2}$/.test(parsed.hostname) || parsed.pathname !== '/url') return url;
    const target = parsed.searchParams.get('url') ?? parsed.searchParams.get('q');
    return target && /^https?:\/\//i.test(target) ? target : url;
  } catch {
    return url;
  }
}

function resolveUrl(url: string, base: string | undefined): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function hashId(title: string, date: Date | null): string {
  const digest = createHash('sha256').update(`${title}\n${date?.toISOString() ?? ''}`).digest('hex');
  return `sha256:${digest.slice(0, 32)}`;
}

function uniqueById(posts: Post[]): Post[] {
  const byId = new Map<string, Post>();
  for (const post of posts) if (!byId.has(post.id)) byId.set(post.id, post);
  return [...byId.values()];
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function dateOrNull(value: unknown): Date | null {
  return typeof value === 'string' ? parseDateUtc(value) : null;
}
