import { expect, it } from 'vitest';
import { isDictionaryWord, loadSpellChecker } from '../../src/match/dictionaries.js';

it('loads Hunspell without leaving its own uncaught-exception handler behind', async () => {
  // Emscripten's handler rethrew every uncaught error from its minified file, printing ~100 KB.
  const before = process.listeners('uncaughtException');
  await Promise.all([loadSpellChecker(), loadSpellChecker()]);
  expect(process.listeners('uncaughtException')).toEqual(before);
  expect(isDictionaryWord('house', 'en')).toBe(true);
  expect(isDictionaryWord('hosue', 'en')).toBe(false);
});
