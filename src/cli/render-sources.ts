import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { NamedSourceConfig } from '../config/schema.js';
import { relativeTime } from '../report/relative-time.js';
import { stripControls } from '../report/sanitize.js';
import type { SourceState } from '../store/query-sources.js';
import type { Cursor } from '../types.js';
import { truncate } from '../report/formats/cells.js';

/** One source as `earshot sources` shows it. */
export interface SourceListing {
  name: string;
  /** null for a source that is not in the config. */
  type: string | null;
  /** Configured (or defaulted) channel, else the channels of its stored posts. */
  channel: string | null;
  posts: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  cursor: Cursor | null;
  /** Whether the config names it; an import's posts and a removed source's are stored under names it does not. */
  configured: boolean;
}

/**
 * Configured sources in config order, with whatever the database knows of each; then, by name,
 * the others the database holds posts or a state of (`import`s, sources since removed).
 */
export function listSources(configured: NamedSourceConfig[], states: Map<string, SourceState>): SourceListing[] {
  const listing = (name: string, type: string | null, channel: string | undefined, state: SourceState | undefined): SourceListing => ({
    name,
    type,
    channel: channel ?? (state?.channels.length ? state.channels.join(',') : null),
    posts: state?.posts ?? 0,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastError: state?.lastError ?? null,
    lastErrorAt: state?.lastErrorAt ?? null,
    cursor: state?.cursor ?? null,
    configured: type !== null,
  });
  const names = new Set(configured.map((s) => s.name));
  const others = [...states.values()].filter((state) => !names.has(state.source)).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return [...configured.map((s) => listing(s.name, s.type, s.channel, states.get(s.name))), ...others.map((state) => listing(state.source, null, undefined, state))];
}

/** Snake-case keys like the other machine formats; the cursor as stored. */
/** The columns of `sources` in every machine format, in order. */
export const SOURCE_COLUMNS = ['name', 'type', 'channel', 'posts', 'last_success_at', 'last_error', 'last_error_at', 'cursor', 'configured'];

export function renderSourcesJson(rows: SourceListing[]): string {
  return JSON.stringify(sourceRecords(rows), null, 2) + '\n';
}

/** Each source as a record of SOURCE_COLUMNS, for CSV, TSV and NDJSON. */
export function sourceRecords(rows: SourceListing[]) {
  return rows.map((r) => ({
    name: r.name,
    type: r.type,
    channel: r.channel,
    posts: r.posts,
    last_success_at: r.lastSuccessAt,
    last_error: r.lastError === null ? null : stripControls(r.lastError),
    last_error_at: r.lastErrorAt,
    cursor: r.cursor,
    configured: r.configured,
  }));
}

export interface SourcesTableInput {
  rows: SourceListing[];
  color: ChalkInstance;
  /** Terminal width in columns. */
  width: number;
  now: Date;
}

const HEAD = ['name', 'type', 'channel', 'posts', 'last success', 'last error', 'cursor'];
/** Borders and padding cli-table3 adds per column in the compact style. */
const CELL_OVERHEAD = 3;
const MIN_TEXT_WIDTH = 20;

/** A table for people: relative times, a failing source's error in red, long cells cut to fit. */
export function renderSourcesTable({ rows, color, width, now }: SourcesTableInput): string {
  if (rows.length === 0) return color.dim('No sources configured.') + '\n';
  const fixed = rows.map((r) => [
    stripControls(r.name),
    r.type ?? 'not in config',
    r.channel ?? '-',
    String(r.posts),
    r.lastSuccessAt ? relativeTime(r.lastSuccessAt, now) : 'never',
  ]);
  const errors = rows.map((r) => errorText(r, now));
  const cursors = rows.map((r) => summarizeCursor(r.cursor));
  const used = HEAD.slice(0, 5).reduce((n, h, i) => n + Math.max(h.length, ...fixed.map((c) => c[i]!.length)) + CELL_OVERHEAD, 0);
  const spare = Math.max(2 * MIN_TEXT_WIDTH, width - used - 2 * CELL_OVERHEAD - 1);
  // The cursor is short and says where the next scan starts: it gets up to half; errors the rest.
  const cursorWidth = Math.max(MIN_TEXT_WIDTH, Math.min(Math.max(...cursors.map((c) => c.length)), Math.floor(spare / 2)));
  const errorWidth = Math.max(MIN_TEXT_WIDTH, spare - cursorWidth);
  const table = new Table({
    head: HEAD.map((h) => color.bold(h)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  rows.forEach((r, i) => {
    const error = truncate(errors[i]!, errorWidth);
    // An error older than the last success is history; a newer one means the source is failing now.
    const failing = r.lastErrorAt !== null && (!r.lastSuccessAt || r.lastErrorAt >= r.lastSuccessAt);
    table.push([...fixed[i]!, failing ? color.red(error) : color.dim(error), truncate(cursors[i]!, cursorWidth)]);
  });
  return table.toString() + '\n';
}

/** `2h: HTTP 401 from …`, or '-' for a source that never failed. */
function errorText(r: SourceListing, now: Date): string {
  if (!r.lastError || !r.lastErrorAt) return '-';
  // The stored message starts with the source's label, which the row already shows.
  const message = stripControls(r.lastError).replace(`${r.type} "${r.name}": `, '').replace(/\s+/g, ' ');
  return `${relativeTime(r.lastErrorAt, now)}: ${message}`;
}

/** `newest=2026-03-02T14:25:11.000Z, seen: 4`: scalars as key=value, lists by length. */
export function summarizeCursor(cursor: Cursor | null): string {
  if (!cursor) return '-';
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) parts.push(`${path}: ${value.length}`);
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else parts.push(`${path}=${stripControls(String(value))}`);
  };
  walk(cursor, '');
  return parts.join(', ') || '-';
}
