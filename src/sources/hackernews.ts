import { z } from '../config/libs.js';
import type { HackernewsSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { htmlToText } from '../http/html-to-text.js';
import { parseJsonBody } from '../http/json-body.js';
import type { Channel, Cursor, Post } from '../types.js';
import { advanceCursor, isSeen, readOverlapCursor, searchStart, type OverlapCursor } from './overlap-cursor.js';
import { termQueries } from './search-terms.js';
import { labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const HITS_PER_PAGE = 100;
/** A first scan looks this far back rather than through all of HN's history. */
const FIRST_SCAN_LOOKBACK_S = 7 * 24 * 60 * 60;
/** Algolia serves at most this many hits per query, however many pages are asked for. */
const ALGOLIA_MAX_HITS = 1000;
const ITEM_URL = 'https://news.ycombinator.com/item?id=';
/** Asked again each scan: Algolia indexes items a while after they are posted. */
const INDEX_LAG_MS = 10 * 60 * 1000;

/** What a Hacker News source leaves behind between scans (`{ newest, recent }`). */
export type HackernewsCursor = OverlapCursor;

const rawHnHitSchema = z.object({
  objectID: z.string(),
  // Bounded (to 9999-12-31) so one absurd value is a skipped hit, not a RangeError from toISOString.
  created_at_i: z.number().int().min(0).max(253_402_300_799),
  author: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_title: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  points: z.number().nullish(),
  parent_id: z.number().nullish(),
  _tags: z.array(z.string()).optional(),
});
type RawHnHit = z.infer<typeof rawHnHitSchema>;

const rawHnPageSchema = z.object({
  hits: z.array(z.unknown()),
  nbPages: z.number().int().min(0),
  nbHits: z.number().int().optional(),
});

type HnContext = SourceContext<HackernewsSourceConfig & { name: string }>;

export const hackernewsSource: Source<'hackernews'> = {
  kind: 'hackernews',
  fetch: (ctx) => labelErrors(ctx.config, () => fetchHackernews(ctx)),
};

async function fetchHackernews(ctx: HnContext): Promise<FetchResult> {
  const cursor = readHnCursor(ctx.cursor);
  // Asking only from the newest second seen lost items Algolia indexed late: overlap instead.
  const numericFilter = cursor
    ? `created_at_i>=${Math.floor(searchStart(cursor, { now: ctx.now, lookbackMs: 0, overlapMs: INDEX_LAG_MS }).getTime() / 1000)}`
    : `created_at_i>${Math.floor(ctx.now.getTime() / 1000) - FIRST_SCAN_LOOKBACK_S}`;

  const hits = new Map<string, RawHnHit>();
  for (const query of buildQueries(ctx)) {
    for (const hit of await searchAllPages(ctx, { query, numericFilter })) hits.set(hit.objectID, hit);
  }
  const fresh = [...hits.values()].filter((hit) => !isSeen(cursor, hit.objectID));
  const channel = (ctx.config.channel as Channel | undefined) ?? 'forum';
  return {
    posts: fresh.map((hit) => normalizeHnHit(hit, { source: ctx.config.name, channel })),
    cursor: advanceCursor(cursor, [...hits.values()].map((h) => ({ id: h.objectID, createdAt: epochToIso(h.created_at_i) })), INDEX_LAG_MS),
  };
}

/** `config.query` as written, else one query per brand term: Algolia has no OR across words. */
function buildQueries(ctx: HnContext): string[] {
  return termQueries({ query: ctx.config.query, terms: ctx.terms, log: ctx.log, label: sourceLabel(ctx.config) });
}

interface SearchInput {
  query: string;
  /** `created_at_i>…` or `created_at_i>=…` */
  numericFilter: string;
}

async function searchAllPages(ctx: HnContext, { query, numericFilter }: SearchInput): Promise<RawHnHit[]> {
  const hits: RawHnHit[] = [];
  let nbPages = 1;
  let nbHits = 0;
  for (let page = 0; page < nbPages && page < ctx.config.maxPages; page++) {
    const result = await searchPage(ctx, { query, numericFilter, page });
    hits.push(...result.hits);
    nbPages = result.nbPages;
    nbHits = Math.max(nbHits, result.nbHits ?? 0);
  }
  if (nbPages > ctx.config.maxPages || nbHits > ALGOLIA_MAX_HITS) {
    ctx.log.warn(
      `hackernews "${ctx.config.name}": "${query}" has ${nbHits} new hits but only the newest ${hits.length} were read (raise maxPages, narrow the query or scan more often)`,
    );
  }
  return hits;
}

async function searchPage(
  ctx: HnContext,
  { query, numericFilter, page }: SearchInput & { page: number },
): Promise<{ hits: RawHnHit[]; nbPages: number; nbHits: number | undefined }> {
  const params = new URLSearchParams({
    query,
    tags: ctx.config.tags,
    numericFilters: numericFilter,
    hitsPerPage: String(HITS_PER_PAGE),
    page: String(page),
  });
  const res = await ctx.http.request(`${ctx.config.baseUrl.replace(/\/+$/, '')}/api/v1/search_by_date?${params}`, {
    headers: { accept: 'application/json' },
  });
  const parsed = rawHnPageSchema.safeParse(parseJsonBody(res, 'the search API'));
  if (!parsed.success) throw new SourceError('response is not an Algolia search result (no hits/nbPages)');
  const hits: RawHnHit[] = [];
  for (const raw of parsed.data.hits) {
    const hit = rawHnHitSchema.safeParse(raw);
    if (hit.success) hits.push(hit.data);
    else ctx.log.warn(`hackernews "${ctx.config.name}": skipped a hit without objectID/created_at_i`);
  }
  return { hits, nbPages: parsed.data.nbPages, nbHits: parsed.data.nbHits };
}

function normalizeHnHit(hit: RawHnHit, { source, channel }: { source: string; channel: Channel }): Post {
  const isComment = hit.comment_text != null || (hit._tags?.includes('comment') ?? false);
  const html = hit.comment_text ?? hit.story_text ?? '';
  // A link story's URL often names the brand's domain; keep it in the text so it can match.
  const parts = isComment ? [htmlToText(html)] : [hit.title ?? '', hit.url ?? '', htmlToText(html)];
  return {
    source,
    id: hit.objectID,
    channel,
    createdAt: epochToIso(hit.created_at_i),
    text: parts.filter(Boolean).join('\n'),
    title: hit.title ?? hit.story_title ?? null,
    url: ITEM_URL + hit.objectID,
    author: hit.author ?? null,
    engagement: isComment ? null : (hit.points ?? null),
    replyTo: isComment && hit.parent_id != null ? String(hit.parent_id) : null,
  };
}

function epochToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * The stored cursor; one in the older `{ createdAtI, idsAtMax }` form becomes an overlap cursor
 * at that second, so existing databases neither start over nor lose their place.
 */
function readHnCursor(cursor: Cursor | null): HackernewsCursor | null {
  const createdAtI = cursor?.['createdAtI'];
  if (typeof createdAtI !== 'number' || !Number.isInteger(createdAtI)) return readOverlapCursor(cursor);
  const ids = cursor?.['idsAtMax'];
  const at = epochToIso(createdAtI);
  const recent = Array.isArray(ids) ? ids.filter((id) => typeof id === 'string').map((id) => [id, at]) : [];
  return { newest: at, recent: Object.fromEntries(recent) };
}
