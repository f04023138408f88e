import { stringify } from 'csv-stringify/sync';
import type { Cell, OutputRecord } from '../columns.js';
import { neutralizeFormula, stripControls } from '../sanitize.js';

export type MachineFormat = 'csv' | 'tsv' | 'json' | 'ndjson';

function cellText(v: Cell): string {
  if (v === null) return '';
  return typeof v === 'string' ? stripControls(v) : String(v);
}

function clean(r: OutputRecord): OutputRecord {
  const out: OutputRecord = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'string' ? stripControls(v) : v;
  return out;
}

/**
 * A machine format written a batch of records at a time: `head`, then `rows(batch)` for each
 * batch, then `tail()`. An export of a million mentions streams through it in constant memory;
 * the whole-string renderers below are the same writer fed one batch, so both give the same bytes.
 */
export interface RecordWriter {
  head: string;
  rows(records: readonly OutputRecord[]): string;
  tail(): string;
}

export function recordWriter(format: MachineFormat, columns: readonly string[]): RecordWriter {
  switch (format) {
    case 'csv':
      return {
        // RFC 4180 quoting (LF line ends) with a header row; formula-looking cells neutralised for spreadsheets.
        head: stringify([columns as string[]], { record_delimiter: '\n' }),
        rows: (records) =>
          records.length === 0
            ? ''
            : stringify(records.map((r) => columns.map((c) => neutralizeFormula(cellText(r[c] ?? null)))), { record_delimiter: '\n' }),
        tail: () => '',
      };
    case 'tsv': {
      // One record per line: tabs, newlines and backslashes escaped as \t \n \\.
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
      return {
        head: columns.join('\t') + '\n',
        rows: (records) => records.map((r) => columns.map((c) => esc(cellText(r[c] ?? null))).join('\t') + '\n').join(''),
        tail: () => '',
      };
    }
    case 'ndjson':
      // One JSON object per line, for jq and streaming consumers.
      return { head: '', rows: (records) => records.map((r) => JSON.stringify(clean(r)) + '\n').join(''), tail: () => '' };
    case 'json': {
      // Byte for byte what JSON.stringify(records, null, 2) gives for the whole array.
      let written = 0;
      return {
        head: '',
        rows: (records) =>
          records
            .map((r) => `${written++ === 0 ? '[\n' : ',\n'}  ${JSON.stringify(clean(r), null, 2).replace(/\n/g, '\n  ')}`)
            .join(''),
        tail: () => (written === 0 ? '[]\n' : '\n]\n'),
      };
    }
  }
}

function renderAll(format: MachineFormat, records: readonly OutputRecord[], columns: readonly string[]): string {
  const writer = recordWriter(format, columns);
  return writer.head + writer.rows(records) + writer.tail();
}

export function renderCsv(records: readonly OutputRecord[], columns: readonly string[]): string {
  return renderAll('csv', records, columns);
}

export function renderTsv(records: readonly OutputRecord[], columns: readonly string[]): string {
  return renderAll('tsv', records, columns);
}

export function renderJson(records: readonly OutputRecord[]): string {
  return renderAll('json', records, []);
}

export function renderNdjson(records: readonly OutputRecord[]): string {
  return renderAll('ndjson', records, []);
}
