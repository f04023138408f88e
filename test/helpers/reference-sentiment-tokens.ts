// The regular expression the sentiment scanner (src/sentiment/sentiment-tokens.ts) replaced: the
// definition it must agree with, token for token (test/sentiment/sentiment-tokens.test.ts).
import { EMOJI } from '../../src/sentiment/cues.js';

const EMOTICON_SOURCE = Object.keys(EMOJI)
  .filter((k) => /^[\x20-\x7e]+$/.test(k))
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

const TOKEN = new RegExp(
  [
    String.raw`(https?:\/\/\S+|[@#][\p{L}\p{N}_]+)`,
    `(${EMOTICON_SOURCE})(?![\\p{L}\\p{N}])`,
    String.raw`(\p{Extended_Pictographic}\uFE0F?)`,
    String.raw`([\p{L}\p{N}]+(?:['’][\p{L}]+)?)`,
    String.raw`([.!?;\n…]+)`,
    String.raw`(,)`,
  ].join('|'),
  'gu',
);

/** [kind, start, end] per token, kinds numbered as the capture groups (1–6). */
export function referenceSentimentTokens(text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const m of text.matchAll(TOKEN)) {
    const kind = [1, 2, 3, 4, 5, 6].find((g) => m[g] !== undefined)!;
    out.push([kind, m.index, m.index + m[0].length]);
  }
  return out;
}
