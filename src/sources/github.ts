import { z } from '../config/libs.js';
import type { GithubSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError, type HttpResponse } from '../http/client.js';
import { parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { redactSecrets, withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { advanceCursor, isSeen, readOverlapCursor, searchStart, type OverlapCursor } from './overlap-cursor.js';
import { dateStringSchema } from './date-string.js';
import { termQueries } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const PER_PAGE = 100;
/** GitHub allows five AND/OR/NOT operators in a query: six terms joined with OR. */
const MAX_TERMS = 6;
const FIRST_SCAN_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/** Asked again each scan: issues reach the search index a while after they are opened. */
const INDEX_LAG_MS = 10 * 60 * 1000;
/** The search endpoint wants an explicit kind; one query each. */
const KINDS = ['issue', 'pr'] as const;
const API_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

/** What a GitHub source leaves behind between scans. */
export type GithubCursor = {
  issues: OverlapCursor | null;
  /** `x-ratelimit-reset` once the search limit hit 0: no search before this time (ISO-8601). */
  rateLimitedUntil?: string;
};

const rawGhUserSchema = z.object({ login: z.string() }).nullish();
const rawGhReactionsSchema = z.object({ total_count: z.number() }).nullish();

const rawGhIssueSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  html_url: z.string(),
  repository_url: z.string(),
  title: z.string().nullish(),
  body: z.string().nullish(),
  user: rawGhUserSchema,
  comments: z.number().int().nullish(),
  created_at: dateStringSchema,
  reactions: rawGhReactionsSchema,
});
type RawGhIssue = z.infer<typeof rawGhIssueSchema>;

const rawGhCommentSchema = z.object({
  id: z.number().int(),
  html_url: z.string().nullish(),
  body: z.string().nullish(),
  user: rawGhUserSchema,
  created_at: dateStringSchema,
  reactions: rawGhReactionsSchema,
});
type RawGhComment = z.infer<typeof rawGhCommentSchema>;

const rawGhSearchSchema = z.object({
  total_count: z.number().int(),
  incomplete_results: z.boolean().optional(),
  items: z.array(z.unknown()),
});

type GhContext = SourceContext<GithubSourceConfig & { name: string }>;

export const githubSource: Source<'github'> = {
  kind: 'github',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.token], () => fetchGithub(ctx))),
};

interface ScanState {
  issues: Map<string, RawGhIssue>;
  rateLimitedUntil?: string;
}

async function fetchGithub(ctx: GhContext): Promise<FetchResult> {
  const label = sourceLabel(ctx.config);
  const cursor = readGhCursor(ctx.cursor);
  if (cursor.rateLimitedUntil && Date.parse(cursor.rateLimitedUntil) > ctx.now.getTime()) {
    ctx.log.info(`${label}: search rate limit used up until ${cursor.rateLimitedUntil}; skipped this scan`);
    return { posts: [], cursor: ctx.cursor };
  }
  const from = searchStart(cursor.issues, { now: ctx.now, lookbackMs: FIRST_SCAN_LOOKBACK_MS, overlapMs: INDEX_LAG_MS });
  const state: ScanState = { issues: new Map() };
  for (const kind of KINDS) {
    await searchKind(ctx, state, buildQuery(ctx, kind, from));
    if (state.rateLimitedUntil) break;
  }

  const channel = (ctx.config.channel as Channel | undefined) ?? 'forum';
  const input = { source: ctx.config.name, channel };
  const fresh = [...state.issues.values()].filter((i) => !isSeen(cursor.issues, String(i.id)));
  const posts = fresh.map((issue) => normalizeGhIssue(issue, input));
  posts.push(...(await fetchComments(ctx, fresh)).map(({ issue, comment }) => normalizeGhComment(comment, issue, input)));

  // One cursor covers both kinds: after a rate-limit stop some kinds or pages were never read, so
  // `newest` stays put and the next scan asks the same window again (the store skips duplicates).
  const found = state.rateLimitedUntil ? [] : [...state.issues.values()].map((i) => ({ id: String(i.id), createdAt: i.created_at }));
  const next: GithubCursor = { issues: advanceCursor(cursor.issues, found, INDEX_LAG_MS) };
  if (state.rateLimitedUntil) next.rateLimitedUntil = state.rateLimitedUntil;
  return { posts, cursor: next };
}

/** `(Acme OR "Acme Sync") in:title,body is:issue created:>=2026-03-01T00:00:00Z` */
function buildQuery(ctx: GhContext, kind: (typeof KINDS)[number], from: Date): string {
  let terms = ctx.config.query;
  if (!terms) {
    const list = termQueries({ query: undefined, terms: ctx.terms, max: MAX_TERMS, label: sourceLabel(ctx.config), log: ctx.log });
    terms = list.length > 1 ? `(${list.join(' OR ')}) in:title,body` : `${list[0]} in:title,body`;
  }
  return `${terms} is:${kind} created:>=${from.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}

async function searchKind(ctx: GhContext, state: ScanState, query: string): Promise<void> {
  const base = ctx.config.baseUrl.replace(/\/+$/, '');
  for (let page = 1; ; page++) {
    const params = new URLSearchParams({
      q: query,
      sort: 'created',
      order: 'desc',
      per_page: String(PER_PAGE),
      page: String(page),
      advanced_search: 'true',
    });
    const res = await request(ctx, `${base}/search/issues?${params}`);
    const parsed = rawGhSearchSchema.safeParse(parseJsonBody(res, 'the GitHub search API'));
    if (!parsed.success) throw new SourceError('response is not a GitHub search result (no total_count/items)');
    for (const raw of parsed.data.items) {
      const issue = rawGhIssueSchema.safeParse(raw);
      if (issue.success) state.issues.set(String(issue.data.id), issue.data);
      else ctx.log.warn(`${sourceLabel(ctx.config)}: skipped a search item without id/html_url/created_at`);
    }
    if (parsed.data.incomplete_results) {
      ctx.log.warn(`${sourceLabel(ctx.config)}: GitHub timed out on the search; some results may be missing`);
    }
    const resetAt = exhaustedUntil(res);
    if (resetAt) {
      state.rateLimitedUntil = resetAt;
      ctx.log.warn(`${sourceLabel(ctx.config)}: search rate limit used up until ${resetAt}; the rest waits for a later scan`);
      return;
    }
    // GitHub pages with a Link header; its last page has no rel="next".
    if (!/rel="next"/.test(res.headers['link'] ?? '')) return;
    if (page >= ctx.config.maxPages) {
      ctx.log.warn(
        `${sourceLabel(ctx.config)}: "${query}" has ${parsed.data.total_count} results but only ${page} pages were read (raise maxPages or scan more often)`,
      );
      return;
    }
  }
}

/** The reset time when these headers say the rate limit is used up, else undefined. */
function exhaustedUntil({ headers }: { headers: Record<string, string> }): string | undefined {
  if (headers['x-ratelimit-remaining'] !== '0') return undefined;
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : undefined;
}

interface IssueComment {
  issue: RawGhIssue;
  comment: RawGhComment;
}

/**
 * Search returns no comment text, so the newest new issues with comments get one call each,
 * at most maxCommentThreads a scan. Comments are extra: a failure is a warning, not a lost scan.
 */
async function fetchComments(ctx: GhContext, issues: RawGhIssue[]): Promise<IssueComment[]> {
  const label = sourceLabel(ctx.config);
  const withComments = issues
    .filter((i) => (i.comments ?? 0) > 0)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  const result: IssueComment[] = [];
  const chosen = withComments.slice(0, ctx.config.maxCommentThreads);
  for (const [i, issue] of chosen.entries()) {
    let res: HttpResponse;
    try {
      const url = commentsUrl(ctx.config.baseUrl, issue);
      if (!url) {
        ctx.log.warn(`${label}: skipped the comments of ${issue.html_url}: its repository_url has no /repos/ path`);
        continue;
      }
      res = await request(ctx, url);
    } catch (err) {
      // Only an HTTP answer about this one issue is skippable: a scan deadline or the client's
      // "rate limited; retry after" must end the scan, whose cursor then stays put, so the next
      // one reads these issues and their comments again, rather than never.
      if (!(err instanceof HttpStatusError)) throw err;
      // Warnings skip withSecretsRedacted (it only sees thrown errors): redact the server's text here.
      ctx.log.warn(redactSecrets(`${label}: skipped the comments of ${issue.html_url}: ${err.message}`, [ctx.config.token]));
      continue;
    }
    const body = readCommentsBody(res);
    if (typeof body === 'string') {
      // Comments are extra: a malformed body costs this issue's comments, not the issues found.
      ctx.log.warn(redactSecrets(`${label}: skipped the comments of ${issue.html_url}: ${body}`, [ctx.config.token]));
      continue;
    }
    for (const raw of body) {
      const comment = rawGhCommentSchema.safeParse(raw);
      if (comment.success && comment.data.body?.trim()) result.push({ issue, comment: comment.data });
      else if (!comment.success) ctx.log.warn(`${label}: skipped a comment without id/created_at`);
    }
    const left = chosen.length - i - 1;
    if (exhaustedUntil(res) && left > 0) {
      ctx.log.warn(`${label}: API rate limit used up; comments of ${left} more issues not read`);
      break;
    }
  }
  if (ctx.config.maxCommentThreads > 0 && withComments.length > ctx.config.maxCommentThreads) {
    ctx.log.debug(`${label}: read comments of ${ctx.config.maxCommentThreads} of ${withComments.length} new issues`);
  }
  return result;
}

/** The comments list, or why the body is not one. */
function readCommentsBody(res: HttpResponse): unknown[] | string {
  try {
    const body = parseJsonBody(res, 'the GitHub issue comments API');
    return Array.isArray(body) ? body : 'issue comments response is not a list';
  } catch (err) {
    if (err instanceof SourceError) return err.message;
    throw err;
  }
}

/**
 * The issue's comments under our baseUrl (its own comments_url names the API's public host). The
 * repository is the path from `/repos/` on, which on GitHub Enterprise follows `/api/v3`, as the
 * baseUrl does too.
 */
function commentsUrl(baseUrl: string, issue: RawGhIssue): string | null {
  let path: string;
  try {
    path = new URL(issue.repository_url).pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
  const at = path.indexOf('/repos/');
  return at === -1 ? null : `${baseUrl.replace(/\/+$/, '')}${path.slice(at)}/issues/${issue.number}/comments?per_page=${PER_PAGE}`;
}

function request(ctx: GhContext, url: string): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...API_HEADERS };
  if (ctx.config.token) headers['authorization'] = `Bearer ${ctx.config.token}`;
  return ctx.http.request(url, { headers }).catch((err: unknown) => {
    throw err instanceof HttpStatusError ? explainGhError(err, Boolean(ctx.config.token)) : err;
  });
}

/** GitHub's own `message`, and what to do: primary limits send x-ratelimit-remaining 0, secondary ones retry-after. */
function explainGhError(err: HttpStatusError, hasToken: boolean): HttpStatusError {
  const message = parseErrorJson(err.body)?.['message'];
  const said = typeof message === 'string' ? message : undefined;
  const resetAt = exhaustedUntil(err);
  if ((err.status === 403 || err.status === 429) && (resetAt || err.headers['retry-after'] !== undefined)) {
    const until = resetAt ? ` until ${resetAt}` : '';
    return err.explain(said, `rate limit used up${until}${hasToken ? '' : ' (a token raises searches from 10 to 30 a minute)'}`);
  }
  if (err.status === 401) return err.explain(said, 'check the token');
  if (err.status === 422) return err.explain(said, 'GitHub could not run the search; check query:');
  return err.explain(said);
}

interface NormalizeInput {
  source: string;
  channel: Channel;
}

function normalizeGhIssue(issue: RawGhIssue, { source, channel }: NormalizeInput): Post {
  const title = issue.title?.trim() || null;
  return {
    source,
    id: String(issue.id),
    channel,
    createdAt: new Date(issue.created_at).toISOString(),
    // Markdown is kept as written: it reads fine as text and matching ignores the markup.
    text: [title, issue.body?.trim()].filter(Boolean).join('\n'),
    title,
    url: issue.html_url,
    author: issue.user?.login ?? null,
    engagement: (issue.comments ?? 0) + (issue.reactions?.total_count ?? 0),
    replyTo: null,
  };
}

function normalizeGhComment(comment: RawGhComment, issue: RawGhIssue, { source, channel }: NormalizeInput): Post {
  return {
    source,
    // Comment ids are their own sequence: the prefix keeps them apart from issue ids.
    id: `comment:${comment.id}`,
    channel,
    createdAt: new Date(comment.created_at).toISOString(),
    text: comment.body?.trim() ?? '',
    title: issue.title?.trim() || null,
    url: comment.html_url ?? issue.html_url,
    author: comment.user?.login ?? null,
    engagement: comment.reactions?.total_count ?? null,
    replyTo: String(issue.id),
  };
}

function readGhCursor(cursor: Cursor | null): GithubCursor {
  const result: GithubCursor = { issues: readOverlapCursor(cursor?.['issues']) };
  const until = cursor?.['rateLimitedUntil'];
  if (typeof until === 'string' && !Number.isNaN(Date.parse(until))) result.rateLimitedUntil = until;
  return result;
}
