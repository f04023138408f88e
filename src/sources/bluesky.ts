import { z } from '../config/libs.js';
import type { BlueskySourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError } from '../http/client.js';
import { parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { dateStringSchema } from './date-string.js';
import { advanceCursor, isSeen, readOverlapCursor, searchStart, type OverlapCursor } from './overlap-cursor.js';
import { termQueries } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const SEARCH_LIMIT = 100;
/** app.bsky.actor.getProfiles takes at most this many actors per call. */
const PROFILES_PER_REQUEST = 25;
/** A first scan looks this far back rather than through all of Bluesky's history. */
const FIRST_SCAN_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
const WEB_URL = 'https://bsky.app/profile/';
/** Asked again each scan: posts reach the search index a while after they are written. */
const INDEX_LAG_MS = 10 * 60 * 1000;

/**
 * Where the search left off, by post time (`since` filters on sortAt, about createdAt, not on
 * indexedAt), keyed by uri. `{ newest, recent }`; see overlap-cursor.ts.
 */
export type BlueskyCursor = OverlapCursor;

const rawPostViewSchema = z.object({
  uri: z.string(),
  author: z.object({ did: z.string(), handle: z.string() }),
  record: z.object({
    text: z.string().default(''),
    createdAt: z.string().optional(),
    langs: z.array(z.string()).optional(),
    reply: z.object({ parent: z.object({ uri: z.string() }) }).optional(),
  }),
  replyCount: z.number().optional(),
  repostCount: z.number().optional(),
  likeCount: z.number().optional(),
  quoteCount: z.number().optional(),
  indexedAt: dateStringSchema,
});
type RawPostView = z.infer<typeof rawPostViewSchema>;

const searchPageSchema = z.object({ posts: z.array(z.unknown()), cursor: z.string().optional() });
const sessionSchema = z.object({ accessJwt: z.string(), refreshJwt: z.string() });
const profilesSchema = z.object({
  profiles: z.array(z.object({ did: z.string(), followersCount: z.number().optional() })),
});

type BlueskyContext = SourceContext<BlueskySourceConfig & { name: string }>;

/** Held in memory for one scan only: tokens are never logged or stored. */
interface Session {
  accessJwt: string;
  refreshJwt: string;
  refreshed: boolean;
}

export const blueskySource: Source<'bluesky'> = {
  kind: 'bluesky',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.appPassword], () => fetchBluesky(ctx))),
};

async function fetchBluesky(ctx: BlueskyContext): Promise<FetchResult> {
  const cursor = readBlueskyCursor(ctx.cursor);
  const start = searchStart(cursor, { now: ctx.now, lookbackMs: FIRST_SCAN_LOOKBACK_MS, overlapMs: INDEX_LAG_MS });
  const since = start.toISOString();
  const queries = termQueries({ query: ctx.config.query, terms: ctx.terms, log: ctx.log, label: sourceLabel(ctx.config) });
  const session = await createSession(ctx);

  const found = new Map<string, RawPostView>();
  for (const q of queries) {
    for (const post of await searchAllPages(ctx, { session, q, since })) found.set(post.uri, post);
  }
  // The server applies `since`; checking it again keeps a lax server from repeating old posts.
  const sinceMs = cursor ? start.getTime() : -Infinity;
  const fresh = [...found.values()].filter((p) => !isSeen(cursor, p.uri) && Date.parse(postedAt(p)) >= sinceMs);
  const followers = await fetchFollowers(ctx, { session, posts: fresh });
  const input = { source: ctx.config.name, channel: ctx.config.channel as Channel, followers };
  return {
    posts: fresh.map((p) => normalizeBlueskyPost(p, input)),
    cursor: advanceCursor(cursor, [...found.values()].map((p) => ({ id: p.uri, createdAt: postedAt(p) })), INDEX_LAG_MS),
  };
}

async function createSession(ctx: BlueskyContext): Promise<Session> {
  const body = JSON.stringify({ identifier: ctx.config.handle, password: ctx.config.appPassword });
  try {
    const res = await ctx.http.request(xrpcUrl(ctx, 'com.atproto.server.createSession'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    return { ...parseSession(parseJsonBody(res, 'createSession')), refreshed: false };
  } catch (err) {
    if (err instanceof HttpStatusError && (err.status === 401 || err.status === 400)) {
      throw err.explain(xrpcSaid(err), `cannot log in as ${ctx.config.handle}; check handle and appPassword`);
    }
    throw err;
  }
}

/** One refresh per scan when the access token expires mid-way (400 from a PDS, 401 from an AppView). */
async function refreshSession(ctx: BlueskyContext, session: Session): Promise<void> {
  session.refreshed = true;
  try {
    const res = await ctx.http.request(xrpcUrl(ctx, 'com.atproto.server.refreshSession'), {
      method: 'POST',
      headers: { authorization: `Bearer ${session.refreshJwt}`, accept: 'application/json' },
    });
    Object.assign(session, parseSession(parseJsonBody(res, 'refreshSession')));
  } catch (err) {
    throw err instanceof HttpStatusError ? explainStatus(err) : err;
  }
}

function parseSession(body: unknown): Omit<Session, 'refreshed'> {
  const parsed = sessionSchema.safeParse(body);
  if (!parsed.success) throw new SourceError('createSession answered without accessJwt/refreshJwt');
  return parsed.data;
}

interface XrpcCall {
  session: Session;
  /** An NSID such as app.bsky.feed.searchPosts. */
  method: string;
  params: URLSearchParams;
}

async function xrpcGet(ctx: BlueskyContext, call: XrpcCall): Promise<unknown> {
  const { session, method, params } = call;
  try {
    const res = await ctx.http.request(`${xrpcUrl(ctx, method)}?${params}`, {
      headers: { authorization: `Bearer ${session.accessJwt}`, accept: 'application/json' },
    });
    return parseJsonBody(res, method);
  } catch (err) {
    if (!(err instanceof HttpStatusError)) throw err;
    if (xrpcError(err) === 'ExpiredToken' && !session.refreshed) {
      await refreshSession(ctx, session);
      return xrpcGet(ctx, call);
    }
    throw explainStatus(err);
  }
}

function explainStatus(err: HttpStatusError): HttpStatusError {
  const said = xrpcSaid(err);
  if (err.status === 403) {
    return err.explain(said, 'search refused; it needs a logged-in session on a PDS such as https://bsky.social (public.api.bsky.app refuses it)');
  }
  if (err.status === 401) return err.explain(said, 'the session was refused');
  if (err.status === 400) return err.explain(said, 'the request was refused (check query:)');
  return err.explain(said);
}

/** `{"error":"ExpiredToken","message":"Token has expired"}` → ExpiredToken. */
function xrpcError(err: HttpStatusError): string | undefined {
  const value = parseErrorJson(err.body)?.['error'];
  return typeof value === 'string' ? value : undefined;
}

/** `ExpiredToken: Token has expired`, or undefined when the body says nothing readable. */
function xrpcSaid(err: HttpStatusError): string | undefined {
  const json = parseErrorJson(err.body);
  const parts = [json?.['error'], json?.['message']].filter((v): v is string => typeof v === 'string' && v !== '');
  return parts.length ? parts.join(': ') : undefined;
}

interface SearchInput {
  session: Session;
  q: string;
  since: string;
}

async function searchAllPages(ctx: BlueskyContext, { session, q, since }: SearchInput): Promise<RawPostView[]> {
  const posts: RawPostView[] = [];
  let pageCursor: string | undefined;
  for (let page = 0; page < ctx.config.maxPages; page++) {
    const params = new URLSearchParams({ q, sort: 'latest', since, limit: String(SEARCH_LIMIT) });
    if (pageCursor) params.set('cursor', pageCursor);
    const parsed = searchPageSchema.safeParse(await xrpcGet(ctx, { session, method: 'app.bsky.feed.searchPosts', params }));
    if (!parsed.success) throw new SourceError('response is not a searchPosts result (no posts)');
    for (const raw of parsed.data.posts) {
      const post = rawPostViewSchema.safeParse(raw);
      if (post.success) posts.push(post.data);
      else ctx.log.warn(`${sourceLabel(ctx.config)}: skipped a post without uri/author/record/indexedAt`);
    }
    pageCursor = parsed.data.cursor;
    if (!pageCursor || parsed.data.posts.length === 0) return posts;
  }
  ctx.log.warn(`${sourceLabel(ctx.config)}: "${q}" has more new posts than ${ctx.config.maxPages} pages; older ones were skipped (raise maxPages or scan more often)`);
  return posts;
}

/**
 * Search results carry no follower counts; getProfiles gives them, 25 authors a call. They only
 * rank mentions: when getProfiles fails, the posts are kept without them and the scan goes on.
 */
async function fetchFollowers(ctx: BlueskyContext, { session, posts }: { session: Session; posts: RawPostView[] }): Promise<Map<string, number>> {
  const dids = [...new Set(posts.map((p) => p.author.did))];
  const followers = new Map<string, number>();
  for (let i = 0; i < dids.length; i += PROFILES_PER_REQUEST) {
    const params = new URLSearchParams();
    for (const did of dids.slice(i, i + PROFILES_PER_REQUEST)) params.append('actors', did);
    let answer: unknown;
    try {
      answer = await xrpcGet(ctx, { session, method: 'app.bsky.actor.getProfiles', params });
    } catch (err) {
      ctx.log.warn(`${sourceLabel(ctx.config)}: ${(err as Error).message}; follower counts left out`);
      break;
    }
    const parsed = profilesSchema.safeParse(answer);
    if (!parsed.success) {
      ctx.log.warn(`${sourceLabel(ctx.config)}: getProfiles answered without profiles; follower counts left out`);
      continue;
    }
    for (const p of parsed.data.profiles) if (p.followersCount !== undefined) followers.set(p.did, p.followersCount);
  }
  return followers;
}

function xrpcUrl(ctx: BlueskyContext, method: string): string {
  return `${ctx.config.baseUrl.replace(/\/+$/, '')}/xrpc/${method}`;
}

interface NormalizeInput {
  source: string;
  channel: Channel;
  followers: Map<string, number>;
}

export function normalizeBlueskyPost(post: RawPostView, { source, channel, followers }: NormalizeInput): Post {
  const rkey = post.uri.split('/').pop() ?? '';
  const counts = [post.likeCount, post.repostCount, post.replyCount, post.quoteCount];
  return {
    source,
    id: post.uri,
    channel,
    createdAt: postedAt(post),
    text: post.record.text,
    url: `${WEB_URL}${post.author.handle}/post/${rkey}`,
    author: post.author.handle,
    authorFollowers: followers.get(post.author.did) ?? null,
    engagement: counts.some((n) => n !== undefined) ? counts.reduce<number>((sum, n) => sum + (n ?? 0), 0) : null,
    language: post.record.langs?.[0] ?? null,
    replyTo: post.record.reply?.parent.uri ?? null,
  };
}

/** The client's createdAt can be anything (backdated, in the future); never later than indexedAt. */
function postedAt(post: RawPostView): string {
  const indexed = Date.parse(post.indexedAt);
  const created = Date.parse(post.record.createdAt ?? '');
  return new Date(Number.isNaN(created) ? indexed : Math.min(created, indexed)).toISOString();
}

/**
 * The stored cursor; one in the older `{ since, urisAtSince }` form (an indexedAt, which is never
 * before the post time) becomes an overlap cursor there, so existing databases keep their place.
 */
function readBlueskyCursor(cursor: Cursor | null): BlueskyCursor | null {
  const since = cursor?.['since'];
  if (typeof since !== 'string' || Number.isNaN(Date.parse(since))) return readOverlapCursor(cursor);
  const uris = cursor?.['urisAtSince'];
  const recent = Array.isArray(uris) ? uris.filter((u) => typeof u === 'string').map((u) => [u, since]) : [];
  return { newest: since, recent: Object.fromEntries(recent) };
}
