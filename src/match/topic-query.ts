/**
 * Topic queries: conversations worth joining that name no brand. A small boolean language over
 * the words of a post: `"need an outfit" AND (party OR wedding) NOT uniform`, `refund NEAR/3 late`,
 * `outfit*`. Words are folded like brand terms; adjacent terms are ANDed.
 */
export type QueryNode =
  | { op: 'term'; words: string[]; prefix: boolean }
  | { op: 'and' | 'or'; args: QueryNode[] }
  | { op: 'not'; arg: QueryNode }
  | { op: 'near'; distance: number; left: QueryNode; right: QueryNode };

/** Deeper nesting is surely a mistake; unbounded, it overflowed the stack (a RangeError). */
const MAX_NESTING = 100;

const TOKEN = /\s*(?:(\()|(\))|"([^"]*)"|(NEAR\/[^\s()"]*)|(AND|OR|NOT)\b|([^\s()"]+))/y;

type Lexeme = { kind: '(' | ')' | 'phrase' | 'near' | 'op' | 'word'; value: string };

/** Parses a query; throws an Error whose message says what was expected where. */
export function parseTopicQuery(query: string, fold: (word: string) => string[]): QueryNode {
  const lexemes = lex(query);
  let pos = 0;
  let depth = 0;
  const peek = () => lexemes[pos];
  const fail = (what: string): never => {
    const at = peek();
    throw new Error(`expected ${what}${at ? ` before "${at.value}"` : ' at the end'}`);
  };

  const parseOr = (): QueryNode => {
    const args = [parseAnd()];
    while (peek()?.kind === 'op' && peek()!.value === 'OR') {
      pos++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  };
  const parseAnd = (): QueryNode => {
    const args = [parseNear()];
    for (;;) {
      const next = peek();
      if (next?.kind === 'op' && next.value === 'AND') {
        pos++;
        args.push(parseNear());
      } else if (next && (next.kind === 'word' || next.kind === 'phrase' || next.kind === '(' || (next.kind === 'op' && next.value === 'NOT'))) {
        args.push(parseNear());
      } else break;
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  };
  const parseNear = (): QueryNode => {
    let left = parseUnary();
    while (peek()?.kind === 'near') {
      const distance = Number(peek()!.value.slice(5));
      pos++;
      left = { op: 'near', distance, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): QueryNode => {
    const next = peek();
    if (next?.kind === 'op' && next.value === 'NOT') {
      pos++;
      if (++depth > MAX_NESTING) throw new Error(`expected at most ${MAX_NESTING} nested NOTs and brackets`);
      const arg = parseUnary();
      depth--;
      return { op: 'not', arg };
    }
    return parsePrimary();
  };
  const parsePrimary = (): QueryNode => {
    const next = peek();
    if (!next) return fail('a word, a "phrase" or (');
    if (next.kind === '(') {
      pos++;
      if (++depth > MAX_NESTING) throw new Error(`expected at most ${MAX_NESTING} nested NOTs and brackets`);
      const inner = parseOr();
      if (peek()?.kind !== ')') fail(')');
      pos++;
      depth--;
      return inner;
    }
    if (next.kind === 'word' || next.kind === 'phrase') {
      pos++;
      const prefix = next.kind === 'word' && next.value.endsWith('*');
      const words = fold(prefix ? next.value.slice(0, -1) : next.value);
      if (words.length === 0) fail('a word with letters or digits');
      return { op: 'term', words, prefix };
    }
    return fail('a word, a "phrase" or (');
  };

  const tree = parseOr();
  if (pos < lexemes.length) fail('AND, OR, NOT or NEAR/n');
  return tree;
}

/**
 * Whether a query holds only where some word does: false for `NOT x` and `(NOT x) OR y`, which
 * hold for nearly every post. A topic's query must (the config check says so).
 */
export function looksFor(node: QueryNode): boolean {
  switch (node.op) {
    case 'term':
    case 'near':
      return true;
    case 'not':
      return false;
    case 'and':
      return node.args.some(looksFor);
    case 'or':
      return node.args.every(looksFor);
  }
}

/** Words that read as operators written another way: refused, since they would be looked for as words. */
function checkWord(word: string): void {
  if (/^(and|or|not)$/i.test(word)) throw new Error(`expected ${word.toUpperCase()} in capitals, or "${word}" in quotes to look for the word`);
  if (/^near$/i.test(word)) throw new Error(`expected NEAR/ and a number of words, or "${word}" in quotes to look for the word, got "${word}"`);
  if (/^-[\p{L}\p{N}]/u.test(word)) throw new Error(`expected NOT ${word.slice(1)} to leave a word out, got "${word}"`);
  if (word.slice(0, -1).includes('*')) throw new Error(`expected * only at the end of a word (a prefix, as in outfit*), got "${word}"`);
}

function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let at = 0;
  for (;;) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(query);
    if (!m) break;
    at = TOKEN.lastIndex;
    if (m[1]) out.push({ kind: '(', value: '(' });
    else if (m[2]) out.push({ kind: ')', value: ')' });
    else if (m[3] !== undefined) out.push({ kind: 'phrase', value: m[3] });
    else if (m[4]) {
      if (!/^NEAR\/\d+$/.test(m[4])) throw new Error(`expected NEAR/ and a number of words, got "${m[4]}"`);
      out.push({ kind: 'near', value: m[4] });
    }
    else if (m[5]) out.push({ kind: 'op', value: m[5] });
    else if (m[6]) {
      checkWord(m[6]);
      out.push({ kind: 'word', value: m[6] });
    }
  }
  if (query.slice(at).trim() !== '') throw new Error(`unclosed quote in "${query}"`);
  return out;
}

/** Word-index spans where a query holds; `ok` false when it does not hold. */
export interface QueryResult {
  ok: boolean;
  spans: [number, number][];
}

/** Evaluates a query against the folded words of a post. Pure. */
export function evaluateQuery(node: QueryNode, words: readonly string[]): QueryResult {
  switch (node.op) {
    case 'term': {
      const spans: [number, number][] = [];
      outer: for (let i = 0; i + node.words.length <= words.length; i++) {
        for (let k = 0; k < node.words.length; k++) {
          const w = words[i + k]!;
          const want = node.words[k]!;
          const last = k === node.words.length - 1;
          if (!(w === want || (node.prefix && last && w.startsWith(want)))) continue outer;
        }
        spans.push([i, i + node.words.length]);
      }
      return { ok: spans.length > 0, spans };
    }
    case 'and': {
      const results = node.args.map((a) => evaluateQuery(a, words));
      return results.every((r) => r.ok) ? { ok: true, spans: results.flatMap((r) => r.spans) } : { ok: false, spans: [] };
    }
    case 'or': {
      const results = node.args.map((a) => evaluateQuery(a, words)).filter((r) => r.ok);
      return { ok: results.length > 0, spans: results.flatMap((r) => r.spans) };
    }
    case 'not':
      return { ok: !evaluateQuery(node.arg, words).ok, spans: [] };
    case 'near': {
      const left = evaluateQuery(node.left, words);
      const right = evaluateQuery(node.right, words);
      const spans: [number, number][] = [];
      for (const a of left.spans) {
        for (const b of right.spans) {
          const gap = a[0] <= b[0] ? b[0] - a[1] : a[0] - b[1];
          if (gap <= node.distance) spans.push(a, b);
        }
      }
      return { ok: spans.length > 0, spans };
    }
  }
}
