import { parse } from 'csv-parse/sync';
import { SourceError } from '../errors.js';

/** One CSV data row keyed by the header's column names, with the line it starts on (1-based). */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A row that could not be read; the rows after it are still read. */
export interface CsvProblem {
  line: number;
  message: string;
}

interface PendingLine {
  line: number;
  text: string;
  quotes: number;
}

/** Records are parsed in batches (fast); a batch that fails is re-read record by record. */
const BATCH_RECORDS = 500;
/** A quoted field may span lines, but an unclosed quote must not swallow the rest of the file. */
const MAX_RECORD_LINES = 10_000;
const PARSE_OPTIONS = { relax_column_count: true, bom: false } as const;

/**
 * Reads CSV line by line with csv-parse, recovering from broken quoting. Lines are grouped into
 * records by quote parity (a record is complete once its `"` count is even); a record csv-parse
 * rejects is reported at its first line and only that line is dropped, so an unclosed quote
 * costs one line, not the rest of the file. The first record is the header row.
 */
export async function* readCsvRows(
  lines: AsyncIterable<string>,
  onProblem: (problem: CsvProblem) => void,
  onHeader?: (columns: readonly string[], line: number) => void,
): AsyncGenerator<CsvRow> {
  const reader = new CsvRecordReader(onProblem, onHeader);
  let line = 0;
  for await (const text of lines) {
    reader.push({ line: ++line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text, quotes: countQuotes(text) });
    if (reader.shouldDrain()) yield* reader.drain(false);
  }
  yield* reader.drain(true);
}

class CsvRecordReader {
  private pending: PendingLine[] = [];
  private header: string[] | null = null;
  /** Complete records at the front of `pending`, and the lines and quotes of the open one after them. */
  private ready = 0;
  private tailLines = 0;
  private tailQuotes = 0;

  constructor(
    private readonly onProblem: (problem: CsvProblem) => void,
    private readonly onHeader?: (columns: readonly string[], line: number) => void,
  ) {}

  push(line: PendingLine): void {
    // Blank lines between records are skipped; inside a quoted field they are content.
    if (line.text.trim() === '' && this.tailLines === 0) return;
    this.pending.push(line);
    this.count(line);
  }

  shouldDrain(): boolean {
    return this.ready >= BATCH_RECORDS || this.tailLines > MAX_RECORD_LINES;
  }

  *drain(atEnd: boolean): Generator<CsvRow> {
    for (;;) {
      const records = this.records().slice(0, BATCH_RECORDS);
      if (records.length === 0) {
        if (!this.dropUnclosed(atEnd)) return;
        continue;
      }
      const rows = this.parseBatch(records);
      if (rows) {
        this.remove(records.reduce((n, r) => n + r.length, 0));
        yield* rows;
      } else {
        yield* this.parseOneByOne(records);
      }
      if (!atEnd && !this.shouldDrain()) return;
    }
  }

  /** Drops a first line whose quote never closes: at end of input, or after too many lines. */
  private dropUnclosed(atEnd: boolean): boolean {
    const first = this.pending[0];
    if (!first || (!atEnd && this.tailLines <= MAX_RECORD_LINES)) return false;
    this.report(first.line, 'quote not closed');
    this.remove(1);
    return true;
  }

  private parseBatch(records: PendingLine[][]): CsvRow[] | null {
    let rows: string[][];
    try {
      rows = parse(records.map(joinLines).join('\n'), PARSE_OPTIONS) as string[][];
    } catch {
      return null;
    }
    if (rows.length !== records.length) return null;
    return rows.flatMap((row, i) => this.toRow(row, records[i]![0]!.line));
  }

  /** Reads records singly until one fails; drops only that record's first line and regroups. */
  private *parseOneByOne(records: PendingLine[][]): Generator<CsvRow> {
    for (const record of records) {
      const first = record[0]!;
      let rows: string[][];
      try {
        rows = parse(joinLines(record), PARSE_OPTIONS) as string[][];
      } catch (err) {
        this.report(first.line, describeCsvError(err));
        this.remove(1);
        return;
      }
      this.remove(record.length);
      for (const row of rows) yield* this.toRow(row, first.line);
    }
  }

  private report(line: number, message: string): void {
    // Without a header no row can be read, so a broken one is fatal.
    if (!this.header) throw new SourceError(`line ${line}: cannot read the header row: ${message}`);
    this.onProblem({ line, message });
  }

  private toRow(cells: string[], line: number): CsvRow[] {
    if (!this.header) {
      this.header = cells.map((c) => c.trim());
      this.onHeader?.(this.header, line);
      return [];
    }
    // More cells than columns: an unquoted comma in a text, which would cut the text short at it.
    // Empty ones (a trailing comma, as some spreadsheets write) are harmless.
    if (cells.length > this.header.length && cells.slice(this.header.length).some((c) => c.trim() !== '')) {
      this.onProblem({ line, message: `${cells.length} cells where the header has ${this.header.length} columns (a text with a comma must be in double quotes)` });
      return [];
    }
    const values: Record<string, string> = {};
    this.header.forEach((name, i) => {
      const cell = cells[i];
      if (cell !== undefined) values[name] = cell;
    });
    return [{ line, values }];
  }

  /** Splits the buffer into complete records (even quote count), leaving any open one. */
  private records(): PendingLine[][] {
    const records: PendingLine[][] = [];
    let current: PendingLine[] = [];
    let quotes = 0;
    for (const line of this.pending) {
      current.push(line);
      quotes += line.quotes;
      if (quotes % 2 === 0) {
        records.push(current);
        current = [];
        quotes = 0;
      }
    }
    return records;
  }

  private remove(lines: number): void {
    this.pending.splice(0, lines);
    this.ready = this.tailLines = this.tailQuotes = 0;
    for (const line of this.pending) this.count(line);
  }

  private count(line: PendingLine): void {
    this.tailLines++;
    this.tailQuotes += line.quotes;
    if (this.tailQuotes % 2 === 0) {
      this.ready++;
      this.tailLines = this.tailQuotes = 0;
    }
  }
}

function joinLines(record: PendingLine[]): string {
  return record.map((l) => l.text).join('\n');
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}

function describeCsvError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // csv-parse counts lines within the record we handed it; our line number is the real one.
  return `broken quoting (${message.split(':')[0]?.trim() || 'parse error'})`;
}
