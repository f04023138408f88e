import { stringify } from 'csv-stringify/sync';
import type { Cell, OutputRecord } from '../columns.js';
import { neutralizeFormula, stripControls } from '../sanitize.js';

function cellText(v: Cell): string {
  if (v === null) return '';
  return typeof v === 'string' ? stripControls(v) : String(v);
}

function clean(r: OutputRecord): OutputRecord {
  const out: OutputRecord = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'string' ? stripControls(v) : v;
  return out;
}

/** RFC 4180 CSV with a header row; formula-looking cells neutralised for spreadsheets. */
export function renderCsv(records: OutputRecord[], columns: readonly string[]): string {
  const rows = records.map((r) => columns.map((c) => neutralizeFormula(cellText(r[c] ?? null))));
  return stringify([columns as string[], ...rows], { record_delimiter: '\n' });
}

/** Tab-separated, one record per line: tabs, newlines and backslashes escaped as \t \n \\. */
export function renderTsv(records: OutputRecord[], columns: readonly string[]): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  const lines = [columns.join('\t'), ...records.map((r) => columns.map((c) => esc(cellText(r[c] ?? null))).join('\t'))];
  return lines.join('\n') + '\n';
}

export function renderJson(records: OutputRecord[]): string {
  return JSON.stringify(records.map(clean), null, 2) + '\n';
}

/** One JSON object per line, for jq and streaming consumers. */
export function renderNdjson(records: OutputRecord[]): string {
  return records.map((r) => JSON.stringify(clean(r)) + '\n').join('');
}
