import { z } from 'zod';
import type { HackernewsSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import { htmlToText } from '../http/html-to-text.js';
import type { Channel, Cursor, Post } from '../types.js';
import { labelErrors } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

const HITS_PER_PAGE = 100;
/** Algolia has no OR across words, so each term is its own query; this bounds the requests. */
const MAX_TERM_QUERIES = 10;
/** A first scan looks this far back rather than through all of HN's history. */
const FIRST_SCAN_LOOKBACK_S = 7 * 24 * 60 * 60;
/** Algolia serves at most this many hits per query, however many pages are asked for. */
const ALGOLIA_MAX_HITS = 1000;
const ITEM_URL = 'https://news.ycombinator.com/item?id=';

/**
 * The newest second seen and the ids at that second. The next scan asks for `>=` that second
 * and drops those ids: an item indexed late within the same second is still found, none twice.
 */
export type HackernewsCursor = {
  createdAtI: number;
  idsAtMax: string[];
};

const rawHnHitSchema = z.object({
  objectID: z.string(),
  created_at_i: z.number().int(),
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
  const numericFilter = cursor
    ? `created_at_i>=${cursor.createdAtI}`
    : `created_at_i>${Math.floor(ctx.now.getTime() / 1000) - FIRST_SCAN_LOOKBACK_S}`;

  const hits = new Map<string, RawHnHit>();
  for (const query of buildQueries(ctx)) {
    for (const hit of await searchAllPages(ctx, { query, numericFilter })) hits.set(hit.objectID, hit);
  }
  const fresh = [...hits.values()].filter((hit) => !cursor?.idsAtMax.includes(hit.objectID));
  const channel = (ctx.config.channel as Channel | undefined) ?? 'forum';
  return {
    posts: fresh.map((hit) => normalizeHnHit(hit, { source: ctx.config.name, channel })),
    cursor: nextCursor(cursor, [...hits.values()]),
  };
}

/** `config.query` as written, else one query per brand term (phrases quoted). */
function buildQueries(ctx: HnContext): string[] {
  if (ctx.config.query) return [ctx.config.query];
  const terms = uniqueTerms(ctx.terms);
  if (terms.length === 0) throw new SourceError('no query configured and no brand terms to search for');
  if (terms.length > MAX_TERM_QUERIES) {
    ctx.log.warn(
      `hackernews "${ctx.config.name}": searching the first ${MAX_TERM_QUERIES} of ${terms.length} brand terms; set query: to choose`,
    );
  }
  return terms.slice(0, MAX_TERM_QUERIES).map((t) => (/\s/.test(t) ? `"${t.replace(/"/g, '')}"` : t));
}

/** Trimmed, without blanks or case-insensitive repeats; the first spelling wins. */
function uniqueTerms(terms: string[]): string[] {
  const byFolded = new Map<string, string>();
  for (const term of terms.map((t) => t.trim()).filter(Boolean)) {
    if (!byFolded.has(term.toLowerCase())) byFolded.set(term.toLowerCase(), term);
  }
  return [...byFolded.values()];
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
  const parsed = rawHnPageSchema.safeParse(parseJson(res.body, res.headers['content-type']));
  if (!parsed.success) throw new SourceError('response is not an Algolia search result (no hits/nbPages)');
  const hits: RawHnHit[] = [];
  for (const raw of parsed.data.hits) {
    const hit = rawHnHitSchema.safeParse(raw);
    if (hit.success) hits.push(hit.data);
    else ctx.log.warn(`hackernews "${ctx.config.name}": skipped a hit without objectID/created_at_i`);
  }
  return { hits, nbPages: parsed.data.nbPages, nbHits: parsed.data.nbHits };
}

function parseJson(body: string, contentType: string | undefined): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    const what = /html/i.test(contentType ?? '') || /^\s*</.test(body) ? 'got an HTML page' : 'invalid JSON';
    throw new SourceError(`expected JSON from the search API, ${what} (${(err as Error).message})`);
  }
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
    createdAt: new Date(hit.created_at_i * 1000).toISOString(),
    text: parts.filter(Boolean).join('\n'),
    title: hit.title ?? hit.story_title ?? null,
    url: ITEM_URL + hit.objectID,
    author: hit.author ?? null,
    engagement: isComment ? null : (hit.points ?? null),
    replyTo: isComment && hit.parent_id != null ? String(hit.parent_id) : null,
  };
}

function nextCursor(previous: HackernewsCursor | null, hits: RawHnHit[]): HackernewsCursor | null {
  let max = previous?.createdAtI ?? -Infinity;
  for (const hit of hits) max = Math.max(max, hit.created_at_i);
  if (!Number.isFinite(max)) return null;
  const ids = new Set(previous?.createdAtI === max ? previous.idsAtMax : []);
  for (const hit of hits) if (hit.created_at_i === max) ids.add(hit.objectID);
  return { createdAtI: max, idsAtMax: [...ids] };
}

function readHnCursor(cursor: Cursor | null): HackernewsCursor | null {
  const createdAtI = cursor?.['createdAtI'];
  if (typeof createdAtI !== 'number' || !Number.isInteger(createdAtI)) return null;
  const ids = cursor?.['idsAtMax'];
  return { createdAtI, idsAtMax: Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : [] };
}
