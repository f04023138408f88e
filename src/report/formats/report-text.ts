import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';
import type { Report } from '../build-report.js';
import { formatLocalTime } from '../local-time.js';
import { reportSections, type ReportSection } from '../report-sections.js';
import { stripControls } from '../sanitize.js';
import { oneLine, truncate } from './cells.js';

const TEXT_WIDTH = 60;

function cellText(s: string, max: number): string {
  return truncate(oneLine(s).trim(), max);
}

/** The report's title; its times in `zone` when one is given (`--tz`), else in UTC. */
function header(r: Report, zone?: string): string {
  const at = (iso: string) => (zone ? `${formatLocalTime(iso, zone)} ${zone}` : `${iso.slice(0, 16).replace('T', ' ')} UTC`);
  // The running totals are kept per UTC day: the days below stay UTC days whatever the zone.
  const days = zone ? '; days are UTC days' : '';
  return `earshot report: ${r.brands.join(', ') || 'no brands'} since ${at(r.since)} (generated ${at(r.generatedAt)}${days})`;
}

const require = createRequire(import.meta.url);

/** For a person at a terminal: one table per section, empty sections said in one line. */
export function renderReportTable(r: Report, color: ChalkInstance, zone?: string): string {
  // Loaded here, for the table alone: it is ~8 ms of every report as JSON or Markdown otherwise.
  const Table = require('cli-table3') as typeof import('cli-table3');
  const out = [color.bold(header(r, zone)), ''];
  for (const s of reportSections(r)) {
    out.push(color.bold(s.title));
    if (s.rows.length === 0) {
      out.push(color.dim('  nothing in this period'), '');
      continue;
    }
    const table = new Table({ head: s.head.map((h) => color.bold(h)), style: { head: [], border: [], compact: true }, wordWrap: false });
    table.push(...s.rows.map((row) => row.map((c, i) => paint(s, i, cellText(c, TEXT_WIDTH), color))));
    out.push(table.toString());
    if (s.note) out.push(color.dim(s.note));
    out.push('');
  }
  return out.join('\n');
}

function paint(s: ReportSection, column: number, cell: string, color: ChalkInstance): string {
  if (s.id === 'backlog' && s.head[column] === 'overdue' && cell !== '0') return color.bold.red(cell);
  return cell;
}

/**
 * Characters Markdown reads as syntax inside a table cell. Posts and author names are quoted,
 * never rendered: a post's [link](…) or ![image](…) must not become a live link or a remote
 * image in a viewer, nor its *stars* emphasis. (Lists and headings start lines; a cell never does.)
 */
const MARKDOWN_SYNTAX = /[\\`*_[\]|~]/g;

/** GitHub-flavoured Markdown: every cell's text quoted as text, on one line. */
export function renderReportMarkdown(r: Report, zone?: string): string {
  const cell = (c: string) => cellText(c, 200).replace(MARKDOWN_SYNTAX, '\\$&').replace(/[<>&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&amp;'));
  const out = [`# ${cell(header(r, zone))}`, ''];
  for (const s of reportSections(r)) {
    out.push(`## ${s.title}`, '');
    if (s.rows.length === 0) {
      out.push('_Nothing in this period._', '');
      continue;
    }
    out.push(`| ${s.head.map(cell).join(' | ')} |`, `| ${s.head.map(() => '---').join(' | ')} |`);
    for (const row of s.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    if (s.note) out.push('', `_${cell(s.note)}_`);
    out.push('');
  }
  return out.join('\n');
}

export function renderReportJson(r: Report): string {
  return JSON.stringify(r, (_, v: unknown) => (typeof v === 'string' ? stripControls(v) : v), 2) + '\n';
}
