import { foldTerm, joinerOf, signOf } from '../match/fold.js';
import type { BrandConfig } from './schema.js';

export interface AmbiguousNamesInput {
  brands: readonly BrandConfig[];
  /** The config's languages: those a brand without its own `languages` is read in. */
  languages: readonly string[];
  /** Whether `word` (lower case) is a word of `language`; false where there is no dictionary. */
  isWord: (word: string, language: string) => boolean;
  /** "earshot.yaml:3: brands[0].name" for a path into the config. */
  at: (path: PropertyKey[]) => string;
  /** Paths whose value came from a `${VAR}`: never printed, so not advised on. */
  fromEnv?: (path: PropertyKey[]) => boolean;
}

/**
 * Advice, not problems: names and aliases that are a single character ("X", even with
 * `caseSensitive`) or a word of the brand's languages as its dictionary knows them ("Next",
 * "Shell"; unless `caseSensitive`), on a brand without `context`.
 * Every such word in a post would be a mention of the brand, and the list fills with noise.
 */
/**
 * Advice on each configured language no spelling dictionary ships for (`ja`): its posts' words
 * are checked against the other configured languages' dictionaries only (none: a real word may
 * be taken for a misspelled name), and names are not checked for everyday words in it.
 */
export function undictionariedLanguageWarnings({ brands, languages, hasDictionary, at, fromEnv = () => false }: {
  brands: readonly BrandConfig[];
  languages: readonly string[];
  hasDictionary: (language: string) => boolean;
  at: (path: PropertyKey[]) => string;
  /** Paths whose value came from a `${VAR}`: never printed, so not advised on. */
  fromEnv?: (path: PropertyKey[]) => boolean;
}): string[] {
  const lists: [PropertyKey[], readonly string[]][] = [[['languages'], languages], ...brands.map((b, i): [PropertyKey[], readonly string[]] => [['brands', i, 'languages'], b.languages])];
  const said = new Set<string>();
  const others = languages.filter(hasDictionary);
  const checked = others.length > 0 ? `words in its posts are checked against ${others.join(', ')} only` : 'a real word in its posts may be taken for a misspelled name (fuzzy: off avoids it)';
  return lists.flatMap(([path, list]) =>
    list.flatMap((language, k) => {
      if (hasDictionary(language) || said.has(language) || fromEnv([...path, k])) return [];
      said.add(language);
      return [`${at([...path, k])}: no spelling dictionary for ${language}: ${checked}, and names are not checked against its words`];
    }),
  );
}

export function ambiguousNameWarnings({ brands, languages, isWord, at, fromEnv = () => false }: AmbiguousNamesInput): string[] {
  // Only as the dictionary has a word in lower case: a capitalised entry may be a name ("Nike",
  // "Microsoft", "Disney", even in German), which is what a brand is, so German nouns ("Haus")
  // go unnamed rather than every famous brand be called an everyday word.
  const warnings: string[] = [];
  brands.forEach((brand, i) => {
    if (brand.context.length > 0) return;
    const langs = brand.languages.length > 0 ? brand.languages : languages;
    const terms: [PropertyKey[], string][] = [[['brands', i, 'name'], brand.name], ...brand.aliases.map((a, j): [PropertyKey[], string] => [['brands', i, 'aliases', j], a])];
    for (const [path, term] of terms) {
      const words = foldTerm(term);
      // "M&S" and "C++" must be written with their sign.
      if (words.length === 0 || joinerOf(term, words) !== undefined || signOf(term) !== undefined || fromEnv(path)) continue;
      if (words.length > 1) {
        // Two words are rarely an accident, but a name is matched written as one too: "Co-op" as "coop".
        const fused = term.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
        const language = brand.caseSensitive ? undefined : langs.find((l) => isWord(fused, l));
        if (language) warnings.push(`${at(path)}: "${term}" written as one word is "${fused}", also a word in ${language}: every "${fused}" in a post would be a mention; give the brand context: words, or caseSensitive: true`);
        continue;
      }
      // As written, but without marks around it ("Shell!"): the dictionary knows "café", not "cafe".
      const word = term.trim().toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      // Case tells "X" the brand from "x" no better than "A" from "a": one character is always noise.
      // As written too: "ß" folds to "ss", and is still one character.
      const single = [...words[0]!].length === 1 || [...word].length === 1;
      const language = single || brand.caseSensitive ? undefined : langs.find((l) => isWord(word, l));
      const what = single ? 'a single character' : language ? `also a word in ${language}` : undefined;
      const fix = single ? 'give the brand context: words' : 'give the brand context: words, or caseSensitive: true';
      if (what) warnings.push(`${at(path)}: "${term}" is ${what}: every "${word}" in a post would be a mention; ${fix}`);
    }
  });
  return warnings;
}
