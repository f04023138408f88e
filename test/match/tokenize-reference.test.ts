import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/match/tokenize.js';
import { seededRandom } from '../helpers/builders.js';
import { referenceTokenize } from '../helpers/reference-tokenize.js';

/** Pieces that sit on the scanner's edges: sigils, dots, hyphens, apostrophes, surrogate pairs, spaces. */
const PIECES = [
  'a', 'Z', 'é', 'ß', 'ſ', 'İ', 'ł', '7', '٣', '𝐀', '😀', '\u0301', '_', '-', '.', '..', "'", '’', "'s", '’S',
  '@', '＠', '#', '＃', ' ', '\u00a0', '\u3000', '\n', '\t', '<', '"', ':', '/', '?', '\\', 'http://', 'https://',
  'www.', 'com', 'co.uk', 'xn--', 'ocado', 'Tesco', ':8080', '1.2.3.4', '%41', '[::1]', 'user@',
];

function randomText(rand: () => number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * 14);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

function fixtureTexts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) fixtureTexts(path, out);
    else out.push(...readFileSync(path, 'utf8').split('\n'));
  }
  return out;
}

describe('tokenize agrees with the regular-expression definition it replaced', () => {
  it('on 50,000 random strings built from edge-case pieces', () => {
    const rand = seededRandom(8_2026);
    for (let k = 0; k < 50_000; k++) {
      const text = randomText(rand);
      expect(tokenize(text), JSON.stringify(text)).toEqual(referenceTokenize(text));
    }
  });

  it('on every line of every fixture', () => {
    const lines = fixtureTexts(join(import.meta.dirname, '../../fixtures'));
    expect(lines.length).toBeGreaterThan(500);
    for (const line of lines) expect(tokenize(line), line).toEqual(referenceTokenize(line));
  });
});
