import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nspell from 'nspell';

/** Hunspell dictionaries by language, each a separate npm package loaded only when needed. */
export const DICTIONARY_PACKAGES: Readonly<Record<string, string>> = {
  en: 'dictionary-en',
};

const require = createRequire(import.meta.url);
const loaded = new Map<string, ReturnType<typeof nspell> | null>();

/**
 * Whether `word` is spelled correctly in `language` (~0.1 s to load a dictionary the first
 * time). A language without an installed dictionary knows no words.
 */
export function isDictionaryWord(word: string, language: string): boolean {
  let speller = loaded.get(language);
  if (speller === undefined) {
    speller = loadSpeller(language);
    loaded.set(language, speller);
  }
  return speller?.correct(word) ?? false;
}

function loadSpeller(language: string): ReturnType<typeof nspell> | null {
  const pkg = DICTIONARY_PACKAGES[language];
  if (!pkg) return null;
  try {
    // The packages are ESM that read their files asynchronously; reading the files here keeps
    // matching synchronous.
    const dir = dirname(require.resolve(pkg));
    return nspell({ aff: readFileSync(join(dir, 'index.aff')), dic: readFileSync(join(dir, 'index.dic')) });
  } catch {
    return null;
  }
}

export function hasDictionary(language: string): boolean {
  return language in DICTIONARY_PACKAGES;
}
