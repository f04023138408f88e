import type { ChalkInstance } from 'chalk';
import { DETAIL_COLUMNS, MENTION_COLUMNS, toRecord } from '../report/columns.js';
import type { MentionRow } from '../store/query-mentions.js';
import type { Format } from './output.js';

export interface RenderMentionsInput {
  rows: MentionRow[];
  format: Format;
  color: ChalkInstance;
  detail?: boolean;
  /** Machine formats: these columns instead of the default list (`--fields`). */
  columns?: readonly (keyof MentionRow)[];
  /** Tables only: local times in this zone (`--tz`). */
  timeZone?: string;
}

/**
 * One place that turns mention rows into any output format. Each format's renderer is loaded
 * when asked for: a cron job writing CSV never loads the table library.
 */
export async function renderMentions({ rows, format, color, detail = false, columns: chosen, timeZone }: RenderMentionsInput): Promise<string> {
  const columns = chosen ?? (detail ? DETAIL_COLUMNS : MENTION_COLUMNS);
  if (format === 'table') {
    const { renderMentionTable } = await import('../report/formats/table.js');
    return renderMentionTable({ rows, color, width: process.stdout.columns || 120, now: new Date(), timeZone });
  }
  const { renderCsv, renderJson, renderNdjson, renderTsv } = await import('../report/formats/machine.js');
  const records = rows.map((r) => toRecord(r, columns));
  switch (format) {
    case 'csv':
      return renderCsv(records, columns);
    case 'tsv':
      return renderTsv(records, columns);
    case 'json':
      return renderJson(records);
    case 'ndjson':
      return renderNdjson(records);
  }
}
