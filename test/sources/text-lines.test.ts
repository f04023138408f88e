import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { textLines, type TextLinesOptions } from '../../src/sources/text-lines.js';

async function linesOf(blocks: (string | Buffer)[], options: Partial<TextLinesOptions> = {}): Promise<string[][]> {
  async function* stream(): AsyncGenerator<Buffer> {
    for (const b of blocks) yield typeof b === 'string' ? Buffer.from(b) : b;
  }
  const out: string[][] = [];
  for await (const lines of textLines(stream(), { name: 'f.jsonl', ...options })) out.push(lines);
  return out;
}

describe('textLines', () => {
  it('joins a line that spans many blocks, and splits \\r\\n torn between two', async () => {
    expect((await linesOf(['ab', 'cd', 'ef\r', '\ngh\rij', 'k\r', 'l'])).flat()).toEqual(['abcdef', 'gh', 'ijk', 'l']);
  });

  it('reads UTF-16 after its byte-order mark, whatever the block boundaries', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('é1\nß2\n', 'utf16le')]);
    expect((await linesOf([bytes.subarray(0, 3), bytes.subarray(3)])).flat()).toEqual(['é1', 'ß2']);
  });

  it('reads a stray Windows-1252 byte as its accent and the UTF-8 after it as UTF-8, in blocks of any size', async () => {
    const stray = Buffer.concat([Buffer.from('legacy caf'), Buffer.from([0xe9]), Buffer.from('\nplain\n')]);
    const utf8 = Buffer.from('café 😀 Zürich\n');
    const encodings: string[] = [];
    const read = async (blocks: Buffer[]) => (await linesOf(blocks, { onEncoding: (e) => encodings.push(e) })).flat();
    const expected = ['legacy café', 'plain', 'café 😀 Zürich'];
    expect(await read([stray, utf8])).toEqual(expected);
    expect(await read([Buffer.concat([stray, utf8])])).toEqual(['legacy caf\uFFFD', 'plain', 'café 😀 Zürich']);
    // The warning says that something was read as Windows-1252, once per read.
    expect(encodings).toEqual(['windows-1252']);
    // A file in Windows-1252 throughout stays so, and UTF-8 with a sequence in its first block is UTF-8.
    const latin = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a]);
    expect(await read([latin.subarray(0, 5), latin.subarray(5)])).toEqual(['café', 'Zürich']);
    expect(await read([Buffer.from('a é\n'), Buffer.from([0xe9, 0x0a])])).toEqual(['a é', '\uFFFD']);
  });

  it('keeps a Windows-1252 file so where some of its accents happen to pair into UTF-8 („Spaß“)', async () => {
    const cp1252 = (text: string) => Buffer.from([...text].map((c) => ({ '„': 0x84, '“': 0x93, 'ß': 0xdf, 'è': 0xe8, 'é': 0xe9 })[c] ?? c.charCodeAt(0)));
    const lines = (await linesOf([cp1252('café\n'), cp1252('„Spaß“\n'), cp1252('crème\n')])).flat();
    expect(lines).toEqual(['café', '„Spaß“', 'crème']);
  });

  it('reads a UTF-8 character cut by a block\'s end after a block read as Windows-1252', async () => {
    const stray = Buffer.concat([Buffer.from('legacy caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const e = Buffer.from('é');
    // The second block is read as Windows-1252 too (a stray byte, no UTF-8), and ends in half an "é".
    const second = Buffer.concat([Buffer.from('na'), Buffer.from([0xef]), Buffer.from('ve\naaa'), e.subarray(0, 1)]);
    const lines = (await linesOf([stray, second, Buffer.concat([e.subarray(1), Buffer.from(' is whole\n')])])).flat();
    expect(lines).toEqual(['legacy café', 'naïve', 'aaaé is whole']);
  });

  it('refuses a line longer than the limit, naming its number, before reading it all', async () => {
    let read = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"a":1}\n');
      for (;;) {
        read++;
        yield Buffer.from('x'.repeat(1000));
      }
    }
    const lines = textLines(endless(), { name: 'f.jsonl', maxLineChars: 10_000 });
    const error = await (async () => {
      for await (const block of lines) void block;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/^f\.jsonl:2: a line of over /);
    expect(read).toBe(11);
  });
});
