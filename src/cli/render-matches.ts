import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Rejection } from '../match/match-post.js';
import { stripControls } from '../report/sanitize.js';
import type { ScoredMention } from '../types.js';
import { oneLine, truncate } from '../report/formats/cells.js';
import type { OutputRecord } from '../report/columns.js';
import { renderCsv, renderTsv } from '../report/formats/machine.js';

export type MatchFormat = 'table' | 'json' | 'ndjson' | 'csv' | 'tsv';

/** The columns of `match --format csv|tsv`; with --explain, a dropped candidate's row says so. */
const MATCH_COLUMNS = ['brand', 'competitor', 'match_kind', 'variant', 'matched', 'span_start', 'span_end', 'distance', 'tagged', 'sentiment', 'sentiment_score', 'priority'];

export interface RenderMatchesInput {
  text: string;
  /** The post's language, when it was needed and could be told. */
  language: string | null;
  mentions: ScoredMention[];
  /** Present with --explain. */
  rejected?: Rejection[];
  format: MatchFormat;
  color: ChalkInstance;
}

/**
 * What `earshot match` prints: each brand found, the evidence, and the score it would get.
 * JSON is an array of matches; with --explain, an object with the matches and the rejections.
 */
export function renderMatches({ text, language, mentions, rejected, format, color }: RenderMatchesInput): string {
  const records = mentions.map((m) => ({
    brand: m.brand,
    competitor: m.competitor,
    match_kind: m.kind,
    variant: m.variant,
    matched: stripControls(m.matched),
    span_start: m.start,
    span_end: m.end,
    distance: m.distance,
    tagged: m.tagged,
    sentiment: m.sentiment,
    sentiment_score: m.sentimentScore,
    priority: m.priority,
  }));
  // `match_kind` as the matches have it; `kind` kept for scripts written before it was added.
  const dropped = (rejected ?? []).map((r) => ({ ...r, matched: stripControls(r.matched), match_kind: r.kind }));
  if (format === 'json') {
    return JSON.stringify(rejected ? { language, matches: records, rejected: dropped } : records, null, 2) + '\n';
  }
  if (format === 'ndjson') {
    // With --explain every line says whether it was dropped, as the CSV's `rejected` column does.
    const kept = rejected ? records.map((r) => ({ ...r, rejected: false })) : records;
    return [...kept, ...dropped.map((r) => ({ ...r, rejected: true }))].map((r) => JSON.stringify(r) + '\n').join('');
  }
  if (format === 'csv' || format === 'tsv') {
    const rows: OutputRecord[] = rejected
      ? [
          ...records.map((r) => ({ ...r, rejected: false, reason: null })),
          ...dropped.map((r) => ({ brand: r.brand, match_kind: r.kind, variant: r.variant, matched: r.matched, rejected: true, reason: r.reason })),
        ]
      : records;
    const columns = rejected ? [...MATCH_COLUMNS, 'rejected', 'reason'] : MATCH_COLUMNS;
    return format === 'csv' ? renderCsv(rows, columns) : renderTsv(rows, columns);
  }
  const lines = [`${truncate(oneLine(text), 200)}${language ? color.dim(`  [${language}]`) : ''}`];
  if (records.length === 0) lines.push(color.dim('No brand matched.'));
  else {
    const table = new Table({
      head: ['brand', 'kind', 'matched', 'for', 'edits', 'tagged', 'sentiment'].map((h) => color.bold(h)),
      style: { head: [], border: [] },
    });
    for (const r of records) {
      table.push([
        r.competitor ? `${r.brand} ${color.dim('(competitor)')}` : r.brand,
        r.match_kind,
        `"${r.matched}" at ${r.span_start}–${r.span_end}`,
        r.variant,
        String(r.distance),
        r.tagged ? 'yes' : 'no',
        `${r.sentiment} (${r.sentiment_score})`,
      ]);
    }
    lines.push(table.toString());
  }
  if (rejected) {
    if (dropped.length === 0) lines.push(color.dim('Nothing was dropped.'));
    for (const r of dropped) lines.push(`${color.yellow('dropped')} ${r.brand} (${r.kind}) "${r.matched}" for ${r.variant}: ${r.reason}`);
  }
  return lines.join('\n') + '\n';
}
