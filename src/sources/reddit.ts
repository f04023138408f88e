import { parseFeed } from '@rowanmanning/feed-parser';
import { z } from '../config/libs.js';
import type { RedditSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError, type HttpRequestOptions, type HttpResponse } from '../http/client.js';
import { DeadlineError } from '../http/deadline.js';
import { htmlTitle, looksLikeHtml, parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { redditAuthor, redditEntryText } from './reddit-entry.js';
import { rememberIds } from './remember-ids.js';
import { quoteTerm, uniqueTerms } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import { parseXmlFeed } from './xml-feed.js';
import type { FetchResult, Source, SourceContext } from './source.js';

/** Reddit's largest page, for feeds and listings alike. */
const LISTING_LIMIT = 100;
/** Fullnames remembered between scans: several times the largest page. */
const MAX_SEEN_IDS = 1000;
const ATOM_ACCEPT = 'application/atom+xml, application/xml;q=0.9, */*;q=0.5';

/** What Reddit leaves behind between scans, in both modes. */
export type RedditCursor = {
  /** created time of the newest post seen (ISO-8601). */
  newest: string;
  /** Fullnames (t3_…, t1_…) already delivered, oldest first, at most MAX_SEEN_IDS. */
  seen: string[];
  /**
   * Per stream (its path), the created time of the newest post it gave. Each listing is read down
   * to its own: search lags the subreddit listings, so their newest would cut it short.
   */
  streams?: Record<string, string>;
  /** Streams (paths) the last scan had no time for: the next one reads them first. */
  leftOver?: string[];
};

const rawThingSchema = z.object({
  kind: z.string(),
  data: z.object({
    name: z.string(),
    created_utc: z.number(),
    author: z.string().nullish(),
    title: z.string().nullish(),
    selftext: z.string().nullish(),
    body: z.string().nullish(),
    url: z.string().nullish(),
    permalink: z.string().nullish(),
    is_self: z.boolean().nullish(),
    score: z.number().nullish(),
    parent_id: z.string().nullish(),
    link_title: z.string().nullish(),
  }),
});
type RawRedditThing = z.infer<typeof rawThingSchema>;

const listingSchema = z.object({
  data: z.object({ children: z.array(z.unknown()), after: z.string().nullish() }),
});
const tokenSchema = z.object({ access_token: z.string() });

type RedditContext = SourceContext<RedditSourceConfig & { name: string }>;
type FeedItem = ReturnType<typeof parseFeed>['items'][number];

/** One feed or listing to read: what to call it in messages, and where it is. */
interface Stream {
  label: string;
  /** For listings, ends in `?` or `&` so paging parameters can follow. */
  path: string;
}

export const redditSource: Source<'reddit'> = {
  kind: 'reddit',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.clientSecret], () => fetchReddit(ctx))),
};

async function fetchReddit(ctx: RedditContext): Promise<FetchResult> {
  const cursor = readRedditCursor(ctx.cursor);
  const oauth = Boolean(ctx.config.clientId && ctx.config.clientSecret);
  const streams = streamsToRead(ctx, oauth);
  const read = oauth ? await readApi(ctx, { streams, cursor }) : await readFeeds(ctx, { streams, cursor });
  const all = read.flatMap((r) => r.posts);
  const byId = new Map(all.map((p) => [p.id, p]));
  const seen = new Set(cursor?.seen);
  return {
    posts: [...byId.values()].filter((p) => !seen.has(p.id)),
    cursor: nextCursor(cursor, streams, read),
  };
}

/** What one stream gave in this scan. */
interface StreamRead {
  stream: Stream;
  posts: Post[];
}

/**
 * Where a stream's last scan stopped: its own newest post, or for a cursor written before streams
 * were told apart, the newest of all. Undefined for a stream not read before (a new subreddit or
 * query), which then reads one page as a first scan does.
 */
function lastNewest(cursor: RedditCursor | null, stream: Stream): string | undefined {
  if (!cursor) return undefined;
  return cursor.streams ? cursor.streams[stream.path] : cursor.newest;
}

/**
 * Subreddits as one multireddit (`r/a+b+c`) and brand terms as one OR search: the keyless feeds
 * allow about a request a minute, so every request counts.
 */
function streamsToRead(ctx: RedditContext, oauth: boolean): Stream[] {
  const subs = ctx.config.subreddits.map((s) => s.replace(/^\/?r\//, '')).join('+');
  const q = ctx.config.query ?? (uniqueTerms(ctx.terms).map(quoteTerm).join(' OR ') || undefined);
  if (!subs && !q) throw new SourceError('no subreddits, no query and no brand terms to search for');
  const search = new URLSearchParams({ q: q ?? '', sort: 'new' });
  const streams: Stream[] = [];
  if (oauth) {
    if (subs) streams.push({ label: `r/${subs}`, path: `/r/${subs}/new?` }, { label: `r/${subs} comments`, path: `/r/${subs}/comments?` });
    if (q) streams.push({ label: 'search', path: `/search?${search}&type=link&` });
  } else {
    if (subs) streams.push({ label: `r/${subs}`, path: `/r/${subs}/new/.rss?limit=${LISTING_LIMIT}` });
    if (q) streams.push({ label: 'search', path: `/search.rss?${search}&limit=${LISTING_LIMIT}` });
  }
  return streams;
}

/** The streams to read and where the last scan stopped. */
interface ReadInput {
  streams: Stream[];
  cursor: RedditCursor | null;
}

/**
 * Keyless Atom feeds: one page each (there is no time for more at a request a minute). When the
 * scan's deadline leaves time for some streams only (a feed on reddit.com takes turns with them),
 * the rest wait for the next scan, which reads them first: every stream gets its turn.
 */
async function readFeeds(ctx: RedditContext, { streams, cursor }: ReadInput): Promise<StreamRead[]> {
  const read: StreamRead[] = [];
  const waiting = new Set(cursor?.leftOver);
  const order = [...streams.filter((s) => waiting.has(s.path)), ...streams.filter((s) => !waiting.has(s.path))];
  for (const [i, stream] of order.entries()) {
    let res: HttpResponse;
    try {
      res = await redditRequest(ctx, { url: `${base(ctx.config.baseUrl)}${stream.path}`, headers: { accept: ATOM_ACCEPT } });
    } catch (err) {
      if (!(err instanceof DeadlineError) || read.length === 0) throw err;
      const left = order.slice(i).map((s) => s.label).join(', ');
      ctx.log.warn(`${sourceLabel(ctx.config)}: ${left} left for the next scan: ${err.message}`);
      break;
    }
    const entries = parseAtom(res).flatMap((item) => {
      const post = normalizeRedditEntry(item, { source: ctx.config.name, channel: ctx.config.channel as Channel, now: ctx.now });
      if (!post) ctx.log.debug(`${sourceLabel(ctx.config)}: skipped an entry without an id`);
      return post ? [post] : [];
    });
    warnIfGap(ctx, { stream, entries, cursor });
    read.push({ stream, posts: entries });
  }
  return read;
}

/** A full page of entries all newer than the last scan means some may have scrolled past unseen. */
function warnIfGap(ctx: RedditContext, { stream, entries, cursor }: { stream: Stream; entries: Post[]; cursor: RedditCursor | null }): void {
  const last = lastNewest(cursor, stream);
  if (!cursor || last === undefined || entries.length < LISTING_LIMIT) return;
  const seen = new Set(cursor.seen);
  if (entries.every((p) => !seen.has(p.id) && p.createdAt > last)) {
    ctx.log.warn(`${sourceLabel(ctx.config)}: ${stream.label}: every entry is new since the last scan; older ones may have been missed (scan more often)`);
  }
}

/** The OAuth API: newest first, each listing paged with `after` down to where its last scan stopped. */
async function readApi(ctx: RedditContext, { streams, cursor }: ReadInput): Promise<StreamRead[]> {
  const token = await fetchToken(ctx);
  const read: StreamRead[] = [];
  const input = { source: ctx.config.name, channel: ctx.config.channel as Channel, webBase: ctx.config.baseUrl };
  for (const stream of streams) {
    const last = lastNewest(cursor, stream);
    // Before streams were told apart, a post delivered by any stream also marked the end.
    const seen = cursor && !cursor.streams ? new Set(cursor.seen) : new Set<string>();
    const posts: Post[] = [];
    read.push({ stream, posts });
    let after: string | undefined;
    for (let page = 0; ; page++) {
      const params = new URLSearchParams({ limit: String(LISTING_LIMIT), raw_json: '1' });
      if (after) params.set('after', after);
      const res = await redditRequest(ctx, {
        url: `${base(ctx.config.apiBaseUrl)}${stream.path}${params}`,
        headers: { accept: 'application/json', authorization: `bearer ${token}` },
      });
      const listing = parseListing(ctx, parseJsonBody(res, 'the Reddit API'));
      const batch = listing.things.map((t) => normalizeRedditThing(t, input));
      posts.push(...batch);
      after = listing.after ?? undefined;
      const reachedLastScan = batch.some((p) => seen.has(p.id) || (last !== undefined && p.createdAt <= last));
      // A first scan reads one page: it starts the cursor, not an archive.
      if (!after || reachedLastScan || last === undefined) break;
      if (page === ctx.config.maxPages - 1) {
        ctx.log.warn(`${sourceLabel(ctx.config)}: ${stream.label} has more new posts than ${ctx.config.maxPages} pages; older ones were skipped`);
        break;
      }
    }
  }
  return read;
}

/** An app-only ("logged-out") token; it lives for this scan only and is never stored. */
async function fetchToken(ctx: RedditContext): Promise<string> {
  const basic = Buffer.from(`${ctx.config.clientId}:${ctx.config.clientSecret}`).toString('base64');
  const res = await redditRequest(ctx, {
    url: `${base(ctx.config.baseUrl)}/api/v1/access_token`,
    method: 'POST',
    headers: { accept: 'application/json', authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = parseJsonBody(res, 'the OAuth token endpoint');
  const token = tokenSchema.safeParse(body);
  if (token.success) return token.data.access_token;
  const said = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  throw new SourceError(`OAuth token refused${typeof said === 'string' ? ` (${said})` : ''}: check clientId and clientSecret`);
}

async function redditRequest(ctx: RedditContext, { url, ...opts }: HttpRequestOptions & { url: string }): Promise<HttpResponse> {
  try {
    return await ctx.http.request(url, opts);
  } catch (err) {
    throw err instanceof HttpStatusError ? explainStatus(err) : err;
  }
}

function explainStatus(err: HttpStatusError): HttpStatusError {
  if (err.status === 403 && looksLikeHtml(err)) {
    return err.explain(
      htmlTitle(err.body) ?? 'an HTML page',
      "Reddit's block page; it refuses clients it does not trust without OAuth: wait, or set clientId and clientSecret",
    );
  }
  const json = parseErrorJson(err.body);
  const said = [json?.['message'], json?.['error']].find((v): v is string => typeof v === 'string');
  return err.status === 401 ? err.explain(said, 'check clientId and clientSecret') : err.explain(said);
}

function parseAtom(res: HttpResponse): FeedItem[] {
  return parseXmlFeed(res.body, { what: 'an Atom feed', htmlHint: 'blocked by Reddit?', contentType: res.headers['content-type'] }).items;
}

function parseListing(ctx: RedditContext, body: unknown): { things: RawRedditThing[]; after: string | null | undefined } {
  const listing = listingSchema.safeParse(body);
  if (!listing.success) throw new SourceError('response is not a Reddit listing (no data.children)');
  const things = listing.data.data.children.flatMap((raw) => {
    const thing = rawThingSchema.safeParse(raw);
    if (thing.success && (thing.data.kind === 't3' || thing.data.kind === 't1')) return [thing.data];
    if (!thing.success) ctx.log.warn(`${sourceLabel(ctx.config)}: skipped a listing item without name/created_utc`);
    return [];
  });
  return { things, after: listing.data.data.after };
}

interface EntryInput {
  source: string;
  channel: Channel;
  now: Date;
}

/**
 * An Atom entry: the self text sits between Reddit's SC_OFF/SC_ON comments, followed by a
 * "submitted by … [link] [comments]" footer; a link post's [link] is the URL it shares.
 */
export function normalizeRedditEntry(item: FeedItem, { source, channel, now }: EntryInput): Post | null {
  if (!item.id) return null;
  const title = item.title?.trim() || null;
  return {
    source,
    id: item.id,
    channel,
    createdAt: (item.published ?? item.updated ?? now).toISOString(),
    text: [title, redditEntryText(item.content ?? item.description ?? '', item.url)].filter(Boolean).join('\n'),
    title,
    url: item.url,
    author: redditAuthor(item.authors[0]?.name),
  };
}

interface ThingInput {
  source: string;
  channel: Channel;
  /** Permalinks are relative to the website. */
  webBase: string;
}

/** A post (t3) or comment (t1) from a JSON listing; raw_json=1 means no HTML entities to undo. */
export function normalizeRedditThing({ kind, data }: RawRedditThing, { source, channel, webBase }: ThingInput): Post {
  const isPost = kind === 't3';
  const parts = isPost ? [data.title, data.selftext, data.is_self === false ? data.url : null] : [data.body];
  return {
    source,
    id: data.name,
    channel,
    createdAt: new Date(data.created_utc * 1000).toISOString(),
    text: parts.filter(Boolean).join('\n'),
    title: (isPost ? data.title : data.link_title) ?? null,
    url: data.permalink ? new URL(data.permalink, webBase).href : null,
    author: redditAuthor(data.author),
    engagement: data.score ?? null,
    replyTo: isPost ? null : (data.parent_id ?? null),
  };
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

function nextCursor(previous: RedditCursor | null, all: Stream[], read: StreamRead[]): RedditCursor | null {
  let newest = previous?.newest ?? '';
  const streams: Record<string, string> = {};
  for (const stream of all) {
    // A stream that gave nothing this time, or was not read, keeps where it stood.
    let own = lastNewest(previous, stream) ?? '';
    for (const p of read.find((r) => r.stream === stream)?.posts ?? []) if (p.createdAt > own) own = p.createdAt;
    if (own) streams[stream.path] = own;
    if (own > newest) newest = own;
  }
  if (!newest) return null;
  const ids = read.flatMap((r) => r.posts.map((p) => p.id));
  const leftOver = all.filter((stream) => !read.some((r) => r.stream === stream)).map((stream) => stream.path);
  return { newest, seen: rememberIds(previous?.seen ?? [], [...new Set(ids)], MAX_SEEN_IDS), streams, ...(leftOver.length ? { leftOver } : {}) };
}

function readRedditCursor(cursor: Cursor | null): RedditCursor | null {
  const newest = cursor?.['newest'];
  if (typeof newest !== 'string') return null;
  const seen = cursor?.['seen'];
  const streams = cursor?.['streams'];
  const leftOver = cursor?.['leftOver'];
  return {
    newest,
    seen: Array.isArray(seen) ? seen.filter((id) => typeof id === 'string') : [],
    ...(typeof streams === 'object' && streams !== null && !Array.isArray(streams)
      ? { streams: Object.fromEntries(Object.entries(streams).filter(([, v]) => typeof v === 'string')) as Record<string, string> }
      : {}),
    ...(Array.isArray(leftOver) ? { leftOver: leftOver.filter((p) => typeof p === 'string') } : {}),
  };
}
