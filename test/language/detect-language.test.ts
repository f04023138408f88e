import { beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATES, detectLanguage, languageDetectorSource, languageText, loadLanguageDetector, normalizeLanguage, parseLanguageFlag } from '../../src/language/detect-language.js';
import { seededRandom } from '../helpers/builders.js';

describe('detectLanguage before the model is loaded', () => {
  it('throws, naming the call that is missing', () => {
    expect(() => detectLanguage('The delivery arrived late again and half of the order was missing.', ['en'])).toThrow(
      'language detector not loaded: call loadLanguageDetector() first',
    );
  });
});

describe('detectLanguage (real eld model)', () => {
  beforeAll(async () => {
    await loadLanguageDetector();
  });

  it.each([
    ['en', 'The delivery arrived late again and half of the order was missing.'],
    ['en', 'Third week in a row my delivery turned up without half the order. No one answers the chat.'],
    ['de', 'Die Lieferung kam wieder zu spät und die Hälfte der Bestellung fehlte.'],
    ['de', 'Ich habe gestern bestellt und warte immer noch auf meine Lieferung.'],
    ['es', 'El pedido llegó tarde otra vez y faltaba la mitad de la compra.'],
    ['es', 'Hice el pedido ayer y todavía estoy esperando la entrega.'],
    ['pl', 'Dostawa znowu przyszła za późno i brakowało połowy zamówienia.'],
    ['pl', 'Zamówiłem wczoraj i nadal czekam na dostawę, co za porażka.'],
  ])('tells %s from a clear sentence: %j', (language, text) => {
    expect(detectLanguage(text, ['en'])).toBe(language);
  });

  it('does not force a post into a configured language', () => {
    expect(detectLanguage('Die Lieferung kam wieder zu spät und die Hälfte der Bestellung fehlte.', ['en', 'pl'])).toBe('de');
  });

  it.each(['ok thx', 'Ocado late', 'lol', '', '   ', '👍👍👍 !!!', '12345 67890 12345'])('gives null for text too short to tell: %j', (text) => {
    expect(detectLanguage(text, ['en'])).toBeNull();
  });

  it('does not count handles, hashtags and links as letters', () => {
    expect(detectLanguage('@OcadoSupport #OcadoFail #DeliveryDisaster https://www.ocado.com/orders/123456 hi', ['en'])).toBeNull();
  });

  it('looks past handles, hashtags and links in a real sentence', () => {
    expect(
      detectLanguage('@OcadoSupport #Lieferung https://ocado.com/x Die Lieferung kam wieder zu spät und nichts passte.', ['en']),
    ).toBe('de');
  });

  describe('Serbian, Croatian and Bosnian', () => {
    const croatian = 'Dostava je opet kasnila i pola narudžbe je nedostajalo, baš sam ljuta.';
    const serbian = 'Isporuka je ponovo kasnila i pola porudžbine je nedostajalo, baš sam ljut.';

    it.each([
      [['en', 'hr'], 'hr'],
      [['en', 'sr'], 'sr'],
      [['bs'], 'bs'],
      [['sr', 'hr'], 'sr'],
      [['de', 'bs', 'sr'], 'bs'],
    ])('with %j configured, reads them as %s', (configured, expected) => {
      expect(detectLanguage(croatian, configured)).toBe(expected);
      expect(detectLanguage(serbian, configured)).toBe(expected);
    });

    it('falls back to what the detector says when none of them is configured', () => {
      expect(['hr', 'sr', 'bs']).toContain(detectLanguage(croatian, ['en', 'de']));
    });

    it('leaves other languages alone when one of them is configured', () => {
      expect(detectLanguage('Dostawa znowu przyszła za późno i brakowało połowy zamówienia.', ['sr'])).toBe('pl');
      expect(detectLanguage('The delivery arrived late again and half of the order was missing.', ['hr'])).toBe('en');
    });
  });

  it("reads the n-grams from the build's JSON copy (only the candidates' kept) and answers exactly as eld's own module does", async () => {
    expect(languageDetectorSource()).toBe('json');
    const { eld } = await import('eld/small');
    const rand = seededRandom(5);
    const words = ['delivery', 'Lieferung', 'entrega', 'dostawa', 'szállítás', 'dostava', 'dostava', 'livraison', 'consegna', 'the', 'und', 'y', 'nie', 'és', 'je', 'late', 'spät', 'tarde', 'późno', 'késik', 'kasni', 'zamuda'];
    const texts = [
      ...Array.from({ length: 300 }, () => Array.from({ length: 3 + Math.floor(rand() * 8) }, () => words[Math.floor(rand() * words.length)]).join(' ')),
      // Scripts and languages the detector does not choose between: their n-grams are left out.
      'डिलीवरी फिर से देर से आई और आधा ऑर्डर गायब था',
      'ডেলিভারি আবার দেরিতে এসেছে এবং অর্ডারের অর্ধেক নেই',
      'Доставката отново закъсня и половината поръчка липсваше',
      'Доставка снова опоздала, и половины заказа не было',
      'Η παράδοση άργησε ξανά και έλειπε το μισό της παραγγελίας',
      'التوصيل تأخر مرة أخرى ونصف الطلب كان مفقودا',
      '配達がまた遅れて、注文の半分がありませんでした',
      'Pristatymas vėl vėlavo ir trūko pusės užsakymo',
      'Toimitus myöhästyi taas ja puolet tilauksesta puuttui',
      'La entrega va tornar a arribar tard i faltava la meitat de la comanda',
    ];
    const reference = eld.newInstance();
    reference.setLanguageSubset([...CANDIDATES]);
    // Too short to guess is earshot's own rule (null); otherwise the two must agree.
    const expected = (t: string) => ((t.match(/\p{L}/gu)?.length ?? 0) < 12 ? null : reference.detect(languageText(t)).language || null);
    const differ = texts.filter((t) => detectLanguage(t, []) !== expected(t));
    expect(new Set(texts.map(expected)).size).toBeGreaterThan(5);
    expect(differ).toEqual([]);
  });

  it('loads only once: a second load is harmless', async () => {
    await loadLanguageDetector();
    expect(detectLanguage('The delivery arrived late again and half of the order was missing.', [])).toBe('en');
  });
});

describe('normalizeLanguage', () => {
  it.each([
    ['en', 'en'],
    ['EN', 'en'],
    ['en-US', 'en'],
    ['en_GB', 'en'],
    ['pt-BR', 'pt'],
    [' de ', 'de'],
    ['eng', 'en'],
    ['deu', 'de'],
    ['ger', 'de'],
    ['spa', 'es'],
    ['fre', 'fr'],
    ['pol', 'pl'],
    ['hrv', 'hr'],
    ['srp', 'sr'],
    ['bos', 'bs'],
    ['DEU', 'de'],
  ])('%j → %s', (code, expected) => {
    expect(normalizeLanguage(code)).toBe(expected);
  });

  it.each([null, undefined, '', '   ', 'e', 'zzz', 'und', 'klingon', 'english', '-US'])('%j → null', (code) => {
    expect(normalizeLanguage(code)).toBeNull();
  });

  it.each(['42', 'e1', '!!'])('%j, not a language code, → null', (code) => {
    expect(normalizeLanguage(code)).toBeNull();
  });
});

describe('languageText', () => {
  it.each([
    ['RT @Ocado loving it', 'loving it'],
    ['so good #OcadoFail #late', 'so good'],
    ['see https://t.co/abc?x=1 now', 'see now'],
    ['see http://ocado.com/a/b now', 'see now'],
    ['＠Ocado ＃Fail fine', 'fine'],
    ['mail @ocado.help today', 'mail today'],
    ['plain text stays', 'plain text stays'],
    ['RTL and RTs are words', 'RTL and RTs are words'],
  ])('%j keeps only %j', (text, words) => {
    expect(languageText(text).split(/\s+/).filter(Boolean).join(' ')).toBe(words);
  });
});

describe('--lang as typed', () => {
  it('takes a code that names a language, normalised; refuses one that names none', () => {
    expect(parseLanguageFlag('PL')).toBe('pl');
    expect(parseLanguageFlag('en-GB')).toBe('en');
    expect(parseLanguageFlag('deu')).toBe('de');
    for (const bad of ['zz', 'xx', 'english', '']) {
      expect(() => parseLanguageFlag(bad), bad).toThrow(`--lang: expected a language code such as en, de or pl, got "${bad}"`);
    }
  });
});
