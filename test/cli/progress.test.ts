import { describe, expect, it } from 'vitest';
import { progressBar, progressFor, progressLine } from '../../src/cli/progress.js';

describe('progressLine', () => {
  it('shows share, bytes, posts, rate and time left', () => {
    const line = progressLine('posts.jsonl', 1e9, 2e9, 4_000_000, 40, 120);
    expect(line).toMatch(/^posts\.jsonl \[#+-+\]  50%  1\.0 GB\/2\.0 GB  4,000,000 posts  100,000\/s  0:40 left$/);
    const bar = /\[(#*)(-*)\]/.exec(line)!;
    expect(bar[1]!.length).toBe(bar[2]!.length);
  });

  it('says done at the end and never overflows a narrow terminal', () => {
    const line = progressLine('x.csv', 5e5, 5e5, 10, 1, 40);
    expect(line).toContain('100%');
    expect(line).toMatch(/done$/);
    expect(line).toMatch(/\[#{10}\]/);
  });

  it('without a size (standard input) shows what was read, with no bar, share or time left', () => {
    expect(progressLine('stdin', 3e6, 0, 12_000, 2, 80)).toBe('stdin  3.0 MB  12,000 posts  6,000/s');
  });

  it('counts hours in the time left', () => {
    expect(progressLine('a', 1, 100, 1, 100, 80)).toMatch(/2:45:00 left$/);
  });
});

describe('progressBar', () => {
  function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, isTTY, columns: 100, write: (s: string) => writes.push(s) };
  }

  it('redraws in place at most every 100 ms, always at the end, and clears the line when done', () => {
    const stream = fakeStream(true);
    let t = 0;
    const bar = progressBar({ label: 'f', total: 100, stream, now: () => t });
    bar.update(10, 1);
    t = 50;
    bar.update(20, 2);
    t = 150;
    bar.update(30, 3);
    t = 160;
    bar.update(100, 10);
    bar.end();
    expect(stream.writes).toHaveLength(4);
    expect(stream.writes.slice(0, 3).every((w) => w.startsWith('\r\x1b[K'))).toBe(true);
    expect(stream.writes[2]).toContain('100%');
    expect(stream.writes[3]).toBe('\r\x1b[K');
  });

  it('stays silent off a terminal and with --quiet', () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const stream = fakeStream(isTTY);
      const bar = progressFor({ label: 'f', total: 100, stream, quiet });
      bar.update(100, 1);
      bar.end();
      expect(stream.writes).toEqual([]);
    }
  });
});
