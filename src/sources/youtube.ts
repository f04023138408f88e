import { z } from '../config/libs.js';
import type { YoutubeSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError } from '../http/client.js';
import { htmlToText } from '../http/html-to-text.js';
import { parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { redactSecrets, withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { dateStringSchema } from './date-string.js';
import { isObject } from './is-object.js';
import { advanceCursor, isSeen, readOverlapCursor, searchStart, type OverlapCursor } from './overlap-cursor.js';
import { termQueries } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const SEARCH_PAGE_SIZE = 50;
const COMMENT_PAGE_SIZE = 100;
/** commentThreads pages read per video and scan: enough for a busy video between two scans. */
const MAX_COMMENT_PAGES = 2;
/** Terms are joined with `|` (OR) into a single search. */
const MAX_TERMS = 10;
const FIRST_SCAN_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/** Asked again each scan: videos can take a while to show up in search. */
const INDEX_LAG_MS = 60 * 60 * 1000;
const WATCH_URL = 'https://www.youtube.com/watch?v=';

/** A found video whose comments are polled each scan. */
export type TrackedVideo = {
  id: string;
  publishedAt: string;
  comments: OverlapCursor | null;
};

/** What a YouTube source leaves behind between scans. */
export type YoutubeCursor = {
  videos: OverlapCursor | null;
  /** Newest first, at most maxVideos. */
  tracked: TrackedVideo[];
};

const rawYtSearchItemSchema = z.object({
  id: z.object({ videoId: z.string() }),
  snippet: z.object({
    publishedAt: dateStringSchema,
    title: z.string().nullish(),
    description: z.string().nullish(),
    channelTitle: z.string().nullish(),
  }),
});
type RawYtSearchItem = z.infer<typeof rawYtSearchItemSchema>;

const rawYtCommentThreadSchema = z.object({
  id: z.string(),
  snippet: z.object({
    videoId: z.string().nullish(),
    totalReplyCount: z.number().nullish(),
    topLevelComment: z.object({
      id: z.string(),
      snippet: z.object({
        textDisplay: z.string().nullish(),
        textOriginal: z.string().nullish(),
        authorDisplayName: z.string().nullish(),
        likeCount: z.number().nullish(),
        publishedAt: dateStringSchema,
      }),
    }),
  }),
});
type RawYtCommentThread = z.infer<typeof rawYtCommentThreadSchema>;

const rawYtListSchema = z.object({
  items: z.array(z.unknown()),
  nextPageToken: z.string().optional(),
});

type YtContext = SourceContext<YoutubeSourceConfig & { name: string }>;

/** What to do about the error `reason`s a configuration or a quota can cause. */
const REASON_ADVICE: Record<string, string> = {
  quotaExceeded: 'the daily quota is used up; it resets at midnight Pacific time',
  dailyLimitExceeded: 'the daily quota is used up; it resets at midnight Pacific time',
  keyInvalid: 'check the key',
  badRequest: 'check the key and query:',
  accessNotConfigured: 'enable the YouTube Data API v3 for the key’s Google Cloud project',
  forbidden: 'the key may not use the YouTube Data API v3',
};

export const youtubeSource: Source<'youtube'> = {
  kind: 'youtube',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.key], () => fetchYoutube(ctx))),
};

async function fetchYoutube(ctx: YtContext): Promise<FetchResult> {
  const cursor = readYtCursor(ctx.cursor);
  const channel = (ctx.config.channel as Channel | undefined) ?? 'social';
  const input = { source: ctx.config.name, channel };

  const found = await searchOrWait(ctx, cursor, searchStart(cursor.videos, { now: ctx.now, lookbackMs: FIRST_SCAN_LOOKBACK_MS, overlapMs: INDEX_LAG_MS }));
  const fresh = found.filter((v) => !isSeen(cursor.videos, v.id.videoId));
  const posts = fresh.map((v) => normalizeYtVideo(v, input));

  const tracked = trackVideos(cursor.tracked, fresh, ctx.config.maxVideos);
  const polled = await pollComments(ctx, tracked);
  posts.push(...polled.threads.map((t) => normalizeYtComment(t, input)));

  const videos = advanceCursor(cursor.videos, found.map((v) => ({ id: v.id.videoId, createdAt: v.snippet.publishedAt })), INDEX_LAG_MS);
  return { posts, cursor: { videos, tracked: polled.tracked } satisfies YoutubeCursor };
}

/**
 * The new videos; none when search's own daily quota is used up while videos are tracked, whose
 * comments come from another quota (SOURCES.md: search.list has its own bucket) and are still
 * read. The search then starts from the same place on a later scan.
 */
async function searchOrWait(ctx: YtContext, cursor: YoutubeCursor, from: Date): Promise<RawYtSearchItem[]> {
  try {
    return await searchVideos(ctx, from);
  } catch (err) {
    if (!(err instanceof HttpStatusError) || !QUOTA_REASONS.has(errorReason(err) ?? '') || cursor.tracked.length === 0) throw err;
    const label = sourceLabel(ctx.config);
    ctx.log.warn(redactSecrets(`${label}: ${err.message}; new videos wait for a later scan, comments on the ${cursor.tracked.length} tracked are still read`, [ctx.config.key]));
    return [];
  }
}

/** search.list for videos published since `from`, newest first, up to maxPages pages. */
async function searchVideos(ctx: YtContext, from: Date): Promise<RawYtSearchItem[]> {
  const label = sourceLabel(ctx.config);
  const q = termQueries({ query: ctx.config.query, terms: ctx.terms, max: MAX_TERMS, label, log: ctx.log }).join('|');
  const videos = new Map<string, RawYtSearchItem>();
  let pageToken: string | undefined;
  for (let page = 1; ; page++) {
    const params = new URLSearchParams({
      part: 'snippet',
      q,
      type: 'video',
      order: 'date',
      publishedAfter: from.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      maxResults: String(SEARCH_PAGE_SIZE),
    });
    if (pageToken) params.set('pageToken', pageToken);
    const list = await getList(ctx, 'search', params);
    for (const raw of list.items) {
      const item = rawYtSearchItemSchema.safeParse(raw);
      if (item.success) videos.set(item.data.id.videoId, item.data);
      else ctx.log.warn(`${label}: skipped a search result without videoId/publishedAt`);
    }
    pageToken = list.nextPageToken;
    if (!pageToken) break;
    if (page >= ctx.config.maxPages) {
      ctx.log.warn(`${label}: more than ${page} pages of new videos; older ones were not read (raise maxPages or scan more often)`);
      break;
    }
  }
  return [...videos.values()];
}

/** The newest maxVideos of the videos tracked so far and those just found. */
function trackVideos(previous: TrackedVideo[], fresh: RawYtSearchItem[], maxVideos: number): TrackedVideo[] {
  const byId = new Map(previous.map((v) => [v.id, v]));
  for (const v of fresh) {
    if (!byId.has(v.id.videoId)) byId.set(v.id.videoId, { id: v.id.videoId, publishedAt: v.snippet.publishedAt, comments: null });
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt)).slice(0, maxVideos);
}

interface PolledComments {
  threads: RawYtCommentThread[];
  /** The videos still tracked, with their comment cursors moved on. */
  tracked: TrackedVideo[];
}

/**
 * New top-level comments on every tracked video. A video whose comments cannot be read
 * (disabled, deleted) stops being tracked; once the quota runs out the rest wait for a later
 * scan, and the videos already found are still stored.
 */
async function pollComments(ctx: YtContext, tracked: TrackedVideo[]): Promise<PolledComments> {
  const label = sourceLabel(ctx.config);
  const threads: RawYtCommentThread[] = [];
  const next: TrackedVideo[] = [];
  let quotaUsedUp = false;
  for (const video of tracked) {
    if (quotaUsedUp) {
      next.push(video);
      continue;
    }
    const from = searchStart(video.comments, { now: ctx.now, lookbackMs: FIRST_SCAN_LOOKBACK_MS, overlapMs: 0 });
    let read: RawYtCommentThread[];
    try {
      read = await readCommentThreads(ctx, video.id, from);
    } catch (err) {
      if (!(err instanceof HttpStatusError) || err.status >= 500) throw err;
      quotaUsedUp = QUOTA_REASONS.has(errorReason(err) ?? '');
      if (quotaUsedUp) {
        // Warnings skip withSecretsRedacted (it only sees thrown errors): redact the server's text here.
        ctx.log.warn(redactSecrets(`${label}: ${err.message}; comments wait for a later scan`, [ctx.config.key]));
        next.push(video);
      } else {
        ctx.log.warn(redactSecrets(`${label}: stopped following comments on video ${video.id}: ${err.message}`, [ctx.config.key]));
      }
      continue;
    }
    threads.push(...read.filter((t) => !isSeen(video.comments, t.snippet.topLevelComment.id)));
    const items = read.map((t) => ({ id: t.snippet.topLevelComment.id, createdAt: t.snippet.topLevelComment.snippet.publishedAt }));
    next.push({ ...video, comments: advanceCursor(video.comments, items, 0) });
  }
  return { threads, tracked: next };
}

/** commentThreads.list newest first, until comments older than `from` or MAX_COMMENT_PAGES. */
async function readCommentThreads(ctx: YtContext, videoId: string, from: Date): Promise<RawYtCommentThread[]> {
  const threads: RawYtCommentThread[] = [];
  let pageToken: string | undefined;
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const params = new URLSearchParams({ part: 'snippet', videoId, order: 'time', maxResults: String(COMMENT_PAGE_SIZE) });
    if (pageToken) params.set('pageToken', pageToken);
    const list = await getList(ctx, 'commentThreads', params);
    let reachedOld = false;
    for (const raw of list.items) {
      const thread = rawYtCommentThreadSchema.safeParse(raw);
      if (!thread.success) {
        ctx.log.warn(`${sourceLabel(ctx.config)}: skipped a comment thread without id/publishedAt`);
        continue;
      }
      if (Date.parse(thread.data.snippet.topLevelComment.snippet.publishedAt) < from.getTime()) reachedOld = true;
      else threads.push({ ...thread.data, snippet: { ...thread.data.snippet, videoId } });
    }
    pageToken = list.nextPageToken;
    if (!pageToken || reachedOld) return threads;
  }
  // The comment cursor still moves to the newest comment, so what was not read is not read later.
  ctx.log.warn(
    `${sourceLabel(ctx.config)}: video ${videoId} has more than ${MAX_COMMENT_PAGES} pages of new comments; older ones were not read (scan more often)`,
  );
  return threads;
}

async function getList(
  ctx: YtContext,
  resource: 'search' | 'commentThreads',
  params: URLSearchParams,
): Promise<z.infer<typeof rawYtListSchema>> {
  // The key travels in the query string, which the HTTP client leaves out of every message.
  params.set('key', ctx.config.key);
  const url = `${ctx.config.baseUrl.replace(/\/+$/, '')}/youtube/v3/${resource}?${params}`;
  const res = await ctx.http.request(url, { headers: { accept: 'application/json' } }).catch((err: unknown) => {
    throw err instanceof HttpStatusError ? explainYtError(err) : err;
  });
  const body = parseJsonBody(res, `the YouTube ${resource} API`);
  const parsed = rawYtListSchema.safeParse(body);
  if (!parsed.success) throw new SourceError(`response is not a YouTube ${resource} list (no items)`);
  return parsed.data;
}

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded', 'rateLimitExceeded']);

/** `error.errors[0].reason` of a Google API error body: quotaExceeded, commentsDisabled … */
function errorReason(err: HttpStatusError): string | null {
  const error = parseErrorJson(err.body)?.['error'];
  const first = isObject(error) && Array.isArray(error['errors']) ? error['errors'][0] : undefined;
  return isObject(first) && typeof first['reason'] === 'string' ? first['reason'] : null;
}

function explainYtError(err: HttpStatusError): HttpStatusError {
  const reason = errorReason(err);
  return reason ? err.explain(reason, REASON_ADVICE[reason]) : err;
}

interface NormalizeInput {
  source: string;
  channel: Channel;
}

function normalizeYtVideo(video: RawYtSearchItem, { source, channel }: NormalizeInput): Post {
  // Snippet titles and descriptions are plain text with HTML entities (&#39;, &amp;).
  const title = video.snippet.title ? htmlToText(video.snippet.title) : null;
  const description = video.snippet.description ? htmlToText(video.snippet.description) : '';
  return {
    source,
    id: video.id.videoId,
    channel,
    createdAt: new Date(video.snippet.publishedAt).toISOString(),
    text: [title, description].filter(Boolean).join('\n'),
    title,
    url: WATCH_URL + video.id.videoId,
    author: video.snippet.channelTitle ?? null,
    replyTo: null,
  };
}

function normalizeYtComment(thread: RawYtCommentThread, { source, channel }: NormalizeInput): Post {
  const comment = thread.snippet.topLevelComment;
  const videoId = thread.snippet.videoId ?? '';
  const likes = comment.snippet.likeCount ?? 0;
  return {
    source,
    id: comment.id,
    channel,
    createdAt: new Date(comment.snippet.publishedAt).toISOString(),
    // textOriginal is only promised to the comment's author; textDisplay is HTML.
    text: comment.snippet.textOriginal?.trim() || htmlToText(comment.snippet.textDisplay ?? ''),
    title: null,
    url: `${WATCH_URL}${videoId}&lc=${comment.id}`,
    author: comment.snippet.authorDisplayName ?? null,
    engagement: likes + (thread.snippet.totalReplyCount ?? 0),
    replyTo: videoId,
  };
}

function readYtCursor(cursor: Cursor | null): YoutubeCursor {
  const tracked = Array.isArray(cursor?.['tracked']) ? cursor['tracked'] : [];
  return {
    videos: readOverlapCursor(cursor?.['videos']),
    tracked: tracked.filter(isObject).flatMap((v) =>
      typeof v['id'] === 'string' && typeof v['publishedAt'] === 'string'
        ? [{ id: v['id'], publishedAt: v['publishedAt'], comments: readOverlapCursor(v['comments']) }]
        : [],
    ),
  };
}
