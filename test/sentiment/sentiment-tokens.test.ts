import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMOJI } from '../../src/sentiment/cues.js';
import { scanSentimentTokens, scanTagWords } from '../../src/sentiment/sentiment-tokens.js';
import { seededRandom } from '../helpers/builders.js';
import { referenceSentimentTokens } from '../helpers/reference-sentiment-tokens.js';

function tokens(text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  scanSentimentTokens(text, (kind, start, end) => out.push([kind, start, end]));
  return out;
}

const EMOTICONS = Object.keys(EMOJI).filter((k) => /^[\x20-\x7e]+$/.test(k));
/** Pieces on the scanner's edges: emoticons and their lookalikes, emoji with and without U+FE0F, links, tags. */
const PIECES = [
  ...EMOTICONS, ':', ';', '-', ')', '(', 'D', 'P', 'x', '8', '<', '3', '😍', '❤', '\uFE0F', '©', '‼', '👍🏽', '𝐀', 'é', 'ſ',
  '\u0301', "'", '’', "'s", 'a', 'Z', '7', '٣', '_', '@', '#', '＠', 'http://', 'https://', 'h', ' ', '\u00a0', '\n', '.', '!',
  '?', ',', '…', 'good', 'NOT', 'but',
];

function fixtureTexts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) fixtureTexts(path, out);
    else out.push(...readFileSync(path, 'utf8').split('\n'));
  }
  return out;
}

describe('scanSentimentTokens agrees with the regular expression it replaced', () => {
  it('on 50,000 random strings built from edge-case pieces', () => {
    const rand = seededRandom(5_2026);
    for (let k = 0; k < 50_000; k++) {
      let text = '';
      const n = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(rand() * PIECES.length)];
      expect(tokens(text), JSON.stringify(text)).toEqual(referenceSentimentTokens(text));
    }
  });

  it('on every line of every fixture', () => {
    for (const line of fixtureTexts(join(import.meta.dirname, '../../fixtures'))) {
      expect(tokens(line), line).toEqual(referenceSentimentTokens(line));
    }
  });
});

describe('scanTagWords', () => {
  const words = (tag: string, at = 0) => {
    const text = `${' '.repeat(at)}${tag}`;
    const out: string[] = [];
    scanTagWords(text, at, text.length, (start, end) => out.push(text.slice(start, end)));
    return out;
  };

  it('splits a tag at its capitals, digits and underscores', () => {
    expect(words('#OcadoFail')).toEqual(['Ocado', 'Fail']);
    expect(words('#OcadoFAILAgain2day')).toEqual(['Ocado', 'FAIL', 'Again', '2', 'day']);
    expect(words('#żabka_fajna', 3)).toEqual(['żabka', 'fajna']);
    expect(words('#ŻabkaNIE')).toEqual(['Żabka', 'NIE']);
    expect(words('#fixyourcrap')).toEqual(['fixyourcrap']);
    expect(words('#ハロウィン')).toEqual(['ハロウィン']);
  });

  it('reads tags only, never handles', () => {
    expect(words('@OcadoFail')).toEqual([]);
  });
});
