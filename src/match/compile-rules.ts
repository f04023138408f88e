import type { BrandConfig } from '../config/schema.js';
import { fold, foldTerm, joinerOf, signOf } from './fold.js';
import { FuzzyIndex } from './fuzzy-index.js';
import { RecentCache } from './recent-cache.js';

/** A brand as the matcher uses it: every term folded once, up front. */
export interface CompiledBrand {
  name: string;
  competitor: boolean;
  /** Folded exclude phrases, as word sequences. */
  exclude: string[][];
  /** Folded context phrases; when any are set, a name, alias or fuzzy match needs one nearby. */
  context: string[][];
  caseSensitive: boolean;
  /** Allowed post languages; empty allows any. */
  languages: string[];
}

/** One way of writing a brand's name: the name itself or one of its aliases. */
export interface Variant {
  brand: CompiledBrand;
  kind: 'name' | 'alias';
  /** As configured, for explaining a match. */
  term: string;
  words: string[];
  /**
   * For initials joined by a sign ("M&S", "H&M"): the sign, which a post must write between
   * them too. "m s" and "Ms" are everyday words, not the brand.
   */
  joiner?: string;
  /**
   * For names that end in a sign ("C++", "F#", "Disney+"): the sign, which a post must write
   * right after the last word. Without it "C++" was every letter C, and "Disney+" all of Disney.
   */
  sign?: string;
}

export interface TaggedTerm {
  brand: CompiledBrand;
  term: string;
}

export interface Rules {
  brands: CompiledBrand[];
  /** Variants keyed by their first folded word, longest first, and of one length signed ("C++") first. */
  byFirstWord: Map<string, Variant[]>;
  /** Multi-word variants written as one word: "cocacola", "CocaCola". */
  byFused: Map<string, Variant[]>;
  /** Signed names of several words written as one, before their sign: "appletv" of "Apple TV+". */
  signedFused: Map<string, Variant[]>;
  handles: Map<string, TaggedTerm[]>;
  hashtags: Map<string, TaggedTerm[]>;
  domains: TaggedTerm[];
  fuzzy: FuzzyIndex<Variant>;
  /** Every variant written as one word ("ocado", "cocacola"), for finding brands inside hashtags. */
  fusedTerms: Map<string, Variant[]>;
  /** Shortest fused variant, for bounding hashtag checks. */
  minFusedLength: number;
  /** Folded words and whether they could start a name, alias or misspelling: most cannot. */
  wordMayMatch: RecentCache<boolean>;
  /**
   * 1 at each word length (in UTF-16 units, up to 255) a name, alias or misspelling can have:
   * a word of another length is passed over without a lookup. Leetspeak keeps the length.
   */
  wordLengths: Uint8Array;
}

const LONGEST_CHECKED_LENGTH = 255;

/** Below this length a term is never matched fuzzily: too many real words sit one edit away. */
const MIN_FUZZY_LENGTH = 5;

/** Edits tolerated for a term under a brand's `fuzzy` setting. */
export function fuzzyLimit(length: number, setting: BrandConfig['fuzzy']): number {
  if (setting === 'off' || length < MIN_FUZZY_LENGTH) return 0;
  if (setting === 'auto') return length >= 9 ? 2 : 1;
  return setting;
}

export function compileRules(brands: readonly BrandConfig[]): Rules {
  const rules: Rules = {
    brands: [],
    byFirstWord: new Map(),
    byFused: new Map(),
    handles: new Map(),
    hashtags: new Map(),
    domains: [],
    fuzzy: new FuzzyIndex(),
    signedFused: new Map(),
    fusedTerms: new Map(),
    minFusedLength: Infinity,
    wordMayMatch: new RecentCache(50_000),
    wordLengths: new Uint8Array(LONGEST_CHECKED_LENGTH + 1),
  };
  for (const config of brands) {
    const brand: CompiledBrand = {
      name: config.name,
      competitor: config.competitor,
      exclude: config.exclude.map(foldTerm).filter((w) => w.length > 0),
      context: config.context.map(foldTerm).filter((w) => w.length > 0),
      caseSensitive: config.caseSensitive,
      languages: config.languages,
    };
    rules.brands.push(brand);
    rules.wordMayMatch.clear();
    const variants = [
      { brand, kind: 'name', term: config.name, words: foldTerm(config.name) } satisfies Variant,
      ...config.aliases.map((a): Variant => ({ brand, kind: 'alias', term: a, words: foldTerm(a) })),
    ]
      // "McDonald's" is also written "McDonalds", and "L'Oréal" "L Oréal" and #LOrealParis: each
      // spelling is the name, not a typo.
      .flatMap((v) => (/['’]s\b/iu.test(v.term) ? [v, { ...v, words: foldTerm(v.term.replace(/['’]/gu, '')) }] : [v]))
      .flatMap((v) => (/[\p{L}\p{N}]['’][\p{L}\p{N}]/u.test(v.term) ? [v, { ...v, words: foldTerm(v.term.replace(/['’]/gu, ' ')) }] : [v]))
      .filter((v: Variant) => v.words.length > 0)
      .map((v) => withSign(withJoiner(v)));

    // Configured spellings first, so explanations show them as the user wrote them.
    for (const h of config.handles) push(rules.handles, fold(h.replace(/^[@＠]/, '')), { brand, term: h });
    for (const h of config.hashtags) push(rules.hashtags, fold(h.replace(/^[#＃]/, '')), { brand, term: h });
    // Spellings already registered: as words ("l oreal" and "loreal" are two, as are "M&S" with
    // its sign and "MS"), and as one word (either of L'Oréal's is "loreal").
    const seenWords = new Set<string>();
    const seenFused = new Set<string>();
    for (const v of variants) {
      const spelling = `${v.words.join(' ')}${v.joiner ?? ''}${v.sign ? ` ${v.sign}` : ''}`;
      if (seenWords.has(spelling)) continue;
      seenWords.add(spelling);
      push(rules.byFirstWord, v.words[0]!, v);
      // @disney, #disney and a misspelled Disney are not Disney+: a signed name is only itself,
      // though one of several words may be written as one before its sign ("AppleTV+").
      if (v.sign !== undefined) {
        if (v.words.length > 1 && v.joiner === undefined) push(rules.signedFused, v.words.join(''), v);
        continue;
      }
      const fused = v.words.join('');
      if (seenFused.has(fused)) continue;
      if (v.joiner === undefined) seenFused.add(fused);
      // Names are also how people tag a brand: @Ocado, @hm.
      push(rules.handles, fused, { brand, term: `@${fused}` });
      // Written as one word (CocaCola, #ocado, #ocadofail): not for initials, whose two letters
      // ("ms", "hm", #MSTeams) are everyday words and tags.
      if (v.joiner !== undefined) continue;
      if (v.words.length > 1) push(rules.byFused, fused, v);
      push(rules.fusedTerms, fused, v);
      rules.minFusedLength = Math.min(rules.minFusedLength, fused.length);
      push(rules.hashtags, fused, { brand, term: `#${fused}` });
      // A case-sensitive name is a common word in other cases; a misspelling of it is noise.
      const maxDistance = config.caseSensitive ? 0 : fuzzyLimit(fused.length, config.fuzzy);
      if (maxDistance > 0 && !/^\d+$/.test(fused)) rules.fuzzy.add({ term: fused, maxDistance, value: v });
    }
    for (const d of config.domains) {
      rules.domains.push({ brand, term: d.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '').replace(/:\d+$/, '') });
    }
  }
  for (const list of rules.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length || Number(b.sign !== undefined) - Number(a.sign !== undefined));
  const lengths = rules.wordLengths;
  lengths[LONGEST_CHECKED_LENGTH] = 1;
  for (const key of [...rules.byFirstWord.keys(), ...rules.byFused.keys(), ...rules.signedFused.keys()]) lengths[Math.min(key.length, LONGEST_CHECKED_LENGTH)] = 1;
  for (const [min, max] of rules.fuzzy.lengthRanges()) lengths.fill(1, Math.max(0, min), Math.min(max, LONGEST_CHECKED_LENGTH) + 1);
  return rules;
}

function withSign(v: Variant): Variant {
  const sign = signOf(v.term);
  return sign === undefined ? v : { ...v, sign };
}

function withJoiner(v: Variant): Variant {
  const joiner = joinerOf(v.term, v.words);
  return joiner === undefined ? v : { ...v, joiner };
}


function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Every term a search-capable source can put into its query. */
export function brandSearchTerms(brands: readonly BrandConfig[]): string[] {
  const terms = brands.flatMap((b) => [b.name, ...b.aliases, ...b.hashtags.map((h) => h.replace(/^#/, ''))]);
  return [...new Set(terms)];
}

/** A brand's handle as written without its @ (`OcadoSupport`, `ocado@mastodon.social`). */
export interface BrandAccount {
  handle: string;
  /** An own brand's, not a competitor's: its posts answer customers. */
  own: boolean;
}

/** Every brand's handles, own brands' first, each once. */
export function brandAccounts(brands: readonly BrandConfig[]): BrandAccount[] {
  const seen = new Set<string>();
  return [...brands.filter((b) => !b.competitor), ...brands.filter((b) => b.competitor)].flatMap((b) =>
    b.handles.flatMap((h) => {
      const handle = h.trim().replace(/^[@＠]/, '');
      if (!handle || seen.has(handle.toLowerCase())) return [];
      seen.add(handle.toLowerCase());
      return [{ handle, own: !b.competitor }];
    }),
  );
}
