import type { ChalkInstance } from 'chalk';
import type { MentionEvent } from '../../store/mark-mentions.js';
import type { MentionRow } from '../../store/query-mentions.js';
import { formatLocalTime } from '../local-time.js';
import { stripControls } from '../sanitize.js';
import { oneLine } from './cells.js';

/** A field that must stay on its line: an author or a URL with a newline or tab in it. */
const line = (s: string) => oneLine(s).trim();

/**
 * `show` on a terminal: the post in full with the match marked, why it matched and how it
 * scored, then its history.
 */
export function renderMentionDetail(r: MentionRow, color: ChalkInstance, timeZone?: string, history: readonly MentionEvent[] = []): string {
  const text = stripControls(r.text);
  const marked =
    text.slice(0, r.span_start) + color.bold.underline(text.slice(r.span_start, r.span_end)) + text.slice(r.span_end);
  const field = (k: string, v: string | number | null) => `${color.dim(k.padEnd(12))} ${v ?? '—'}`;
  const why =
    `${r.match_kind} "${line(r.matched)}" for ${r.variant}` +
    (r.distance > 0 ? ` (${r.distance} edit${r.distance > 1 ? 's' : ''} away)` : '') +
    ` at ${r.span_start}–${r.span_end}`;
  return [
    color.bold(`Mention ${r.id}: ${r.brand}${r.competitor ? ' (competitor)' : ''}`),
    field('status', r.status),
    field('assigned', r.assigned_to ? line(r.assigned_to) : null),
    field('posted', timeZone ? `${formatLocalTime(r.created_at, timeZone)} ${timeZone} (${r.created_at})` : r.created_at),
    field('source', `${r.source} (${r.channel})`),
    field('author', r.author ? `${line(r.author)}${r.author_followers != null ? ` · ${r.author_followers} followers` : ''}` : null),
    field('url', r.url ? line(r.url) : null),
    field('matched', why),
    field('tagged', r.tagged ? 'yes' : 'no: the brand was not @-mentioned'),
    field('sentiment', `${r.sentiment} (${r.sentiment_score})`),
    field('priority', r.priority),
    field('language', r.language),
    '',
    marked,
    '',
    ...historyLines(history, color, timeZone),
  ].join('\n');
}

/** Who did what and when, with their notes: what `mark` recorded, readable again. */
function historyLines(history: readonly MentionEvent[], color: ChalkInstance, timeZone?: string): string[] {
  if (history.length === 0) return [];
  const what = (e: MentionEvent) =>
    e.action === 'assign' ? (e.value ? `assigned to ${line(e.value)}` : 'unassigned') : e.action === 'note' ? 'note' : `marked ${e.value}`;
  // One mark that changed several things is several events with one note: shown once.
  const sameMark = (a: MentionEvent | undefined, b: MentionEvent) => a !== undefined && a.at === b.at && a.actor === b.actor && a.note === b.note;
  return [
    color.bold('History'),
    ...history.map((e, i) => {
      const when = timeZone ? formatLocalTime(e.at, timeZone) : e.at.slice(0, 16).replace('T', ' ');
      const note = e.note && !sameMark(history[i - 1], e) ? ` — ${line(e.note)}` : '';
      return `  ${when}  ${line(e.actor ?? 'someone')}: ${what(e)}${note}`;
    }),
    '',
  ];
}
