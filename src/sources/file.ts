import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileSourceConfig } from '../config/schema.js';
import { EXIT } from '../cli/exit-codes.js';
import { SourceError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Channel, Post } from '../types.js';
import { parseDateUtc } from './date-string.js';
import { readCsvRows } from './csv-records.js';
import { isObject } from './is-object.js';
import { POST_FIELDS } from './post-fields.js';
import { cannotReadFile, labelErrors, sourceLabel } from './source-errors.js';
import { eachLine, textLines } from './text-lines.js';
import type { FetchResult, Source, SourceContext } from './source.js';
import { BIG_INTEGER_HINT, quoteBigIntegers } from '../json-integers.js';

export type PostsFileFormat = 'jsonl' | 'csv' | 'tsv';
type FieldName = keyof FileSourceConfig['fields'];

export interface ReadPostsFileInput {
  /** A file, or STDIN ("-"). */
  path: string;
  /** Taken from the extension when absent. */
  format?: PostsFileFormat;
  /** earshot's field name → the file's column or key (dotted paths reach into JSON objects). */
  fields?: FileSourceConfig['fields'];
  /** Source name stored on every post. */
  source: string;
  channel?: Channel;
  log: Logger;
  /** createdAt for rows without a date. */
  now: Date;
  /** Called for each row skipped (and warned about). */
  onSkip?: () => void;
  /** Who reads the file: `import` (errors name the file and --field) or a configured source (its name and `fields:`). */
  reader?: 'import' | 'source';
  /** Read the file up to this byte offset only (exclusive). */
  upTo?: number;
}

/** Size and mtime of the file when last read: unchanged means nothing new. */
export type FileCursor = {
  size: number;
  mtimeMs: number;
};

const EXTENSION_FORMATS: Record<string, PostsFileFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json-lines': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
};
/** After this many per-row warnings a file gets one summary line instead. */
const MAX_ROW_WARNINGS = 20;
const EPOCH_MS_THRESHOLD = 1e11;

type FileContext = SourceContext<FileSourceConfig & { name: string }>;

export const fileSource: Source<'file'> = {
  kind: 'file',
  fetch: (ctx) => labelErrors(ctx.config, () => fetchFile(ctx)),
};

async function fetchFile(ctx: FileContext): Promise<FetchResult> {
  const file = path.resolve(ctx.baseDir, ctx.config.path);
  let cursor = await fileCursor(file);
  const previous = ctx.cursor;
  if (previous?.['size'] === cursor.size && previous['mtimeMs'] === cursor.mtimeMs) {
    return { posts: [], cursor: previous };
  }
  // A file written to a moment ago may end in half a row ("my order is la"): a CSV row reads
  // whole, and stored so it could never be mended. It is left for the next scan, which reads the
  // file again (the cursor says less was read) and takes it once the file has rested.
  const upTo = Date.now() - cursor.mtimeMs < STILL_WRITTEN_MS ? await afterLastLineEnd(file, cursor.size) : cursor.size;
  if (upTo < cursor.size) {
    cursor = { size: upTo, mtimeMs: cursor.mtimeMs };
    ctx.log.debug(`${ctx.config.path}: its last line is not ended yet, and was changed ${Math.round((Date.now() - cursor.mtimeMs) / 1000)} s ago: left for the next scan`);
    if (upTo === 0) return { posts: [], cursor };
  }
  let skipped = 0;
  const posts = await readPosts({
    path: file,
    format: ctx.config.format,
    fields: ctx.config.fields,
    source: ctx.config.name,
    channel: ctx.config.channel as Channel | undefined,
    log: ctx.log,
    now: ctx.now,
    onSkip: () => skipped++,
    upTo: upTo === 0 ? undefined : upTo,
  });
  // As `import` has it: a file none of whose rows could be read (a mapping that does not fit it,
  // the wrong file) fails the source, and is read again next time instead of being passed by.
  if (posts.length === 0 && skipped > 0) {
    throw new SourceError(`${ctx.config.path}: none of its ${skipped} rows could be read (see the warnings above); nothing was stored from it`);
  }
  return { posts, cursor };
}

/** A file changed less than this long ago may still be being written. */
const STILL_WRITTEN_MS = 60_000;

/**
 * The offset just past the file's last line end (0 when it has none), reading back from its end.
 * In UTF-16 (told by its mark) a line ends in two bytes, the \n's code unit: 0A 00 or 00 0A.
 */
async function afterLastLineEnd(file: string, size: number): Promise<number> {
  const handle = await open(file, 'r').catch((err: unknown) => {
    throw cannotReadFile(file, err);
  });
  try {
    const block = Buffer.alloc(64 * 1024);
    const { bytesRead: head } = await handle.read(block, 0, Math.min(2, size), 0);
    const utf16 = head < 2 ? null : block[0] === 0xff && block[1] === 0xfe ? 'le' : block[0] === 0xfe && block[1] === 0xff ? 'be' : null;
    // Blocks overlap by a byte, so that a UTF-16 line end cut by a block's edge is still seen.
    for (let end = size; end > 0; end -= block.length - 1) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      for (let at = block.subarray(0, bytesRead).lastIndexOf(0x0a); at !== -1; at = at > 0 ? block.subarray(0, at).lastIndexOf(0x0a) : -1) {
        const offset = start + at;
        if (utf16 === null) return offset + 1;
        if (utf16 === 'le' && offset % 2 === 0 && block[at + 1] === 0x00 && at + 1 < bytesRead) return offset + 2;
        if (utf16 === 'be' && offset % 2 === 1 && at > 0 && block[at - 1] === 0x00) return offset + 1;
      }
      if (start === 0) break;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

async function fileCursor(file: string): Promise<FileCursor> {
  const stats = await stat(file).catch((err: unknown) => {
    throw cannotReadFile(file, err);
  });
  if (stats.isDirectory()) throw new SourceError(`${file} is a folder: give the file of posts in it`, EXIT.USAGE);
  return { size: stats.size, mtimeMs: stats.mtimeMs };
}

/** The path that names standard input: `earshot import - --format jsonl`. */
export const STDIN = '-';

/** Posts from a JSONL, CSV or TSV file; unreadable rows are warned about (file:line) and skipped. */
export function readPostsFile(input: ReadPostsFileInput): Promise<Post[]> {
  return labelErrors({ type: 'file', name: input.source }, () => readPosts(input));
}

/**
 * The posts a block of the file holds (about 1 MB), block by block, in constant memory whatever the
 * file's size: what `import` uses for archives of millions, as stepping through async generators
 * once per post cost more than parsing it. `onBytes` reports progress as bytes read.
 */
export async function* streamPostBatches(input: ReadPostsFileInput, onBytes?: (bytes: number) => void): AsyncGenerator<Post[]> {
  try {
    yield* postBatchesOf(input, onBytes);
  } catch (err) {
    const label = input.reader === 'import' ? (input.path === STDIN ? 'stdin' : input.path) : sourceLabel({ type: 'file', name: input.source });
    if (err instanceof SourceError) throw new SourceError(`${label}: ${err.message}`, err.exitCode);
    throw err;
  }
}

async function readPosts(input: ReadPostsFileInput): Promise<Post[]> {
  const posts: Post[] = [];
  for await (const batch of postBatchesOf(input)) for (const post of batch) posts.push(post);
  return posts;
}

async function* postBatchesOf(input: ReadPostsFileInput, onBytes?: (bytes: number) => void): AsyncGenerator<Post[]> {
  // Before its extension is asked for: "cannot tell the format of exports" hid that it is a folder.
  if (input.path !== STDIN && (await stat(input.path).then((s) => s.isDirectory(), () => false))) {
    throw new SourceError(`${input.path} is a folder: give the file of posts in it`, EXIT.USAGE);
  }
  const format = input.format ?? formatFromExtension(input.path);
  const stream =
    input.path === STDIN
      ? process.stdin
      : (
          await open(input.path, 'r').catch((err: unknown) => {
            throw cannotReadFile(input.path, err);
          })
        ).createReadStream({ highWaterMark: 1 << 20, ...(input.upTo !== undefined ? { end: input.upTo - 1 } : {}) });
  const warn = createRowWarner(input.path === STDIN ? 'stdin' : input.path, input.log, input.onSkip);
  const toPost = createRowMapper(input, warn);
  try {
    const name = input.path === STDIN ? 'stdin' : input.path;
    // UTF-16 says so with its byte-order mark; Windows-1252 is a guess, so it is told.
    const onEncoding = (encoding: string) => {
      if (encoding === 'windows-1252') input.log.warn(`${name}: text that is not UTF-8, read as Windows-1252 (as Excel saves text files on Windows)`);
    };
    const lines = textLines(stream, { name, onBytes, onEncoding });
    const onHeader = (columns: readonly string[], line: number) => checkColumns(input, format, columns, line);
    yield* format === 'csv' ? csvPosts(lines, warn, toPost, onHeader) : format === 'tsv' ? tsvPosts(lines, warn, toPost, onHeader) : jsonlPosts(lines, warn, toPost, mappedKeys(input).length > 0 ? (rows, line) => checkKeys(input, rows, line) : undefined);
  } catch (err) {
    throw err instanceof SourceError ? err : cannotReadFile(input.path, err);
  } finally {
    stream.destroy();
  }
  warn.summarize();
}

/** The format a file's extension names (.jsonl, .ndjson, .csv …), if any. */
export function formatOfExtension(file: string): PostsFileFormat | undefined {
  return EXTENSION_FORMATS[path.extname(file).toLowerCase()];
}

function formatFromExtension(file: string): PostsFileFormat {
  const format = formatOfExtension(file);
  if (format) return format;
  throw new SourceError(`cannot tell the format of ${file} from its extension; set format: jsonl, csv or tsv`, EXIT.USAGE);
}

/**
 * Each block's posts. A line is parsed and mapped before the next is read, so warnings come in
 * line order.
 */
async function* jsonlPosts(
  blocks: AsyncIterable<string[]>,
  warn: RowWarner,
  toPost: RowMapper,
  onFirstRows?: (rows: readonly Record<string, unknown>[], line: number) => void,
): AsyncGenerator<Post[]> {
  let line = 0;
  // The first records (FIRST_RECORDS, or a megabyte), what a header is to CSV: their posts are
  // held until they are checked, however the input comes (a file's blocks, a pipe's bits).
  let first: Record<string, unknown>[] | null = onFirstRows ? [] : null;
  let firstChars = 0;
  let firstLine = 0;
  let held: Post[] = [];
  for await (const lines of blocks) {
    let posts: Post[] = [];
    for (const text of lines) {
      line++;
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
      if (!trimmed) continue;
      let value: unknown;
      try {
        value = JSON.parse(BIG_INTEGER_HINT.test(trimmed) ? quoteBigIntegers(trimmed) : trimmed);
      } catch (err) {
        warn(line, `invalid JSON (${(err as Error).message})`);
        continue;
      }
      if (!isObject(value)) {
        warn(line, 'expected a JSON object');
        continue;
      }
      if (first) {
        if (first.length === 0) firstLine = line;
        first.push(value);
        firstChars += trimmed.length;
      }
      const post = toPost(value, line);
      if (post) posts.push(post);
    }
    if (first) {
      for (const post of posts) held.push(post);
      if (first.length < FIRST_RECORDS && firstChars < FIRST_CHARS) continue;
      onFirstRows!(first, firstLine);
      first = null;
      posts = held;
      held = [];
    }
    if (posts.length > 0) yield posts;
  }
  if (first && first.length > 0) onFirstRows!(first, firstLine);
  if (held.length > 0) yield held;
}

/** How many records of a JSONL file a key mapped on purpose is looked for in, or a megabyte of them. */
const FIRST_RECORDS = 100;
const FIRST_CHARS = 1 << 20;

/** Fields mapped on purpose whose key each row is not checked for already (id and text are). */
function mappedKeys(input: ReadPostsFileInput): [string, string][] {
  return Object.entries(input.fields ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'id' && e[0] !== 'text');
}

/**
 * A key mapped on purpose (`--field created_at=timestamp`) that none of the first records
 * has is a typo, as a missing CSV column is: every post would miss it (dated at the import), and
 * a second import could not mend it, as nothing is stored twice. Said before any post is stored.
 */
function checkKeys(input: ReadPostsFileInput, rows: readonly Record<string, unknown>[], line: number): void {
  for (const [field, key] of mappedKeys(input)) {
    const path = key.split('.');
    if (rows.some((row) => Object.hasOwn(row, key) || (path.length > 1 && lookupPath(row, path) !== undefined))) continue;
    const fix = input.reader === 'import' ? `fix --field ${field}=KEY` : `fix fields: { ${field}: KEY } in the source`;
    const said = rows.length === 1 ? `the record has no "${key}"` : `none of the first ${rows.length} records has "${key}"`;
    throw new SourceError(`line ${line}: ${said} for the post's ${field}; ${fix}`, EXIT.USAGE);
  }
}

/** CSV rows may span lines (a quoted line break), so the parser takes the lines one by one. */
async function* csvPosts(
  blocks: AsyncIterable<string[]>,
  warn: RowWarner,
  toPost: RowMapper,
  onHeader: (columns: readonly string[], line: number) => void,
): AsyncGenerator<Post[]> {
  for await (const row of readCsvRows(eachLine(blocks), (p) => warn(p.line, p.message), onHeader)) {
    const post = toPost(row.values, row.line);
    if (post) yield [post];
  }
}

/**
 * TSV as databases, `cut` and earshot itself write it: a header row, then one row a line, cells
 * split at tabs, with `\t`, `\n`, `\r` and `\\` standing for a tab, a line break, a carriage
 * return and a backslash. No quoting: a `"` is part of the text. A row with more cells than the
 * header is misaligned (a tab in a text that was not escaped) and skipped.
 */
async function* tsvPosts(
  blocks: AsyncIterable<string[]>,
  warn: RowWarner,
  toPost: RowMapper,
  onHeader: (columns: readonly string[], line: number) => void,
): AsyncGenerator<Post[]> {
  let line = 0;
  let header: string[] | undefined;
  for await (const lines of blocks) {
    const posts: Post[] = [];
    for (const text of lines) {
      line++;
      const row = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (row.trim() === '') continue;
      const cells = row.split('\t');
      if (!header) {
        header = cells.map((c) => c.trim());
        onHeader(header, line);
        continue;
      }
      const extra = cells.slice(header.length).filter((c) => c.trim() !== '');
      if (extra.length > 0) {
        warn(line, `${cells.length} cells where the header has ${header.length} columns (a tab in a text must be written \\t)`);
        continue;
      }
      const values: Record<string, string> = {};
      header.forEach((name, i) => {
        const cell = cells[i];
        // \N is NULL, as PostgreSQL's COPY and MySQL's INTO OUTFILE write it.
        if (cell !== undefined && cell !== '\\N') values[name] = unescapeTsv(cell);
      });
      const post = toPost(values, line);
      if (post) posts.push(post);
    }
    if (posts.length > 0) yield posts;
  }
}

const TSV_ESCAPE = /\\([tnr\\])/g;
const TSV_ESCAPED: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };

function unescapeTsv(cell: string): string {
  return cell.includes('\\') ? cell.replace(TSV_ESCAPE, (_, c: string) => TSV_ESCAPED[c]!) : cell;
}

/**
 * A header without the id or text column would have every row skipped, one warning each, and
 * nothing stored: a wrong --field, or a file separated by something else, is told at once instead.
 */
function checkColumns(input: ReadPostsFileInput, format: PostsFileFormat, columns: readonly string[], line: number): void {
  for (const field of ['id', 'text'] as const) {
    const column = input.fields?.[field] ?? field;
    if (columns.includes(column)) continue;
    throw new SourceError(`line ${line}: no column "${column}" for the post's ${field}: the header has ${listColumns(columns)}${separatorHint(input, format, columns, field)}`, EXIT.USAGE);
  }
  // Two columns of one name that earshot reads: which holds the post's text (or date, or author)
  // would be a guess, and a wrong guess stored cannot be mended by importing again.
  for (const field of POST_FIELDS) {
    const column = input.fields?.[field] ?? field;
    const first = columns.indexOf(column);
    const second = first === -1 ? -1 : columns.indexOf(column, first + 1);
    if (second === -1) continue;
    throw new SourceError(
      `line ${line}: the header has ${JSON.stringify(column)} twice (columns ${first + 1} and ${second + 1}), so which holds the post's ${field} is unclear: rename one`,
      EXIT.USAGE,
    );
  }
  // A column named on purpose that is not there is a typo: every post would miss it (a date
  // taken as the import's time), and a second import could not mend it, as nothing is stored twice.
  for (const [field, column] of Object.entries(input.fields ?? {})) {
    if (column === undefined || field === 'id' || field === 'text' || columns.includes(column)) continue;
    throw new SourceError(
      `line ${line}: no column "${column}" for the post's ${field}: the header has ${listColumns(columns)}; ${input.reader === 'import' ? `fix --field ${field}=COLUMN` : `fix fields: { ${field}: COLUMN } in the source`}`,
      EXIT.USAGE,
    );
  }
}

/** A header read as one column often has another separator: a tab or a comma names the format that reads it. */
function separatorHint(input: ReadPostsFileInput, format: PostsFileFormat, columns: readonly string[], field: string): string {
  const others = format === 'tsv' ? [',', ';', '|'] : [';', '\t', '|'];
  const separator = columns.length === 1 ? others.find((c) => columns[0]!.includes(c)) : undefined;
  const formatAs = (f: PostsFileFormat) => (input.reader === 'import' ? `--format ${f}` : `format: ${f} in the source`);
  if (separator === '\t') return `; its columns seem to be separated by tabs: read it as TSV (${formatAs('tsv')})`;
  if (separator === ',') return `; its columns seem to be separated by ",": read it as CSV (${formatAs('csv')})`;
  if (separator) return `; its columns seem to be separated by "${separator}", and earshot reads ${format === 'tsv' ? 'tab-separated TSV' : 'comma-separated CSV'}`;
  return `; name the column that holds it with ${input.reader === 'import' ? `--field ${field}=COLUMN` : `fields: { ${field}: COLUMN } in the source`}`;
}

/** A header's columns as a message names them: quoted, a tab written \t. */
function listColumns(columns: readonly string[]): string {
  return columns.map((c) => JSON.stringify(c)).join(', ');
}

type RowMapper = (record: Record<string, unknown>, line: number) => Post | null;

function createRowMapper(input: ReadPostsFileInput, warn: RowWarner): RowMapper {
  const column = (name: FieldName): string => input.fields?.[name] ?? name;
  // Dotted paths split once, not per row.
  const paths = new Map<FieldName, string[]>();
  const get = (record: Record<string, unknown>, name: FieldName): unknown => {
    const key = column(name);
    if (key in record) return record[key];
    let path = paths.get(name);
    if (!path) paths.set(name, (path = key.split('.')));
    return path.length > 1 ? lookupPath(record, path) : undefined;
  };
  return (record, line) => {
    const rawId = get(record, 'id');
    // Said as what it is: "missing" would send the user looking for a key that is there.
    if ((rawId !== null && typeof rawId === 'object') || typeof rawId === 'boolean') {
      warn(line, `"${column('id')}" is ${kindOf(rawId)}, where a string or a number was expected`);
      return null;
    }
    // 1e400, 1.5e20: JSON numbers no id survives exactly (Infinity; rounded), so two posts could
    // share one and the second be lost.
    if (typeof rawId === 'number' && !Number.isSafeInteger(rawId)) {
      warn(line, `id is a number JSON cannot keep exactly (read as ${rawId}); write ids as strings`);
      return null;
    }
    const id = normalizeId(scalar(rawId));
    const rawText = get(record, 'text');
    if (id !== null && ((rawText !== null && typeof rawText === 'object') || typeof rawText === 'boolean')) {
      warn(line, `"${column('text')}" is ${kindOf(rawText)}, where a string was expected`);
      return null;
    }
    const text = scalar(rawText);
    if (id === null || text === null) {
      warn(line, `missing "${column(id === null ? 'id' : 'text')}"`);
      return null;
    }
    const rawDate = get(record, 'created_at');
    const date = isBlank(rawDate) ? input.now : parseDate(rawDate);
    if (!date) {
      // Day and month in either order is the one unreadable date a user may not see why.
      const why = typeof rawDate === 'string' && DAY_MONTH_ORDER.test(rawDate.trim()) ? ' (day or month first? write dates as ISO 8601)' : '';
      warn(line, `cannot read date ${JSON.stringify(rawDate)} in "${column('created_at')}"${why}`);
      return null;
    }
    // Stored, a post from the future would sit at the top of the list, never due, until its day.
    // Against the clock as the row is read: a pipe may be read for days.
    if (date.getTime() - Math.max(input.now.getTime(), Date.now()) > FUTURE_SLACK_MS) {
      warn(line, `date ${JSON.stringify(rawDate)} in "${column('created_at')}" is in the future`);
      return null;
    }
    return {
      source: input.source,
      id,
      channel: input.channel ?? 'social',
      createdAt: date.toISOString(),
      text,
      title: scalar(get(record, 'title')),
      url: scalar(get(record, 'url')),
      author: scalar(get(record, 'author')),
      authorFollowers: toCount(get(record, 'author_followers')),
      language: scalar(get(record, 'language')),
      replyTo: normalizeId(scalar(get(record, 'reply_to'))),
    };
  };
}

/** A dotted path into nested JSON (`user.screen_name`). */
function lookupPath(record: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = record;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** How far ahead of the import a post's date may be: clocks and time zones written wrong. */
const FUTURE_SLACK_MS = 86_400_000;

/** A JSON value that is no scalar, or a boolean, as a message names it. */
function kindOf(value: object | boolean): string {
  return typeof value === 'boolean' ? `a boolean (${value})` : Array.isArray(value) ? 'a list' : 'an object';
}

function scalar(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return null;
  return value.trim() ? value : null;
}

/** Spreadsheet and pandas exports turn numeric ids into floats: "3.0" is id "3". */
function normalizeId(id: string | null): string | null {
  if (id === null) return null;
  const trimmed = id.trim();
  return /^\d+\.0+$/.test(trimmed) ? trimmed.replace(/\.0+$/, '') : trimmed;
}

function toCount(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
/** Twitter's `Tue Oct 31 22:10:47 +0000 2017`. */
const TWITTER_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})$/;
/** RFC 2822 / RFC 822: `Tue, 31 Oct 2017 22:10:47 +0000`. */
const RFC2822_DATE = /^(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? (?:GMT|UTC|UT|Z|[+-]\d{4})$/;

/** ISO 8601, epoch seconds or ms, Twitter's and RFC 2822 dates; anything else is null. */
export function parseDate(value: unknown): Date | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const iso = ISO_DATE.exec(text);
  if (iso) {
    // Date would roll 2026-02-30 over into March: a day that does not exist is no date.
    if (!dateOfDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))) return null;
    // A time without an offset would be read as local time; files we import mean UTC.
    const hasTime = text.length > 10;
    return validDate(text.replace(' ', 'T') + (hasTime && !iso[1] ? 'Z' : ''));
  }
  const twitter = TWITTER_DATE.exec(text);
  if (twitter) {
    const [, month, day, time, zone, year] = twitter;
    return validDate(`${day} ${month} ${year} ${time} ${zone}`);
  }
  if (RFC2822_DATE.test(text)) return validDate(text);
  // Other written dates with a year ("2026/03/02 14:05", "Mar 2 2026", "… UTC"), read as UTC when
  // they name no zone; not 03/02/2026, whose day and month only the file's locale could tell.
  return /\b\d{4}\b/.test(text) && !DAY_MONTH_ORDER.test(text) ? parseDateUtc(text) : null;
}

/** 03/02/2026, 3.2.26: the day first in Europe, the month first in the US. */
const DAY_MONTH_ORDER = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/;

/** Times from before this are numbers that are no time stamps ("2026" as seconds is 1970). */
const EARLIEST_MS = Date.UTC(1973, 2, 3);
const LATEST_MS = Date.UTC(2200, 0, 1);

/**
 * An epoch number by its size: seconds, milliseconds or microseconds (10, 13 or 16 digits for
 * today's times); eight digits that make a date are one written 20260302.
 */
function fromEpoch(n: number): Date | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(String(n));
  if (compact) return dateOfDay(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const ms = n < EPOCH_MS_THRESHOLD ? n * 1000 : n < 1e14 ? n : n / 1000;
  return ms >= EARLIEST_MS && ms < LATEST_MS ? validDate(ms) : null;
}

/** Midnight UTC of a day, or null for one that does not exist (2026-02-30). */
function dateOfDay(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

function validDate(value: string | number): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

interface RowWarner {
  (line: number, message: string): void;
  summarize(): void;
}

/** `FILE:LINE: message` warnings, capped so a broken file doesn't flood stderr. */
function createRowWarner(file: string, log: Logger, onSkip?: () => void): RowWarner {
  let count = 0;
  const warn = ((line: number, message: string) => {
    count++;
    onSkip?.();
    if (count <= MAX_ROW_WARNINGS) log.warn(`${file}:${line}: ${message}`);
  }) as RowWarner;
  warn.summarize = () => {
    if (count > MAX_ROW_WARNINGS) log.warn(`${file}: ${count - MAX_ROW_WARNINGS} more rows skipped`);
  };
  return warn;
}
