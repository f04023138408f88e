import { z } from '../config/libs.js';
import type { StackexchangeSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { HttpStatusError } from '../http/client.js';
import { htmlToText } from '../http/html-to-text.js';
import { parseErrorJson, parseJsonBody } from '../http/json-body.js';
import { withSecretsRedacted } from '../http/redact.js';
import type { Channel, Cursor, Post } from '../types.js';
import { advanceCursor, isSeen, readOverlapCursor, searchStart, type OverlapCursor } from './overlap-cursor.js';
import { termQueries } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const PAGE_SIZE = 100;
/** Every term is its own query and the keyless quota is 300 requests a day. */
const MAX_TERM_QUERIES = 5;
const FIRST_SCAN_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/** Asked again each scan: questions reach the search index a little after they are posted. */
const INDEX_LAG_MS = 10 * 60 * 1000;
/** Below this many requests left today, every scan says so. */
const LOW_QUOTA = 20;

/** What a Stack Exchange source leaves behind between scans. */
export type StackexchangeCursor = {
  questions: OverlapCursor | null;
  /** The API's `backoff`: no request to it before this time (ISO-8601). */
  backoffUntil?: string;
  /** `quota_remaining` after the last request. */
  quotaRemaining?: number;
};

const rawSeQuestionSchema = z.object({
  question_id: z.number().int(),
  creation_date: z.number().int(),
  link: z.string().nullish(),
  title: z.string().nullish(),
  body: z.string().nullish(),
  score: z.number().nullish(),
  tags: z.array(z.string()).nullish(),
  owner: z.object({ display_name: z.string().nullish(), reputation: z.number().nullish() }).nullish(),
});
type RawSeQuestion = z.infer<typeof rawSeQuestionSchema>;

const rawSePageSchema = z.object({
  items: z.array(z.unknown()),
  has_more: z.boolean(),
  quota_max: z.number().int().optional(),
  quota_remaining: z.number().int().optional(),
  backoff: z.number().optional(),
});

type SeContext = SourceContext<StackexchangeSourceConfig & { name: string }>;

/** What to do about the API's `error_name`s that a configuration can cause. */
const ERROR_ADVICE: Record<string, string> = {
  throttle_violation: 'the request limit for this IP or key is used up; scan less often',
  bad_parameter: 'check site: and query:',
  key_required: 'this method needs a key',
  access_denied: 'check the key',
};

export const stackexchangeSource: Source<'stackexchange'> = {
  kind: 'stackexchange',
  fetch: (ctx) => labelErrors(ctx.config, () => withSecretsRedacted([ctx.config.key], () => fetchStackexchange(ctx))),
};

/** How one scan ended: quotas and backoff can stop it before every page is read. */
interface ScanState {
  questions: Map<string, RawSeQuestion>;
  quotaRemaining?: number;
  quotaMax?: number;
  backoffUntil?: string;
  /** Queries or pages left unread, with why. */
  cutShort?: string;
}

async function fetchStackexchange(ctx: SeContext): Promise<FetchResult> {
  const label = sourceLabel(ctx.config);
  const cursor = readSeCursor(ctx.cursor);
  if (cursor.backoffUntil && Date.parse(cursor.backoffUntil) > ctx.now.getTime()) {
    ctx.log.info(`${label}: the API asked us to wait until ${cursor.backoffUntil}; skipped this scan`);
    return { posts: [], cursor: ctx.cursor };
  }
  const from = searchStart(cursor.questions, { now: ctx.now, lookbackMs: FIRST_SCAN_LOOKBACK_MS, overlapMs: INDEX_LAG_MS });
  const queries = termQueries({ query: ctx.config.query, terms: ctx.terms, max: MAX_TERM_QUERIES, label, log: ctx.log });

  const state: ScanState = { questions: new Map() };
  for (const [i, query] of queries.entries()) {
    await searchQuery(ctx, state, { query, fromDate: Math.floor(from.getTime() / 1000) });
    if (!state.cutShort && state.backoffUntil && i < queries.length - 1) {
      state.cutShort = `the API asked us to back off until ${state.backoffUntil}; ${queries.length - 1 - i} more queries wait`;
    }
    if (state.cutShort) break;
  }
  if (state.cutShort) ctx.log.warn(`${label}: ${state.cutShort}; older questions were not read`);
  if (state.quotaRemaining !== undefined && state.quotaRemaining < LOW_QUOTA) {
    const more = ctx.config.key ? '' : '; a key raises it to 10,000';
    ctx.log.warn(`${label}: ${state.quotaRemaining} of ${state.quotaMax ?? '?'} API requests left today${more}`);
  }

  const channel = (ctx.config.channel as Channel | undefined) ?? 'forum';
  const posts = [...state.questions.values()].map((q) => normalizeSeQuestion(q, { source: ctx.config.name, channel }));
  // One cursor covers every query: when a scan was cut short some queries or pages were never
  // read, so `newest` stays put and the next scan asks the same window again (the store skips duplicates).
  const found = state.cutShort ? [] : posts;
  const next: StackexchangeCursor = { questions: advanceCursor(cursor.questions, found, INDEX_LAG_MS) };
  if (state.backoffUntil) next.backoffUntil = state.backoffUntil;
  if (state.quotaRemaining !== undefined) next.quotaRemaining = state.quotaRemaining;
  return { posts: posts.filter((p) => !isSeen(cursor.questions, p.id)), cursor: next };
}

interface QueryInput {
  query: string;
  /** Epoch seconds. */
  fromDate: number;
}

async function searchQuery(ctx: SeContext, state: ScanState, { query, fromDate }: QueryInput): Promise<void> {
  for (let page = 1; ; page++) {
    const result = await searchPage(ctx, { query, fromDate, page });
    for (const q of result.questions) state.questions.set(String(q.question_id), q);
    state.quotaRemaining = result.quotaRemaining ?? state.quotaRemaining;
    state.quotaMax = result.quotaMax ?? state.quotaMax;
    if (result.backoffS !== undefined) {
      // No request to the method until then: the rest waits for a later scan.
      state.backoffUntil = new Date(ctx.now.getTime() + result.backoffS * 1000).toISOString();
      if (result.hasMore) state.cutShort = `the API asked us to back off until ${state.backoffUntil}`;
      return;
    }
    if (!result.hasMore) return;
    if (state.quotaRemaining === 0) {
      state.cutShort = 'the daily API quota is used up';
      return;
    }
    if (page >= ctx.config.maxPages) {
      state.cutShort = `"${query}" has more than ${page} pages of new questions (raise maxPages or scan more often)`;
      return;
    }
  }
}

interface SePage {
  questions: RawSeQuestion[];
  hasMore: boolean;
  quotaRemaining?: number;
  quotaMax?: number;
  backoffS?: number;
}

async function searchPage(ctx: SeContext, input: QueryInput & { page: number }): Promise<SePage> {
  const params = new URLSearchParams({
    site: ctx.config.site,
    q: input.query,
    fromdate: String(input.fromDate),
    sort: 'creation',
    order: 'desc',
    page: String(input.page),
    pagesize: String(PAGE_SIZE),
    filter: 'withbody',
  });
  if (ctx.config.key) params.set('key', ctx.config.key);
  const url = `${ctx.config.baseUrl.replace(/\/+$/, '')}/2.3/search/advanced?${params}`;
  const res = await ctx.http.request(url, { headers: { accept: 'application/json' } }).catch((err: unknown) => {
    throw err instanceof HttpStatusError ? explainSeError(err, Boolean(ctx.config.key)) : err;
  });
  const body = parseJsonBody(res, 'the Stack Exchange API');
  const parsed = rawSePageSchema.safeParse(body);
  if (!parsed.success) throw new SourceError('response is not a Stack Exchange API wrapper (no items/has_more)');
  const questions: RawSeQuestion[] = [];
  for (const raw of parsed.data.items) {
    const q = rawSeQuestionSchema.safeParse(raw);
    if (q.success) questions.push(q.data);
    else ctx.log.warn(`${sourceLabel(ctx.config)}: skipped an item without question_id/creation_date`);
  }
  return {
    questions,
    hasMore: parsed.data.has_more,
    quotaRemaining: parsed.data.quota_remaining,
    quotaMax: parsed.data.quota_max,
    backoffS: parsed.data.backoff,
  };
}

/** Every API error comes as HTTP 400 with `{error_id, error_name, error_message}`: name it. */
function explainSeError(err: HttpStatusError, hasKey: boolean): HttpStatusError {
  const body = parseErrorJson(err.body);
  const name = typeof body?.['error_name'] === 'string' ? body['error_name'] : null;
  if (!name) return err;
  const message = typeof body?.['error_message'] === 'string' ? `: ${body['error_message']}` : '';
  const keyHint = name === 'throttle_violation' && !hasKey ? ' (a key raises the daily quota from 300 to 10,000)' : '';
  const advice = ERROR_ADVICE[name];
  return err.explain(`${name}${message}`, advice && advice + keyHint);
}

function normalizeSeQuestion(q: RawSeQuestion, { source, channel }: { source: string; channel: Channel }): Post {
  // Titles and names come HTML-entity-escaped; bodies are HTML.
  const title = q.title ? htmlToText(q.title) : null;
  // Tags often name the product outright (acme-sdk), so they stay matchable.
  const tags = q.tags?.length ? `tags: ${q.tags.join(', ')}` : '';
  return {
    source,
    id: String(q.question_id),
    channel,
    createdAt: new Date(q.creation_date * 1000).toISOString(),
    text: [title, htmlToText(q.body ?? ''), tags].filter(Boolean).join('\n'),
    title,
    url: q.link ?? null,
    author: q.owner?.display_name ? htmlToText(q.owner.display_name) : null,
    authorFollowers: q.owner?.reputation ?? null,
    engagement: q.score ?? null,
    replyTo: null,
  };
}

function readSeCursor(cursor: Cursor | null): StackexchangeCursor {
  const result: StackexchangeCursor = { questions: readOverlapCursor(cursor?.['questions']) };
  const backoffUntil = cursor?.['backoffUntil'];
  if (typeof backoffUntil === 'string' && !Number.isNaN(Date.parse(backoffUntil))) result.backoffUntil = backoffUntil;
  const quota = cursor?.['quotaRemaining'];
  if (typeof quota === 'number') result.quotaRemaining = quota;
  return result;
}
