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
