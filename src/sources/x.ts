import { z } from '../config/libs.js';
import type { XSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError } from '../http/client.js';
import { parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { dateStringSchema } from './date-string.js';
import { compareNumericIds, maxNumericId } from './numeric-ids.js';
import { quoteTerm, uniqueTerms } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const MAX_RESULTS = 100;
/** Longest query X accepts on self-serve plans. */
const MAX_QUERY_CHARS = 512;
const TWEET_FIELDS = 'created_at,lang,public_metrics,referenced_tweets,conversation_id,author_id,note_tweet';
const USER_FIELDS = 'username,public_metrics';
/** What X takes as a username; other handles (a Mastodon `name@instance`) are not searched for here. */
const X_USERNAME = /^[A-Za-z0-9_]{1,15}$/;
/** A repost only repeats, cut short, a post the same search finds on its own. */
const NO_RETWEETS = '-is:retweet';

/** The newest post id seen: the next scan asks for posts after it (`since_id`). */
export type XCursor = { sinceId: string };

const metricsSchema = z
  .object({ retweet_count: z.number(), reply_count: z.number(), like_count: z.number(), quote_count: z.number() })
  .partial();
const rawTweetSchema = z.object({
  id: z.string(),
  text: z.string(),
  created_at: dateStringSchema,
  author_id: z.string().optional(),
  lang: z.string().optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
  public_metrics: metricsSchema.optional(),
  note_tweet: z.object({ text: z.string() }).optional(),
  /** The post's ids, first to last edit; an edit comes as a new id. */
  edit_history_tweet_ids: z.array(z.string()).optional(),
});
type RawTweet = z.infer<typeof rawTweetSchema>;

const rawUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  public_metrics: z.object({ followers_count: z.number() }).partial().optional(),
});
type RawXUser = z.infer<typeof rawUserSchema>;

const pageSchema = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z.object({ newest_id: z.string().optional(), next_token: z.string().optional() }),
});

type XContext = SourceContext<XSourceConfig & { name: string }>;

export const xSource: Source<'x'> = {
  kind: 'x',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.token], () => fetchX(ctx))),
};

/**
 * Recent search, newest first. Paging keeps the same since_id; the cursor then moves to the
 * newest id, so a scan capped by maxPages skips what it did not reach (and says so).
 */
async function fetchX(ctx: XContext): Promise<FetchResult> {
  const sinceId = readXCursor(ctx.cursor)?.sinceId;
  const query = buildQuery(ctx);
  const tweets: RawTweet[] = [];
  const users = new Map<string, RawXUser>();
  let newestId = sinceId;
  let nextToken: string | undefined;
  for (let page = 0; page < ctx.config.maxPages; page++) {
    const params = new URLSearchParams({
      query,
      max_results: String(MAX_RESULTS),
      'tweet.fields': TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': USER_FIELDS,
    });
    if (sinceId) params.set('since_id', sinceId);
    if (nextToken) params.set('next_token', nextToken);
    const body = await searchRecent(ctx, params);
    tweets.push(...parseItems(ctx, { items: body.data, schema: rawTweetSchema, what: 'post without id/text/created_at' }));
    for (const u of parseItems(ctx, { items: body.includes?.users, schema: rawUserSchema, what: 'user without id/username' })) users.set(u.id, u);
    newestId = maxNumericId(newestId, body.meta.newest_id);
    nextToken = body.meta.next_token;
    if (!nextToken) break;
    if (page === ctx.config.maxPages - 1) {
      ctx.log.warn(`${sourceLabel(ctx.config)}: more new posts than ${ctx.config.maxPages} pages; older ones were skipped (raise maxPages or scan more often)`);
    }
  }
  for (const t of tweets) newestId = maxNumericId(newestId, t.id);

  const input = { source: ctx.config.name, channel: ctx.config.channel as Channel, users };
  const byId = new Map<string, Post>();
  for (const t of tweets) {
    if (sinceId && compareNumericIds(t.id, sinceId) <= 0) continue;
    if (t.referenced_tweets?.some((r) => r.type === 'retweeted')) continue;
    // Newest first: of a post and its edits met in one scan, the last edit is kept.
    const post = normalizeXPost(t, input);
    if (!byId.has(post.id)) byId.set(post.id, post);
  }
  return { posts: [...byId.values()], cursor: newestId ? { sinceId: newestId } : null };
}

/**
 * `query` as written, else `(a OR "b c" OR @h OR from:h) -is:retweet` within X's length limit:
 * the brand terms, and each handle, for posts addressed to it (X matches words, so "Ocado" does
 * not find "@OcadoSupport where is my order"), and own brands' `from:`, for their replies, which
 * mark what they answer responded. A query too long is cut at its end: the brand terms come
 * first, as untagged posts are what earshot is for, then own handles, then competitors'.
 */
function buildQuery(ctx: XContext): string {
  if (ctx.config.query) return ctx.config.query;
  const accounts = (ctx.accounts ?? []).filter((a) => X_USERNAME.test(a.handle));
  const own = accounts.filter((a) => a.own).flatMap((a) => [`@${a.handle}`, `from:${a.handle}`]);
  const others = accounts.filter((a) => !a.own).map((a) => `@${a.handle}`);
  const terms = [...uniqueTerms(ctx.terms).map(quoteTerm), ...own, ...others];
  if (terms.length === 0) throw new SourceError('no query configured and no brand terms to search for');
  const build = (n: number) => `(${terms.slice(0, n).join(' OR ')}) ${NO_RETWEETS}`;
  let n = terms.length;
  while (n > 1 && build(n).length > MAX_QUERY_CHARS) n--;
  if (n < terms.length) {
    ctx.log.warn(`${sourceLabel(ctx.config)}: searching the first ${n} of ${terms.length} brand terms and handles (X allows ${MAX_QUERY_CHARS} characters); set query: to choose`);
  }
  return build(n);
}

async function searchRecent(ctx: XContext, params: URLSearchParams): Promise<z.infer<typeof pageSchema>> {
  const url = `${ctx.config.baseUrl.replace(/\/+$/, '')}/2/tweets/search/recent?${params}`;
  let body: unknown;
  try {
    const res = await ctx.http.request(url, { headers: { authorization: `Bearer ${ctx.config.token}`, accept: 'application/json' } });
    body = parseJsonBody(res, 'the recent search API');
  } catch (err) {
    throw err instanceof HttpStatusError ? explainStatus(err) : err;
  }
  const page = pageSchema.safeParse(body);
  if (!page.success) throw new SourceError('response is not a recent search result (no meta)');
  return page.data;
}

/** X answers errors as problem+json (`title`, `detail`) or as v1.1-style `errors[].message`. */
function explainStatus(err: HttpStatusError): HttpStatusError {
  const json = parseErrorJson(err.body);
  const errors = Array.isArray(json?.['errors']) ? (json['errors'] as { message?: unknown }[]) : [];
  const said = [json?.['detail'], json?.['title'], errors[0]?.message].find((v): v is string => typeof v === 'string' && v !== '');
  if (err.status === 401) return err.explain(said, 'the bearer token was refused');
  if (err.status === 402 || err.status === 403) return err.explain(said, 'the app may lack access or credits for recent search');
  return err.explain(said);
}

interface ParseItemsInput<T> {
  items: unknown[] | undefined;
  schema: z.ZodType<T>;
  /** What a skipped item lacked, for the warning. */
  what: string;
}

/** Items that fit the schema; the others are skipped with a warning. */
function parseItems<T>(ctx: XContext, { items, schema, what }: ParseItemsInput<T>): T[] {
  return (items ?? []).flatMap((raw) => {
    const item = schema.safeParse(raw);
    if (item.success) return [item.data];
    ctx.log.warn(`${sourceLabel(ctx.config)}: skipped a ${what}`);
    return [];
  });
}

interface NormalizeInput {
  source: string;
  channel: Channel;
  users: Map<string, RawXUser>;
}

export function normalizeXPost(tweet: RawTweet, { source, channel, users }: NormalizeInput): Post {
  const user = tweet.author_id ? users.get(tweet.author_id) : undefined;
  const m = tweet.public_metrics;
  const counts = [m?.like_count, m?.retweet_count, m?.reply_count, m?.quote_count];
  const history = tweet.edit_history_tweet_ids ?? [];
  return {
    source,
    // An edited post is stored under its first id, so that its edits are the same post: an
    // edit comes as a new id, and would otherwise be a second mention and a second alert.
    id: tweet.edit_history_tweet_ids?.[0] ?? tweet.id,
    channel,
    createdAt: new Date(tweet.created_at).toISOString(),
    // Long posts are cut in `text`; note_tweet holds them whole.
    text: decodeXEntities(tweet.note_tweet?.text ?? tweet.text),
    url: `https://x.com/${user?.username ?? 'i/web'}/status/${tweet.id}`,
    author: user?.username ?? null,
    authorFollowers: user?.public_metrics?.followers_count ?? null,
    engagement: counts.some((n) => n !== undefined) ? counts.reduce<number>((sum, n) => sum + (n ?? 0), 0) : null,
    // `und`: X could not tell.
    language: tweet.lang && tweet.lang !== 'und' ? tweet.lang : null,
    replyTo: tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null,
    // A brand answering the edited post replies to the edit's id.
    ...(history.length > 1 ? { aliases: history.slice(1) } : {}),
  };
}

/** X escapes only these three in post text; &amp; last so `&amp;lt;` stays `&lt;`. */
function decodeXEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function readXCursor(cursor: Cursor | null): XCursor | null {
  const sinceId = cursor?.['sinceId'];
  return typeof sinceId === 'string' && /^\d+$/.test(sinceId) ? { sinceId } : null;
}
