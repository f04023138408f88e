import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { MentionRow } from '../../store/query-mentions.js';
import type { SentimentLabel } from '../../types.js';
import type { SlaState } from '../../triage/sla.js';
import { formatLocalTime } from '../local-time.js';
import { relativeTime } from '../relative-time.js';
import { safeCut } from '../../unicode.js';
import { displayWidth, oneLine, oneLineSpan, truncate } from './cells.js';

export interface TableInput {
  rows: MentionRow[];
  color: ChalkInstance;
  /** Terminal width in columns. */
  width: number;
  now: Date;
  /** `--tz`: show when each post was made, in this zone, instead of its age. */
  timeZone?: string;
}

const FIXED_COLUMNS = ['id', 'age', 'sla', 'brand', 'sentiment', 'via', 'author', 'text'];

/** Rows per cli-table3 table: its layout slows down faster than the rows grow (8,000 rows in one took 10 s, in these 1.3 s). */
const ROWS_PER_CHUNK = 100;

/** The actionable list for a person: one line per mention, the matched words highlighted. */
export function renderMentionTable(input: TableInput): string {
  return [...mentionTableChunks(input)].join('');
}

/**
 * The same table a hundred rows at a time, so a long one starts printing at once and stops being
 * drawn when its reader goes away (`earshot export --format table | head`).
 */
export function* mentionTableChunks({ rows, color, width, now, timeZone }: TableInput): Generator<string> {
  if (rows.length === 0) {
    yield color.dim('No mentions match.') + '\n';
    return;
  }
  // `list --all` mixes open mentions with answered and ignored ones: then each says which it is.
  const withStatus = rows.some((r) => r.status !== 'open');
  const cells = rows.map((r) => [
    String(r.id),
    timeZone ? formatLocalTime(r.created_at, timeZone) : relativeTime(r.created_at, now),
    paintSla(r.sla_state, color),
    ...(withStatus ? [r.status === 'open' ? r.status : color.dim(r.status)] : []),
    r.competitor ? color.dim(r.brand) : r.brand,
    paintSentiment(r.sentiment, color),
    `${r.match_kind}${r.tagged ? '' : color.yellow('*')}`,
    truncate(oneLine(r.author ?? '').trim(), 16),
    '',
  ]);
  const heads = FIXED_COLUMNS.map((h) => (h === 'age' && timeZone ? 'posted' : h)).flatMap((h) => (h === 'sla' && withStatus ? [h, 'status'] : [h]));
  const textColumn = heads.length - 1;
  // Everything but the text is short; the text takes the rest of the terminal.
  const widths = heads.map((h) => h.length);
  for (const row of cells) {
    for (let i = 0; i < textColumn; i++) widths[i] = Math.max(widths[i]!, displayWidth(row[i]!));
  }
  const used = widths.slice(0, textColumn).reduce((n, w) => n + w + 3, 0);
  const textWidth = Math.max(20, width - used - 4);
  widths[textColumn] = textWidth;
  // Tables of the same column widths, stacked: without borders between them, they read as one.
  for (let from = 0; from < cells.length; from += ROWS_PER_CHUNK) {
    for (let i = from; i < Math.min(from + ROWS_PER_CHUNK, rows.length); i++) {
      const r = rows[i]!;
      const line = oneLineSpan(r.text, r.span_start, r.span_end);
      cells[i]![textColumn] = highlight(line.text, line.start, line.end, textWidth, color);
    }
    const table = new Table({
      ...(from === 0 ? { head: heads.map((h) => color.bold(h)) } : {}),
      colWidths: widths.map((w) => w + 2),
      style: { head: [], border: [], compact: true },
      wordWrap: false,
    });
    table.push(...cells.slice(from, from + ROWS_PER_CHUNK));
    const chunk = table.toString().split('\n');
    const last = from + ROWS_PER_CHUNK >= cells.length;
    yield `${chunk.slice(from === 0 ? 0 : 1, last ? chunk.length : -1).join('\n')}\n`;
  }
  yield `${color.dim('* untagged: the brand was not @-mentioned')}\n`;
}

/** Overdue must stand out: it is what a team lead scans the list for. */
function paintSla(state: SlaState | null, color: ChalkInstance): string {
  switch (state) {
    case 'overdue':
      return color.bold.red('overdue');
    case 'due_soon':
      return color.yellow('due soon');
    case 'ok':
      return 'ok';
    case 'met':
      return color.green('met');
    case 'missed':
      return color.dim('missed');
    default:
      return '';
  }
}

function paintSentiment(s: SentimentLabel, color: ChalkInstance): string {
  return s === 'negative' ? color.red(s) : s === 'positive' ? color.green(s) : s;
}

/** A window of the text around the match, the match in bold, fitting `width` characters. */
function highlight(text: string, start: number, end: number, width: number, color: ChalkInstance): string {
  const s = Math.min(start, text.length);
  const e = Math.min(Math.max(end, s), text.length);
  let from = 0;
  if (text.length > width && s > width / 3) {
    from = Math.min(s - Math.floor(width / 3), text.length - width + 1);
    // Start the window at a word, not in the middle of one.
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < s && space - from < 12) from = space + 1;
  }
  // Never between the halves of an emoji: half of one prints as U+FFFD.
  from = safeCut(text, from);
  let to = safeCut(text, Math.min(text.length, from + width - (from > 0 ? 1 : 0) - 1));
  // Wide characters (Chinese, Japanese, Korean) take two columns each: narrow the window to the
  // columns there are, from its end while the match stays whole, then from its start.
  if (!/^[\u0000-\u024f]*$/.test(text.slice(from, to))) {
    const room = width - 2;
    const fits = (a: number, b: number) => displayWidth(text.slice(a, b)) <= room;
    to = safeCut(text, largest(Math.min(to, Math.max(e, from + 1)), to, (b) => fits(from, b)));
    from = safeCut(text, smallest(from, Math.max(from, s), (a) => fits(a, to)));
  }
  const before = text.slice(from, s);
  const match = text.slice(Math.max(s, from), Math.min(e, to));
  const after = text.slice(Math.min(e, to), to);
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  return `${prefix}${before}${color.bold.underline(match)}${after}${suffix}`;
}

/** The largest n in [lo, hi] for which ok(n) holds, ok being true up to some n and false after; lo if none. */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The smallest n in [lo, hi] for which ok(n) holds, ok being false up to some n and true after; hi if none. */
function smallest(lo: number, hi: number, ok: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
