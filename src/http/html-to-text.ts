import { createRequire } from 'node:module';
import type { HtmlToTextOptions } from 'html-to-text';

const OPTIONS: HtmlToTextOptions = {
  // Matching works on whole text; wrapping would split brand names across lines.
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { linkBrackets: [' (', ')'], hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({
      selector,
      options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 },
    })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

let convert: ((html: string) => string) | undefined;

/** Plain text from an HTML fragment: entities decoded, blocks on their own lines, links as `text (url)`. */
export function htmlToText(html: string): string {
  if (!html) return '';
  // Loaded on first use so commands that never see HTML don't pay for the parser at start-up.
  convert ??= loadConverter();
  // No-break spaces (&nbsp;) would otherwise glue words together for tokenizers that split on ' '.
  return convert(html).replace(/\u00a0/g, ' ').trim();
}

function loadConverter(): (html: string) => string {
  const require = createRequire(import.meta.url);
  const { compile } = require('html-to-text') as typeof import('html-to-text');
  return compile(OPTIONS);
}
