import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { MentionRow } from '../../store/query-mentions.js';
import type { SentimentLabel } from '../../types.js';
import type { SlaState } from '../../triage/sla.js';
import { formatLocalTime } from '../local-time.js';
import { relativeTime } from '../relative-time.js';
import { stripControls } from '../sanitize.js';

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

/** The actionable list for a person: one line per mention, the matched words highlighted. */
export function renderMentionTable({ rows, color, width, now, timeZone }: TableInput): string {
  if (rows.length === 0) return color.dim('No mentions match.') + '\n';
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
    truncate(stripControls(r.author ?? ''), 16),
    '',
  ]);
  const heads = FIXED_COLUMNS.map((h) => (h === 'age' && timeZone ? 'posted' : h)).flatMap((h) => (h === 'sla' && withStatus ? [h, 'status'] : [h]));
  const textColumn = heads.length - 1;
  // Everything but the text is short; the text takes the rest of the terminal.
  const used = heads.slice(0, -1).reduce((n, h, i) => n + Math.max(h.length, ...cells.map((c) => visibleLength(c[i]!))) + 3, 0);
  const textWidth = Math.max(20, width - used - 4);
  rows.forEach((r, i) => {
    cells[i]![textColumn] = highlight(oneLine(r.text), r.span_start, r.span_end, textWidth, color);
  });
  const table = new Table({
    head: heads.map((h) => color.bold(h)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  table.push(...cells);
  return `${table.toString()}\n${color.dim('* untagged: the brand was not @-mentioned')}\n`;
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

function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ');
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
  const to = Math.min(text.length, from + width - (from > 0 ? 1 : 0) - 1);
  const before = text.slice(from, s);
  const match = text.slice(Math.max(s, from), Math.min(e, to));
  const after = text.slice(Math.min(e, to), to);
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  return `${prefix}${before}${color.bold.underline(match)}${after}${suffix}`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}
