import { z } from '../config/libs.js';
import type { MastodonSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError, type HttpResponse } from '../http/client.js';
import { htmlToText } from '../http/html-to-text.js';
import { parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { dateStringSchema } from './date-string.js';
import { compareNumericIds, maxNumericId } from './numeric-ids.js';
import { termQueries, uniqueTerms } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

/** Mastodon's largest page. */
const PAGE_LIMIT = 40;
/** Each hashtag is one request or more per scan; this bounds them. */
const MAX_HASHTAGS = 10;

/** The newest status id seen per tag timeline (lower-cased tag) and per search query. */
export type MastodonCursor = {
  tags: Record<string, string>;
  searches: Record<string, string>;
};

const rawAccountSchema = z.object({
  acct: z.string(),
  url: z.string().nullish(),
  followers_count: z.number().nullish(),
});

const rawStatusFields = {
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: dateStringSchema,
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  in_reply_to_id: z.string().nullish(),
  replies_count: z.number().nullish(),
  reblogs_count: z.number().nullish(),
  favourites_count: z.number().nullish(),
  account: rawAccountSchema,
};
const rawStatusSchema = z.object({ ...rawStatusFields, reblog: z.object(rawStatusFields).nullish() });
type RawMastodonStatus = z.infer<typeof rawStatusSchema>;

type MastodonContext = SourceContext<MastodonSourceConfig & { name: string }>;

export const mastodonSource: Source<'mastodon'> = {
  kind: 'mastodon',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.token], () => fetchMastodon(ctx))),
};

async function fetchMastodon(ctx: MastodonContext): Promise<FetchResult> {
  const cursor = readMastodonCursor(ctx.cursor);
  const next: MastodonCursor = { tags: { ...cursor.tags }, searches: { ...cursor.searches } };
  // Keyed by the post id, so a status found by two hashtags (or boosted) is one post.
  const found = new Map<string, Post>();
  const host = new URL(ctx.config.baseUrl).host;
  const channel = ctx.config.channel as Channel;
  const keep = (statuses: RawMastodonStatus[]) => {
    for (const status of statuses) {
      const post = normalizeMastodonStatus(status, { source: ctx.config.name, channel, host });
      if (!found.has(post.id)) found.set(post.id, post);
    }
  };

  for (const tag of hashtagsToRead(ctx)) {
    const { statuses, newestId } = await readTagTimeline(ctx, { tag, lastId: cursor.tags[tag] });
    keep(statuses);
    if (newestId) next.tags[tag] = newestId;
  }
  if (ctx.config.token) {
    const label = sourceLabel(ctx.config);
    for (const q of termQueries({ query: ctx.config.query, terms: ctx.terms, log: ctx.log, label })) {
      const { statuses, newestId } = await searchStatuses(ctx, { query: q, lastId: cursor.searches[q] });
      keep(statuses);
      if (newestId) next.searches[q] = newestId;
    }
  }
  const empty = Object.keys(next.tags).length === 0 && Object.keys(next.searches).length === 0;
  return { posts: [...found.values()], cursor: empty ? null : next };
}

/** Configured hashtags, else the brand terms as hashtags: '#' and anything not allowed in one dropped. */
function hashtagsToRead(ctx: MastodonContext): string[] {
  const source = ctx.config.hashtags ?? ctx.terms;
  const tags = uniqueTerms(source.map((t) => t.replace(/[^\p{L}\p{N}_]/gu, '').toLowerCase()));
  if (tags.length === 0 && !ctx.config.token) throw new SourceError('no hashtags configured and no brand terms to use as hashtags');
  if (tags.length > MAX_HASHTAGS) {
    ctx.log.warn(`${sourceLabel(ctx.config)}: reading the first ${MAX_HASHTAGS} of ${tags.length} hashtags; set hashtags: to choose`);
  }
  return tags.slice(0, MAX_HASHTAGS);
}

/** What to read, and the newest id the last scan saw there. */
interface ReadInput {
  lastId: string | undefined;
}

interface ReadResult {
  /** Newer than the cursor, oldest pages first. */
  statuses: RawMastodonStatus[];
  newestId: string | undefined;
}

/**
 * A first scan reads the newest page. Later scans page forward from the last id seen with
 * `min_id` (following the Link header's rel="prev"), so a capped scan leaves no gap: the next
 * one carries on where it stopped.
 */
async function readTagTimeline(ctx: MastodonContext, { tag, lastId }: ReadInput & { tag: string }): Promise<ReadResult> {
  const statuses: RawMastodonStatus[] = [];
  let newestId = lastId;
  let minId = lastId;
  for (let page = 0; page < ctx.config.maxPages; page++) {
    const params = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    if (minId) params.set('min_id', minId);
    const res = await apiGet(ctx, `/api/v1/timelines/tag/${encodeURIComponent(tag)}?${params}`).catch((err: unknown) => {
      // A hashtag nobody has used on this instance yet is unknown to it, not an error.
      if (err instanceof HttpStatusError && err.status === 404) return null;
      throw err;
    });
    if (res === null) break;
    const batch = parseStatuses(ctx, parseJsonBody(res, 'the hashtag timeline'));
    // Whatever the server sends, nothing at or below the last id seen comes back.
    statuses.push(...batch.filter((s) => !lastId || compareNumericIds(s.id, lastId) > 0));
    for (const s of batch) newestId = maxNumericId(newestId, s.id);
    if (!minId || batch.length === 0) break;
    minId = linkParam(res.headers['link'], 'prev', 'min_id') ?? newestId;
    if (page === ctx.config.maxPages - 1) {
      ctx.log.warn(`${sourceLabel(ctx.config)}: #${tag} has more new statuses than ${ctx.config.maxPages} pages; the next scan reads on from here`);
    }
  }
  return { statuses, newestId };
}

/**
 * Full-text search (Mastodon ≥ 4.2 only finds opted-in accounts): newest first by offset until a
 * status already seen comes back. A capped scan can leave a gap, so it warns.
 */
async function searchStatuses(ctx: MastodonContext, { query: q, lastId }: ReadInput & { query: string }): Promise<ReadResult> {
  const statuses: RawMastodonStatus[] = [];
  let newestId = lastId;
  for (let page = 0; page < ctx.config.maxPages; page++) {
    const params = new URLSearchParams({ q, type: 'statuses', limit: String(PAGE_LIMIT), offset: String(page * PAGE_LIMIT) });
    if (lastId) params.set('min_id', lastId);
    const body = parseJsonBody(await apiGet(ctx, `/api/v2/search?${params}`), 'the search API');
    const list = typeof body === 'object' && body !== null ? (body as { statuses?: unknown }).statuses : undefined;
    if (!Array.isArray(list)) throw new SourceError('response is not a Mastodon search result (no statuses)');
    const batch = parseStatuses(ctx, list);
    const fresh = batch.filter((s) => !lastId || compareNumericIds(s.id, lastId) > 0);
    statuses.push(...fresh);
    for (const s of batch) newestId = maxNumericId(newestId, s.id);
    if (!lastId || batch.length === 0 || fresh.length < batch.length) return { statuses, newestId };
  }
  ctx.log.warn(`${sourceLabel(ctx.config)}: "${q}" has more new statuses than ${ctx.config.maxPages} pages; older ones were skipped`);
  return { statuses, newestId };
}

async function apiGet(ctx: MastodonContext, path: string): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ctx.config.token) headers['authorization'] = `Bearer ${ctx.config.token}`;
  try {
    return await ctx.http.request(`${ctx.config.baseUrl.replace(/\/+$/, '')}${path}`, { headers });
  } catch (err) {
    throw err instanceof HttpStatusError ? explainStatus(err, Boolean(ctx.config.token)) : err;
  }
}

/** Adds Mastodon's `{"error": …}` and, for 401/403, what to do about it. */
function explainStatus(err: HttpStatusError, hasToken: boolean): HttpStatusError {
  const said = parseErrorJson(err.body)?.['error'];
  const text = typeof said === 'string' ? said : undefined;
  if (err.status !== 401 && err.status !== 403) return err.explain(text);
  return err.explain(
    text,
    hasToken
      ? 'the token was refused; create a new one with read:search'
      : 'this instance serves hashtag timelines only with a token; set token: ${ENV_VAR}',
  );
}

function parseStatuses(ctx: MastodonContext, body: unknown): RawMastodonStatus[] {
  if (!Array.isArray(body)) throw new SourceError('response is not a list of Mastodon statuses');
  return body.flatMap((raw) => {
    const status = rawStatusSchema.safeParse(raw);
    if (status.success) return [status.data];
    ctx.log.warn(`${sourceLabel(ctx.config)}: skipped a status without id/uri/created_at/content/account`);
    return [];
  });
}

/** A query parameter of the Link header's `rel` target: `<…?min_id=123>; rel="prev"`. */
function linkParam(header: string | undefined, rel: string, param: string): string | undefined {
  for (const part of header?.split(',') ?? []) {
    const m = /<([^>]*)>\s*;.*\brel="?([^";]+)"?/.exec(part);
    if (!m || !m[2]!.split(/\s+/).includes(rel)) continue;
    try {
      return new URL(m[1]!, 'http://link.invalid/').searchParams.get(param) ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface NormalizeInput {
  source: string;
  channel: Channel;
  /** The instance's host: status ids are only unique on it. */
  host: string;
}

/**
 * A boost is unwrapped: it carries no words of its own, and the boosted status it carries in full
 * is what was said. Keyed by that status's id, it is one post however often it is boosted.
 */
export function normalizeMastodonStatus(raw: RawMastodonStatus, { source, channel, host }: NormalizeInput): Post {
  const status = raw.reblog ?? raw;
  const counts = [status.favourites_count, status.reblogs_count, status.replies_count];
  return {
    source,
    id: `${host}/${status.id}`,
    channel,
    createdAt: new Date(status.created_at).toISOString(),
    text: [status.spoiler_text?.trim(), htmlToText(unlinkMentions(status.content))].filter(Boolean).join('\n'),
    url: status.url ?? status.uri,
    author: qualifiedAcct(status.account),
    authorFollowers: status.account.followers_count ?? null,
    engagement: counts.some((n) => n != null) ? counts.reduce<number>((sum, n) => sum + (n ?? 0), 0) : null,
    language: status.language ?? null,
    // in_reply_to_id is an id on the same instance, so it names a post the same way ours do.
    replyTo: status.in_reply_to_id ? `${host}/${status.in_reply_to_id}` : null,
  };
}

/** Mentions and hashtags are links to profile and tag pages: keep their text, drop the URL. */
function unlinkMentions(html: string): string {
  return html.replace(/<a\b[^>]*\bclass="[^"]*\b(?:mention|hashtag)\b[^"]*"[^>]*>/gi, '<a>');
}

/** `rosa@social.example`: local accounts have no domain in `acct`, so it comes from their URL. */
function qualifiedAcct(account: RawMastodonStatus['account']): string {
  if (account.acct.includes('@') || !account.url) return account.acct;
  try {
    return `${account.acct}@${new URL(account.url).host}`;
  } catch {
    return account.acct;
  }
}

function readMastodonCursor(cursor: Cursor | null): MastodonCursor {
  return { tags: stringRecord(cursor?.['tags']), searches: stringRecord(cursor?.['searches']) };
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
