// The regular-expression tokenizer src/match/tokenize.ts replaced: the definition the fast scanner
// must agree with, token for token (test/match/tokenize-reference.test.ts).
import { fold } from '../../src/match/fold.js';

export type TokenType = 'word' | 'handle' | 'hashtag' | 'url' | 'domain';

/** A piece of a post with its place in the original text, so matches can show their span. */
export interface Token {
  type: TokenType;
  /** As written. */
  raw: string;
  /** Folded; for handles and hashtags without the sigil, for URLs and domains the host. */
  norm: string;
  start: number;
  end: number;
}

// One alternation, tried left to right: URLs before domains before words.
const TOKEN =
  /(https?:\/\/[^\s<>"']+)|((?<![\p{L}\p{N}_])[@＠][\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?)|([#＃][\p{L}\p{N}_]+)|((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,})(?![\p{L}\p{N}])|([\p{L}\p{N}]+(?:['’][\p{L}]+)?)/gu;

const POSSESSIVE = /['’]s$/iu;

export function referenceTokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (m[1]) tokens.push({ type: 'url', raw, norm: hostOf(raw), start, end });
    else if (m[2]) tokens.push({ type: 'handle', raw, norm: fold(raw.slice(1)), start, end });
    else if (m[3]) tokens.push({ type: 'hashtag', raw, norm: fold(raw.slice(1)), start, end });
    else if (m[4]) tokens.push({ type: 'domain', raw, norm: raw.toLowerCase(), start, end });
    else {
      // "Ocado's" is Ocado; other apostrophes ("don't") stay part of the word, not of its norm.
      const word = raw.replace(POSSESSIVE, '');
      tokens.push({ type: 'word', raw: word, norm: fold(word.replace(/['’]/g, '')), start, end: start + word.length });
    }
  }
  return tokens;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}
