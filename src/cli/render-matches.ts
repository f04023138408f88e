import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { stripControls } from '../report/sanitize.js';
import type { ScoredMention } from '../types.js';

export interface RenderMatchesInput {
  text: string;
  mentions: ScoredMention[];
  format: 'table' | 'json' | 'ndjson';
  color: ChalkInstance;
}

/** What `earshot match` prints: each brand found, the evidence, and the score it would get. */
export function renderMatches({ text, mentions, format, color }: RenderMatchesInput): string {
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
  if (format === 'json') return JSON.stringify(records, null, 2) + '\n';
  if (format === 'ndjson') return records.map((r) => JSON.stringify(r) + '\n').join('');
  if (records.length === 0) return color.dim('No brand matched.') + '\n';
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
  return `${stripControls(text).replace(/\s+/g, ' ').slice(0, 200)}\n${table.toString()}\n`;
}
