/** RFC 4155 "From_" line: `From ` and the envelope sender, starting each message. */
const FROM_LINE = /^From \S/;
/** mboxrd quotes body lines that look like a From_ line with one more `>`; readers strip one. */
const QUOTED_FROM_LINE = /^>(>*From )/;
const UTF8_BOM = '\u00ef\u00bb\u00bf';

/**
 * The raw messages of an mbox file, or null when the data does not start with a From_ line
 * (then it is not an mbox). A From_ line only separates messages after a blank line, so a body
 * line starting "From " that a writer forgot to quote is kept when it follows text.
 */
export function splitMbox(data: Buffer): Buffer[] | null {
  // latin1 maps each byte to one character and back: bodies in any charset survive the split.
  let text = data.toString('latin1');
  if (text.startsWith(UTF8_BOM)) text = text.slice(UTF8_BOM.length);
  if (!FROM_LINE.test(text)) return null;

  const messages: string[][] = [];
  let current: string[] = [];
  let afterBlank = true;
  for (const line of text.split('\n')) {
    const bare = line.replace(/\r$/, '');
    if (afterBlank && FROM_LINE.test(bare)) {
      current = [];
      messages.push(current);
    } else {
      current.push(line.replace(QUOTED_FROM_LINE, '$1'));
    }
    afterBlank = bare === '';
  }
  return messages.map((lines) => Buffer.from(dropTrailingBlankLines(lines).join('\n'), 'latin1'));
}

/** The blank line before the next From_ line belongs to the separator, not the message. */
function dropTrailingBlankLines(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && /^\r?$/.test(lines[end - 1]!)) end--;
  return lines.slice(0, end).concat('');
}
