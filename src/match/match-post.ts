import type { Match, MatchKind } from '../types.js';
import type { CompiledBrand, Rules, TaggedTerm, Variant } from './compile-rules.js';
import { fold, signWrittenAt } from './fold.js';
import { splitCamelCase, tokenize, type Token } from './tokenize.js';

/** Stronger evidence first: when a brand matches several ways, the first kind here is kept. */
const KIND_RANK: Record<MatchKind, number> = { handle: 0, hashtag: 1, name: 2, alias: 3, domain: 4, fuzzy: 5, topic: 6 };

/** Kinds that name the brand unambiguously: context terms are not needed for them. */
const STRONG_KINDS = new Set<MatchKind>(['handle', 'hashtag', 'domain']);

/** A candidate that was found and then dropped, with the reason: what `match --explain` shows. */
export interface Rejection {
  brand: string;
  kind: MatchKind;
  matched: string;
  variant: string;
  reason: string;
}

/** What matching may ask about the post; answers are computed lazily by the caller. */
export interface MatchContext {
  /** The post's language (ISO 639-1), or null when unknown. */
  language(): string | null;
  /** Whether a word is spelled correctly in the post's language: such a word is no misspelling. */
  isWord(word: string): boolean;
  /** The language whose dictionary isWord consults, when it is one; else language() is assumed. */
  dictionaryLanguage?(): string | null;
  /** When given, every dropped candidate is recorded here. */
  rejected?: Rejection[];
}

/** A context that knows no language and no words: for callers without dictionaries. */
export const PLAIN_CONTEXT: MatchContext = { language: () => null, isWord: () => false };

/** Brand accounts are often the name plus a region or a desk: @OcadoSupport, @tesco_uk. */
const HANDLE_SUFFIX = /^(.+?)[_.]?(uk|us|usa|eu|de|pl|help|helps|support|care|cares|official|hq|news|team|global|app|service|cs)$/;

/** Leetspeak digits as the letters they stand for: "0cad0", "n1ke". */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b' };

/** Every brand the text mentions, one match each, with the evidence for it. Pure. */
export function matchText(text: string, rules: Rules, ctx: MatchContext = PLAIN_CONTEXT): Match[] {
  const tokens = tokenize(text);
  const found: Candidate[] = [];
  const add = (candidates: Candidate[]) => {
    for (const c of candidates) found.push(c);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    switch (tok.type) {
      case 'handle':
        add(matchHandle(tok, rules));
        break;
      case 'hashtag':
        add(matchHashtag(text, tok, rules, ctx));
        break;
      case 'url':
      case 'domain':
        add(matchDomain(tok, rules));
        break;
      case 'word':
        add(matchWordAt(text, tokens, i, rules, ctx));
        break;
    }
  }
  // Most posts name no brand: they stop here.
  if (found.length === 0) return [];
  const norms = tokens.filter((t) => t.type === 'word' || t.type === 'hashtag').map((t) => t.norm);
  return pickPerBrand(found, norms, ctx);
}

const NONE: Candidate[] = [];
const NONE_VARIANTS: Variant[] = [];

function matchHandle(tok: Token, rules: Rules): Candidate[] {
  const exact = rules.handles.get(tok.norm);
  if (exact) return exact.map((t) => fromTerm(t, 'handle', tok, true));
  const base = HANDLE_SUFFIX.exec(tok.norm)?.[1];
  const variant = base ? rules.handles.get(base) : undefined;
  return variant ? variant.map((t) => fromTerm(t, 'handle', tok, true)) : [];
}

function matchWordAt(text: string, tokens: Token[], i: number, rules: Rules, ctx: MatchContext): Candidate[] {
  const tok = tokens[i]!;
  // Most words cannot start a match: a length no term has, then one remembered answer per word.
  const lengths = rules.wordLengths;
  if (lengths[Math.min(tok.norm.length, lengths.length - 1)] === 0) return NONE;
  if (!rules.wordMayMatch.get(tok.norm, mayMatch, rules)) return NONE;
  // The longest variant found here wins; a term two brands share (an alias "Virgin" of Virgin
  // Media and of Virgin Atlantic) names both, as an exact shared hashtag does.
  const found: Candidate[] = [];
  let longest = 0;
  // Where a signed variant's sign is written ("disney+"), the words are not also a brand called
  // (or aliased) Disney, nor the start of a longer name read across the sign ("Disney+ Channel"
  // is no "Disney Channel"; it may be a "Disney+ Hotstar"), even when case rules the sign's out.
  const variants = rules.byFirstWord.get(tok.norm) ?? NONE_VARIANTS;
  const signHere = variants.find((v) => v.sign !== undefined && signWrittenAfter(text, tokens, i, v))?.sign;
  let signWritten = false;
  let withoutSign: { v: Variant; written: string }[] | undefined;
  for (const v of variants) {
    if (v.words.length < longest || (signWritten && v.sign === undefined)) break;
    if (signHere !== undefined && v.sign === undefined && !v.term.includes(signHere)) continue;
    const last = followingWords(tokens, i, v.words);
    if (last === -1 || (v.joiner !== undefined && !joinedBy(text, tokens, i, last, v.joiner))) continue;
    const span = { start: tok.start, end: tokens[last]!.end };
    if (v.sign !== undefined) {
      if (!signWrittenAt(text, v.sign, span.end)) {
        (withoutSign ??= []).push({ v, written: text.slice(span.start, span.end) });
        continue;
      }
      span.end += v.sign.length;
      signWritten = true;
    }
    if (v.brand.caseSensitive && !sameCase(text.slice(span.start, span.end), v.term)) {
      reject(ctx, v.brand, v.kind, text.slice(span.start, span.end), v.term, `not written as "${v.term}" (caseSensitive)`);
      continue;
    }
    if (!found.some((c) => c.ref === v.brand)) found.push(fromVariant(v, v.kind, text, span, 0));
    longest = v.words.length;
  }
  if (found.length > 0) return found;
  // Said only where nothing matched: the "C" of "C++" is no "C#" written without its sign.
  if (!signWritten) for (const { v, written } of withoutSign ?? []) reject(ctx, v.brand, v.kind, written, v.term, `written without the "${v.sign}" of "${v.term}"`);
  if (signWritten) return NONE;
  // "AppleTV+": a signed name of several words written as one, its sign after it.
  for (const v of rules.signedFused.get(tok.norm) ?? NONE_VARIANTS) {
    if (!signWrittenAt(text, v.sign!, tok.end)) continue;
    const span = { start: tok.start, end: tok.end + v.sign!.length };
    if (v.brand.caseSensitive && !sameCase(text.slice(span.start, span.end), v.term)) {
      reject(ctx, v.brand, v.kind, text.slice(span.start, span.end), v.term, `not written as "${v.term}" (caseSensitive)`);
    } else if (!found.some((c) => c.ref === v.brand)) found.push(fromVariant(v, v.kind, text, span, 0));
  }
  if (found.length > 0) return found;
  const fused = rules.byFused.get(tok.norm);
  if (fused) {
    for (const v of fused) {
      if (!v.brand.caseSensitive || sameCase(tok.raw, v.term)) {
        if (!found.some((c) => c.ref === v.brand)) found.push(fromVariant(v, v.kind, text, spanOf(tok), 0));
      } else reject(ctx, v.brand, v.kind, tok.raw, v.term, `not written as "${v.term}" (caseSensitive)`);
    }
    return found;
  }
  if (/^\d+$/.test(tok.norm)) return NONE;
  return matchMisspelling(text, tok, rules, ctx);
}

/** Whether matchWordAt can find anything starting at this word; false for most words. */
function mayMatch(word: string, rules: Rules): boolean {
  if (rules.byFirstWord.has(word) || rules.byFused.has(word) || rules.signedFused.has(word)) return true;
  if (/^\d+$/.test(word)) return false;
  // Uncached: wordMayMatch remembers the answer, and the fuzzy cache would only hold the same words again.
  return (/\d/.test(word) && /\p{L}/u.test(word)) || rules.fuzzy.search(word).some((h) => h.distance > 0);
}

/** Misspellings and leetspeak; a real word of the post's language is never a misspelling. */
function matchMisspelling(text: string, tok: Token, rules: Rules, ctx: MatchContext): Candidate[] {
  let word = tok.norm;
  let leet = 0;
  if (/\d/.test(word) && /\p{L}/u.test(word)) {
    word = word.replace(/[0-9]/g, (d) => {
      if (!LEET[d]) return d;
      leet++;
      return LEET[d];
    });
    const single = rules.byFirstWord.get(word)?.filter((v) => v.words.length === 1 && !v.brand.caseSensitive && v.sign === undefined);
    const exact = single?.length ? single : rules.byFused.get(word)?.filter((v) => !v.brand.caseSensitive);
    if (exact?.length) return perBrand(exact, (v) => fromVariant(v, 'fuzzy', text, spanOf(tok), leet));
    // "sp3ll" is "spell", a word: not a misspelling of Shell.
    if (leet > 0 && ctx.isWord(word)) {
      const near = rules.fuzzy.lookup(word)[0];
      if (near) reject(ctx, near.term.value.brand, 'fuzzy', tok.raw, near.term.value.term, `"${tok.raw}" reads as the word "${word}"${langNote(ctx)}`);
      return [];
    }
  }
  const hits = rules.fuzzy.lookup(word);
  const hit = hits[0];
  if (!hit || hit.distance + leet === 0) return NONE;
  const v = hit.term.value;
  if (ctx.isWord(tok.raw)) {
    reject(ctx, v.brand, 'fuzzy', tok.raw, v.term, `"${tok.raw}" is a real word${langNote(ctx)}, not a misspelling`);
    return [];
  }
  // A misspelling of a term two brands share names both; of two different terms, the nearest.
  const same = hits.filter((h) => h.distance === hit.distance && h.term.term === hit.term.term).map((h) => h.term.value);
  return perBrand(same, (x) => fromVariant(x, 'fuzzy', text, spanOf(tok), hit.distance + leet));
}

/** `make` of the first variant of each brand among `variants`. */
function perBrand(variants: readonly Variant[], make: (v: Variant) => Candidate): Candidate[] {
  const found: Candidate[] = [];
  for (const v of variants) if (!found.some((c) => c.ref === v.brand)) found.push(make(v));
  return found;
}

/** Index of the last token when `words` follow from token i as consecutive words, else -1. */
function followingWords(tokens: Token[], i: number, words: string[]): number {
  for (let k = 0; k < words.length; k++) {
    const t = tokens[i + k];
    if (!t || t.type !== 'word' || t.norm !== words[k]) return -1;
  }
  return i + words.length - 1;
}

/** Whether the words of `v` start at token i and its sign is written right after them. */
function signWrittenAfter(text: string, tokens: Token[], i: number, v: Variant): boolean {
  const last = followingWords(tokens, i, v.words);
  return last !== -1 && signWrittenAt(text, v.sign!, tokens[last]!.end);
}

/** Whether each gap between tokens i..last holds `joiner` alone, spaces aside: "M&S", "M & S". */
function joinedBy(text: string, tokens: Token[], i: number, last: number, joiner: string): boolean {
  for (let k = i; k < last; k++) {
    if (text.slice(tokens[k]!.end, tokens[k + 1]!.start).trim() !== joiner) return false;
  }
  return true;
}

/** "Next Day" matches "Next-Day" and "NextDay" but not "next day": letters compared, case kept. */
function sameCase(written: string, term: string): boolean {
  const letters = (s: string) => s.replace(/['’]s\b/gu, '').replace(/[^\p{L}\p{N}]/gu, '');
  return letters(written) === letters(term);
}

function matchHashtag(text: string, tok: Token, rules: Rules, ctx: MatchContext): Candidate[] {
  const rawParts = splitCamelCase(tok.raw.slice(1));
  const parts = rawParts.map(fold);
  // #Disney+ is a tag #Disney and a sign: Disney+ (or, cased otherwise than a caseSensitive
  // Disney+ says, nothing), not Disney. So is #AppleTV+ Apple TV+, not Apple.
  const signed = TRAILING_SIGN_START.test(text.charAt(tok.end)) ? signedAtTagEnd(text, tok, parts, rawParts, rules) : [];
  if (signed.length > 0) {
    const cased = signed.filter(({ v, written }) => !v.brand.caseSensitive || sameCase(written, v.term));
    for (const { v } of signed) if (!cased.some((c) => c.v === v)) reject(ctx, v.brand, 'hashtag', tok.raw + v.sign, v.term, `not written as "${v.term}" (caseSensitive)`);
    return perBrand(
      cased.map((c) => c.v),
      (v) => fromVariant(v, 'hashtag', text, { start: tok.start, end: tok.end + v.sign!.length }, 0),
    );
  }
  const exact = rules.hashtags.get(tok.norm);
  if (exact) return exact.map((t) => fromTerm(t, 'hashtag', tok, false));
  // #OcadoFail: the brand is one of the CamelCase words.
  if (parts.length > 1) {
    for (let k = 0; k < parts.length; k++) {
      // As in running text: the longest term found here wins, and one two brands share names both.
      const found: Variant[] = [];
      for (const v of rules.byFirstWord.get(parts[k]!) ?? NONE_VARIANTS) {
        if (v.words.length < (found[0]?.words.length ?? 0)) break;
        // A tag cannot hold the sign of "C++": #CPlusPlus is an alias to configure.
        if (v.sign !== undefined || !v.words.every((w, j) => parts[k + j] === w)) continue;
        if (v.brand.caseSensitive && !sameCase(rawParts.slice(k, k + v.words.length).join(''), v.term)) {
          reject(ctx, v.brand, 'hashtag', tok.raw, v.term, `not written as "${v.term}" (caseSensitive)`);
          continue;
        }
        found.push(v);
      }
      if (found.length > 0) return hashtagMatches(found, tok);
      const fused = (rules.byFused.get(parts[k]!) ?? NONE_VARIANTS).filter((v) => !v.brand.caseSensitive);
      if (fused.length > 0) return hashtagMatches(fused, tok);
    }
    return [];
  }
  return matchLowercaseHashtag(tok, rules, ctx);
}

/** The first character of a sign a name may end in (fold.ts's TRAILING_SIGN), or its full-width form. */
const TRAILING_SIGN_START = /^[+#＋＃]$/;

/**
 * Signed names whose sign follows the tag and whose words end it: the whole tag as one word
 * (#Disney+), or its last CamelCase words (#AppleTV+, #WatchAppleTV+). With the tag's letters
 * as written, for caseSensitive names.
 */
function signedAtTagEnd(text: string, tok: Token, parts: string[], rawParts: string[], rules: Rules): { v: Variant; written: string }[] {
  const found: { v: Variant; written: string }[] = [];
  const take = (vs: readonly Variant[] | undefined, words: string[], written: string) => {
    for (const v of vs ?? NONE_VARIANTS) {
      if (v.sign !== undefined && v.words.length === words.length && v.words.every((w, j) => w === words[j]) && signWrittenAt(text, v.sign, tok.end)) {
        found.push({ v, written });
      }
    }
  };
  take(rules.byFirstWord.get(tok.norm), [tok.norm], tok.raw.slice(1));
  // #appletv+: the words of Apple TV+ written as one.
  for (const v of rules.signedFused.get(tok.norm) ?? NONE_VARIANTS) if (signWrittenAt(text, v.sign!, tok.end)) found.push({ v, written: tok.raw.slice(1) });
  if (found.length > 0 || parts.length < 2) return found;
  for (let k = 0; k < parts.length && found.length === 0; k++) {
    take(rules.byFirstWord.get(parts[k]!), parts.slice(k), rawParts.slice(k).join(''));
  }
  return found;
}

/**
 * #ocadofail, #ilovetesco: a brand inside an all-lowercase tag, when the rest of the tag splits
 * into real words. A tag that is itself a word (#avocado, #shellfish) is that word.
 */
function matchLowercaseHashtag(tok: Token, rules: Rules, ctx: MatchContext): Candidate[] {
  const tag = tok.norm;
  if (tag.length < rules.minFusedLength + 1 || tag.length > 40) return [];
  // Each term with its variants of every brand that uses it: a term two brands share names both.
  const candidates: { vs: Variant[]; at: number; len: number }[] = [];
  for (const [fused, variants] of rules.fusedTerms) {
    if (fused.length < 4) continue;
    const at = tag.indexOf(fused);
    if (at === -1) continue;
    const vs = variants.filter((x) => !x.brand.caseSensitive);
    if (vs.length > 0) candidates.push({ vs, at, len: fused.length });
  }
  if (candidates.length === 0) return [];
  if (ctx.isWord(tag)) {
    for (const c of candidates) for (const v of c.vs) reject(ctx, v.brand, 'hashtag', tok.raw, v.term, `"${tag}" is a real word${langNote(ctx)}`);
    return [];
  }
  candidates.sort((a, b) => a.at - b.at || b.len - a.len);
  // At the start, the brand needs nothing after it to be words (#ocadofail, #ocado2026).
  const atStart = candidates.find((c) => c.at === 0);
  if (atStart) return hashtagMatches(atStart.vs, tok);
  // Inside, the tag's simplest reading into words must have the brand as one of them:
  // #ilovetesco is i + love + tesco, #avocadotoast is avocado + toast.
  const pieces = segmentTag(tag, rules, ctx);
  for (const c of candidates) {
    if (pieces?.some((p) => p.at === c.at && p.len === c.len)) return hashtagMatches(c.vs, tok);
    for (const v of c.vs) reject(ctx, v.brand, 'hashtag', tok.raw, v.term, `"${tok.raw}" reads as other words`);
  }
  return [];
}

/**
 * The reading of a tag into the fewest pieces (dictionary words, brand terms, digit runs), brand
 * terms winning ties; null when it cannot be read. Single letters count only as "a" and "i":
 * dictionaries accept most letters, which would let any string be read.
 */
function segmentTag(tag: string, rules: Rules, ctx: MatchContext): { at: number; len: number }[] | null {
  const best: ({ cost: number; from: number } | null)[] = new Array(tag.length + 1).fill(null);
  best[0] = { cost: 0, from: 0 };
  for (let end = 1; end <= tag.length; end++) {
    for (let start = Math.max(0, end - 20); start < end; start++) {
      const prev = best[start];
      if (!prev) continue;
      const piece = tag.slice(start, end);
      const brand = rules.fusedTerms.has(piece);
      const ok = brand || /^\d+$/.test(piece) || (piece.length === 1 ? piece === 'a' || piece === 'i' : ctx.isWord(piece));
      if (!ok) continue;
      // A brand piece costs a little less, so it wins a tie with ordinary words.
      const cost = prev.cost + (brand ? 0.99 : 1);
      if (!best[end] || cost < best[end]!.cost) best[end] = { cost, from: start };
    }
  }
  if (!best[tag.length]) return null;
  const pieces: { at: number; len: number }[] = [];
  for (let end = tag.length; end > 0; end = best[end]!.from) pieces.unshift({ at: best[end]!.from, len: end - best[end]!.from });
  return pieces;
}

/** A hashtag match for each brand among `variants`, the first variant of each. */
function hashtagMatches(variants: readonly Variant[], tok: Token): Candidate[] {
  return perBrand(variants, (v) => candidate(v.brand, { kind: 'hashtag', variant: v.term, matched: tok.raw, start: tok.start, end: tok.end, distance: 0, tagged: false }));
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

/** " in en" when it is known which language's dictionary knew the word. */
function langNote(ctx: MatchContext): string {
  const lang = ctx.dictionaryLanguage ? ctx.dictionaryLanguage() : ctx.language();
  return lang ? ` in ${lang}` : '';
}

function reject(ctx: MatchContext, brand: CompiledBrand, kind: MatchKind, matched: string, variant: string, reason: string): void {
  ctx.rejected?.push({ brand: brand.name, kind, matched, variant, reason });
}


/**
 * One match per brand (strongest kind, then earliest), tagged if any handle matched. Then the
 * brand's own conditions: its languages, its context terms, its exclude phrases.
 */
function pickPerBrand(found: Candidate[], norms: string[], ctx: MatchContext): Match[] {
  const byBrand = new Map<CompiledBrand, Match[]>();
  for (const { ref, match } of found) {
    const list = byBrand.get(ref);
    if (list) list.push(match);
    else byBrand.set(ref, [match]);
  }
  const out: Match[] = [];
  for (const [brand, matches] of byBrand) {
    const best = [...matches].sort(
      (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.distance - b.distance || a.start - b.start,
    )[0]!;
    const veto = vetoReason(brand, matches, norms, ctx);
    if (veto) {
      reject(ctx, brand, best.kind, best.matched, best.variant, veto);
      continue;
    }
    out.push({ ...best, tagged: matches.some((m) => m.tagged) });
  }
  return out.sort((a, b) => a.start - b.start);
}

function vetoReason(brand: CompiledBrand, matches: Match[], norms: string[], ctx: MatchContext): string | null {
  if (brand.languages.length > 0) {
    const lang = ctx.language();
    if (lang && !brand.languages.includes(lang)) return `post is in ${lang}, brand allows ${brand.languages.join(', ')}`;
  }
  const strong = matches.some((m) => STRONG_KINDS.has(m.kind));
  if (brand.context.length > 0 && !strong && !brand.context.some((phrase) => containsPhrase(norms, phrase))) {
    return 'none of its context terms appear';
  }
  const excluded = brand.exclude.find((phrase) => containsPhrase(norms, phrase));
  if (excluded) return `exclude phrase "${excluded.join(' ')}" appears`;
  return null;
}

function containsPhrase(norms: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= norms.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (norms[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}
