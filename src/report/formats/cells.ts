import { createRequire } from 'node:module';
import { safeCut } from '../../unicode.js';
import { stripControls } from '../sanitize.js';

const require = createRequire(import.meta.url);
// CommonJS (v4), as cli-table3 uses it: both measure columns the same way. Loaded at the first
// use, by a table: its emoji pattern is a cost a report as JSON need not pay.
let stringWidth: ((s: string) => number) | undefined;

/** Columns a string takes on a terminal: CJK characters and most emoji take two, escapes none. */
export function displayWidth(s: string): number {
  stringWidth ??= require('string-width') as (s: string) => number;
  return stringWidth(s);
}

/** Text from a post on one line: controls removed, every run of whitespace one space. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ');
}


/** At most `n` characters, the last of them `…` when cut; never half an emoji. */
export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, safeCut(s, n - 1))}…` : s;
}

/**
 * A post's text on one line with its match moved along: `start` and `end` are offsets into the
 * stored text, and collapsing whitespace before the match shifts it.
 */
export function oneLineSpan(text: string, start: number, end: number): { text: string; start: number; end: number } {
  const s = Math.min(Math.max(0, start), text.length);
  const e = Math.min(Math.max(end, s), text.length);
  const before = oneLine(text.slice(0, s));
  const match = oneLine(text.slice(s, e));
  // A run of whitespace across the match's edge is still one space.
  const after = oneLine(text.slice(e)).replace(/^ /, /\s$/.test(text.slice(s, e)) || (s === e && / $/.test(before)) ? '' : ' ');
  return { text: before + match + after, start: before.length, end: before.length + match.length };
}
