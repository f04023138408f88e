import type { ChalkInstance } from 'chalk';
import { DETAIL_COLUMNS, MENTION_COLUMNS, toRecord } from '../report/columns.js';
import { renderCsv, renderJson, renderNdjson, renderTsv } from '../report/formats/machine.js';
import { renderMentionTable } from '../report/formats/table.js';
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

/** One place that turns mention rows into any output format. */
export function renderMentions({ rows, format, color, detail = false, columns: chosen, timeZone }: RenderMentionsInput): string {
  const columns = chosen ?? (detail ? DETAIL_COLUMNS : MENTION_COLUMNS);
  if (format === 'table') {
    return renderMentionTable({ rows, color, width: process.stdout.columns || 120, now: new Date(), timeZone });
  }
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
