import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../../src/config/language-codes.js';
import { configSchema } from '../../src/config/schema.js';

describe('language codes', () => {
  it('are exactly the two-letter codes Intl names a language for', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const named = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter((code) => names.of(code) !== undefined);
    expect([...LANGUAGE_CODES].sort()).toEqual(named);
  });

  it('let a config name a language and refuse two letters that name none', () => {
    const parse = (languages: string[]) => configSchema.safeParse({ brands: [{ name: 'Ocado' }], languages });
    expect(parse(['en', 'SL', ' de ']).success).toBe(true);
    const refused = parse(['en', 'xx']);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('expected a language code such as en, de, pl (ISO 639-1)');
  });
});
