import type { Match, MatchKind } from '../types.js';
import type { CompiledBrand, Rules, TaggedTerm, Variant } from './compile-rules.js';
import { fold } from './fold.js';
import { splitCamelCase, tokenize, type Token } from './tokenize.js';

/** Stronger evidence first: when a brand matches several ways, the first kind here is kept. */
const KIND_RANK: Record<MatchKind, number> = { handle: 0, hashtag: 1, name: 2, alias: 3, domain: 4, fuzzy: 5 };

/** Every brand the text mentions, one match each, with the evidence for it. Pure. */
export function matchText(text: string, rules: Rules): Match[] {
  const tokens = tokenize(text);
  const found: Candidate[] = [];
  const words = tokens.filter((t) => t.type === 'word');
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    switch (tok.type) {
      case 'handle':
        for (const t of rules.handles.get(tok.norm) ?? []) found.push(fromTerm(t, 'handle', tok, true));
        break;
      case 'hashtag':
        found.push(...matchHashtag(tok, rules));
        break;
      case 'url':
      case 'domain':
        found.push(...matchDomain(tok, rules));
        break;
      case 'word':
        found.push(...matchWordAt(text, tokens, i, rules));
        break;
    }
  }
  return pickPerBrand(found, words);
}

function matchWordAt(text: string, tokens: Token[], i: number, rules: Rules): Candidate[] {
  const tok = tokens[i]!;
  for (const v of rules.byFirstWord.get(tok.norm) ?? []) {
    const last = followingWords(tokens, i, v.words);
    if (last !== -1) return [fromVariant(v, v.kind, text, { start: tok.start, end: tokens[last]!.end }, 0)];
  }
  const fused = rules.byFused.get(tok.norm)?.[0];
  if (fused) return [fromVariant(fused, fused.kind, text, spanOf(tok), 0)];
  if (/^\d+$/.test(tok.norm)) return [];
  const hit = rules.fuzzy.lookup(tok.norm)[0];
  if (hit && hit.distance > 0) return [fromVariant(hit.term.value, 'fuzzy', text, spanOf(tok), hit.distance)];
  return [];
}

/** Index of the last token when `words` follow from token i as consecutive words, else -1. */
function followingWords(tokens: Token[], i: number, words: string[]): number {
  for (let k = 0; k < words.length; k++) {
    const t = tokens[i + k];
    if (!t || t.type !== 'word' || t.norm !== words[k]) return -1;
  }
  return i + words.length - 1;
}

function matchHashtag(tok: Token, rules: Rules): Candidate[] {
  const exact = rules.hashtags.get(tok.norm);
  if (exact) return exact.map((t) => fromTerm(t, 'hashtag', tok, false));
  // #OcadoFail: the brand is one of the CamelCase words.
  const parts = splitCamelCase(tok.raw.slice(1)).map(fold);
  if (parts.length > 1) {
    for (let k = 0; k < parts.length; k++) {
      for (const v of rules.byFirstWord.get(parts[k]!) ?? []) {
        if (v.words.every((w, j) => parts[k + j] === w)) return [hashtagMatch(v, tok)];
      }
      const fused = rules.byFused.get(parts[k]!)?.[0];
      if (fused) return [hashtagMatch(fused, tok)];
    }
    return [];
  }
  // #ocadofail: a brand at the start of an all-lowercase tag. Only the start: "#avocado" ends in "ocado".
  for (let len = tok.norm.length - 1; len >= rules.minFusedLength; len--) {
    const prefix = tok.norm.slice(0, len);
    const v = rules.byFused.get(prefix)?.[0] ?? rules.byFirstWord.get(prefix)?.find((x) => x.words.length === 1);
    if (v) return [hashtagMatch(v, tok)];
  }
  return [];
}

function hashtagMatch(v: Variant, tok: Token): Candidate {
  return candidate(v.brand, { kind: 'hashtag', variant: v.term, matched: tok.raw, start: tok.start, end: tok.end, distance: 0, tagged: false });
}

function matchDomain(tok: Token, rules: Rules): Candidate[] {
  const host = tok.norm;
  if (!host) return [];
  return rules.domains
    .filter((d) => host === d.term || host.endsWith(`.${d.term}`))
    .map((d) => fromTerm(d, 'domain', tok, false));
}

function fromTerm(t: TaggedTerm, kind: MatchKind, tok: Token, tagged: boolean): Candidate {
  return candidate(t.brand, { kind, variant: t.term, matched: tok.raw, start: tok.start, end: tok.end, distance: 0, tagged });
}

function fromVariant(v: Variant, kind: MatchKind, text: string, span: { start: number; end: number }, distance: number): Candidate {
  return candidate(v.brand, { kind, variant: v.term, matched: text.slice(span.start, span.end), start: span.start, end: span.end, distance, tagged: false });
}

function spanOf(tok: Token): { start: number; end: number } {
  return { start: tok.start, end: tok.end };
}

/** A match before per-brand selection, still holding its compiled brand (for excludes). */
interface Candidate {
  ref: CompiledBrand;
  match: Match;
}

function candidate(brand: CompiledBrand, m: Omit<Match, 'brand' | 'competitor'>): Candidate {
  return { ref: brand, match: { brand: brand.name, competitor: brand.competitor, ...m } };
}

/** One match per brand (strongest kind, then earliest), tagged if any handle matched; excludes veto. */
function pickPerBrand(found: Candidate[], words: Token[]): Match[] {
  const byBrand = new Map<CompiledBrand, Match[]>();
  for (const { ref, match } of found) {
    const list = byBrand.get(ref);
    if (list) list.push(match);
    else byBrand.set(ref, [match]);
  }
  const norms = words.map((w) => w.norm);
  const out: Match[] = [];
  for (const [brand, matches] of byBrand) {
    if (brand.exclude.some((phrase) => containsPhrase(norms, phrase))) continue;
    const best = [...matches].sort(
      (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.distance - b.distance || a.start - b.start,
    )[0]!;
    out.push({ ...best, tagged: matches.some((m) => m.tagged) });
  }
  return out.sort((a, b) => a.start - b.start);
}

function containsPhrase(norms: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= norms.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (norms[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}
