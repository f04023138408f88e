import { isAscii, isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { EXIT } from '../cli/exit-codes.js';
import { SourceError } from '../errors.js';

/**
 * Longer lines are refused: V8 holds no string over ~512 M characters, and a line this long is
 * not a post but a file without line breaks (a JSON array, the wrong file).
 */
export const MAX_LINE_CHARS = 256 * 1024 * 1024;

export interface TextLinesOptions {
  /** The file as the user named it, for the error about a line too long. */
  name: string;
  /** Bytes read so far, after each block: for a progress bar. */
  onBytes?: (bytes: number) => void;
  /** Called once when the file is not read as UTF-8 (UTF-16 by its mark, or Windows-1252). */
  onEncoding?: (encoding: string) => void;
  maxLineChars?: number;
}

/**
 * Lines of a text stream, a block at a time, split by hand: readline costs more than parsing
 * the JSON on them. Lines end at \n, \r\n or a lone \r, as with readline. Linear in the input
 * however long a line is: only new text is searched, and the pieces of a line that spans blocks
 * are joined once, when it ends.
 */
export async function* textLines(stream: AsyncIterable<Buffer>, options: TextLinesOptions): AsyncGenerator<string[]> {
  const { name, onBytes, onEncoding, maxLineChars = MAX_LINE_CHARS } = options;
  let decoder: ChunkDecoder | undefined;
  let pending: string[] = [];
  let pendingChars = 0;
  let held = '';
  let bytes = 0;
  let linesBefore = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    decoder ??= decoderFor(chunk, onEncoding);
    let text = held + decoder.write(chunk);
    // A \r at the end may be the first half of a \r\n split across blocks: kept for the next.
    held = '';
    if (text.includes('\r')) {
      if (text.endsWith('\r')) {
        held = '\r';
        text = text.slice(0, -1);
      }
      text = text.replace(/\r\n?/g, '\n');
    }
    onBytes?.(bytes);
    let end = text.indexOf('\n');
    if (end === -1) {
      pending.push(text);
      pendingChars += text.length;
      if (pendingChars > maxLineChars) throw lineTooLong(name, linesBefore + 1, maxLineChars);
      continue;
    }
    if (pendingChars + end > maxLineChars) throw lineTooLong(name, linesBefore + 1, maxLineChars);
    const lines = [pending.length > 0 ? pending.join('') + text.slice(0, end) : text.slice(0, end)];
    let start = end + 1;
    for (end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      lines.push(text.slice(start, end));
      start = end + 1;
    }
    pending = start < text.length ? [text.slice(start)] : [];
    pendingChars = text.length - start;
    linesBefore += lines.length;
    yield lines;
  }
  const last = (pending.join('') + held + (decoder?.end() ?? '')).replace(/\r\n?/g, '\n').split('\n');
  if (last[last.length - 1] === '') last.pop();
  if (last.length > 0) yield last;
}

/** The lines of each block, one at a time: for readers that take a line at a time. */
export async function* eachLine(blocks: AsyncIterable<string[]>): AsyncGenerator<string> {
  for await (const lines of blocks) yield* lines;
}

function lineTooLong(name: string, line: number, max: number): SourceError {
  return new SourceError(`${name}:${line}: a line of over ${Math.round(max / 1024 / 1024)} M characters: expected one record per line`, EXIT.USAGE);
}

interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * How a file's bytes are read: UTF-8 as a rule; UTF-16 after its byte-order mark (Excel's
 * "Unicode text"); Windows-1252 (Excel's plain CSV on Windows, where reading it as UTF-8 would
 * turn every accent into U+FFFD) when a block's bytes that are not ASCII are no UTF-8.
 * Decided by the first block that shows which it is, not by the first block: an export may be
 * plain ASCII for its first megabyte, and its first accent may be one stray Windows-1252 byte in
 * text that is UTF-8 from then on. A block with no well-formed UTF-8 at all is read as
 * Windows-1252 without deciding for the rest: the stray byte reads as its accent, and the UTF-8
 * after it as UTF-8 (a stray byte in a block that holds UTF-8 reads as U+FFFD). Once a block has
 * been read so, only a block that is valid UTF-8 throughout decides for UTF-8: in Windows-1252
 * text some accents happen to pair into UTF-8 ("ß“"), which a count of them would take for it.
 */
function decoderFor(first: Buffer, onEncoding?: (encoding: string) => void): ChunkDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return textDecoder('utf-16le', onEncoding);
  if (first[0] === 0xfe && first[1] === 0xff) return textDecoder('utf-16be', onEncoding);
  let decided: ChunkDecoder | undefined;
  let windows1252: ChunkDecoder | undefined;
  // The start of a UTF-8 character at the end of a block read as Windows-1252: the next block
  // may finish it, and is then read with it.
  let held: Buffer | undefined;
  const asWindows1252 = () => (windows1252 ??= textDecoder('windows-1252', onEncoding));
  return {
    write(block) {
      if (decided) return decided.write(block);
      const chunk = held ? Buffer.concat([held, block]) : block;
      held = undefined;
      // ASCII reads the same in every encoding here: the choice waits for the first other byte.
      if (isAscii(chunk)) return chunk.toString('latin1');
      const unfinished = unfinishedUtf8(chunk);
      const body = chunk.subarray(0, chunk.length - unfinished);
      const evidence = windows1252 ? (isUtf8(body) ? 'utf-8' : 'none') : utf8Evidence(body);
      if (evidence === 'none') {
        if (unfinished > 0) held = Buffer.from(chunk.subarray(chunk.length - unfinished));
        return asWindows1252().write(body);
      }
      decided = evidence === 'utf-8' ? new StringDecoder('utf8') : asWindows1252();
      return decided.write(chunk);
    },
    end: () => (decided ? decided.end() : held ? asWindows1252().write(held) + asWindows1252().end() : ''),
  };
}

function textDecoder(encoding: string, onEncoding?: (encoding: string) => void): ChunkDecoder {
  onEncoding?.(encoding);
  const decoder = new TextDecoder(encoding);
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}

/**
 * What a block with bytes past ASCII says of its encoding (its end, where a character may be cut,
 * left off): UTF-8 when it is valid UTF-8 or holds at least as many well-formed multi-byte
 * characters as bytes that are not; Windows-1252 when those bytes are more (in Windows-1252 an
 * accent is one byte UTF-8 cannot read, and a well-formed sequence is rare); nothing when it holds
 * no well-formed sequence at all.
 */
function utf8Evidence(body: Buffer): 'utf-8' | 'windows-1252' | 'none' {
  if (isUtf8(body)) return 'utf-8';
  let good = 0;
  let bad = 0;
  for (const ch of body.toString('utf8')) {
    if (ch === '\uFFFD') bad++;
    else if (ch.charCodeAt(0) >= 0x80) good++;
  }
  return good === 0 ? 'none' : good >= bad ? 'utf-8' : 'windows-1252';
}

/** Bytes at the end of `buf` that begin a UTF-8 sequence the next chunk finishes. */
function unfinishedUtf8(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
