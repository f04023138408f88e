import type { ChalkInstance } from 'chalk';
import { DETAIL_COLUMNS, MENTION_COLUMNS, toRecord } from '../report/columns.js';
import type { MentionRow } from '../store/query-mentions.js';
import type { Format } from './output.js';
import type { Sink } from './sink.js';

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

/** The mention table into `sink`, a hundred rows at a time: it stops when the reader goes away. */
export async function writeMentionTable({ rows, color, timeZone, sink }: Pick<RenderMentionsInput, 'rows' | 'color' | 'timeZone'> & { sink: Sink }): Promise<void> {
  const { mentionTableChunks } = await import('../report/formats/table.js');
  for (const chunk of mentionTableChunks({ rows, color, width: process.stdout.columns || 120, now: new Date(), timeZone })) {
    if (!(await sink.write(chunk))) return;
  }
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

/** Mentions per batch handed to the writer: big enough to be quick, small enough to stay flat. */
const BATCH = 500;

export interface WriteMentionsInput {
  rows: Iterable<MentionRow>;
  format: Exclude<Format, 'table'>;
  columns?: readonly (keyof MentionRow)[];
  sink: Sink;
}

/**
 * A machine format streamed batch by batch: the same bytes renderMentions gives, in constant
 * memory. Stops early when the reader goes away. Returns how many mentions were written.
 */
export async function writeMentions({ rows, format, columns = MENTION_COLUMNS, sink }: WriteMentionsInput): Promise<number> {
  const { recordWriter } = await import('../report/formats/machine.js');
  const writer = recordWriter(format, columns);
  if (!(await sink.write(writer.head))) return 0;
  let count = 0;
  let batch: MentionRow[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length < BATCH) continue;
    count += batch.length;
    const more = await sink.write(writer.rows(batch.map((r) => toRecord(r, columns))));
    batch = [];
    if (!more) return count;
  }
  count += batch.length;
  await sink.write(writer.rows(batch.map((r) => toRecord(r, columns))) + writer.tail());
  return count;
}
