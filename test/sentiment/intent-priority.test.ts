import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/match/compile-rules.js';
import { matchText } from '../../src/match/match-post.js';
import { scoreMatches } from '../../src/sentiment/score-mentions.js';
import { makeBrand, makePost } from '../helpers/builders.js';

const rules = compileRules([makeBrand({ name: 'Ocado' })]);

function priorityOfPost(text: string, language: string): number {
  const post = makePost({ text, language });
  const [mention] = scoreMatches(post, matchText(post.text, rules));
  if (!mention) throw new Error(`no mention in ${JSON.stringify(text)}`);
  return mention.priority;
}

/**
 * Per language, posts in the order a social-care team should answer them: churn or escalation
 * risk, a complaint, a question, a plain negative post, a lead, neutral chatter, praise.
 */
const LADDERS: Record<string, [kind: string, text: string][]> = {
  en: [
    ['churn', "Ocado lost my order for the third time, I'm cancelling my subscription"],
    ['complaint', 'Ocado still waiting for my refund, half the order arrived broken'],
    ['question', 'Ocado how do I change the address for my next delivery?'],
    ['negative', 'Ocado delivery was late again and the driver was rude'],
    ['lead', 'Looking to buy an Ocado delivery pass, how much is it per month'],
    ['neutral', 'An Ocado van is parked on our street this morning'],
    ['praise', 'Thanks Ocado, great service and a lovely driver'],
  ],
  de: [
    ['churn', 'Ich kündige mein Ocado Abo, nie wieder so ein Chaos'],
    ['complaint', 'Ocado, ich warte immer noch auf die Erstattung, die Hälfte kam kaputt an'],
    ['question', 'Ocado, wie kann ich meine Lieferadresse ändern?'],
    ['negative', 'Ocado Lieferung schon wieder zu spät, echt schlecht'],
    ['lead', 'Was kostet das Ocado Jahresabo eigentlich'],
    ['neutral', 'Ocado liefert jetzt auch in Leipzig'],
    ['praise', 'Danke Ocado, super Service und ein sehr freundlicher Fahrer'],
  ],
  pl: [
    ['churn', 'Rezygnuję z Ocado, nigdy więcej takiego bałaganu'],
    ['complaint', 'Ocado nadal czekam na zwrot pieniędzy, połowa zamówienia przyszła zepsuta'],
    ['question', 'Ocado jak mogę zmienić adres dostawy?'],
    ['negative', 'Ocado dostawa znowu spóźniona, kierowca był niemiły'],
    ['lead', 'Ile kosztuje dostawa z Ocado do Krakowa'],
    ['neutral', 'Samochód Ocado stoi dziś pod naszym blokiem'],
    ['praise', 'Dziękuję Ocado, świetna obsługa i miły kierowca'],
  ],
  es: [
    ['churn', 'Voy a darme de baja de Ocado, nunca más'],
    ['complaint', 'Ocado todavía no me devuelven el dinero, qué vergüenza'],
    ['question', 'Ocado, ¿cómo puedo cambiar la dirección de entrega?'],
    ['negative', 'Ocado el pedido llegó tarde otra vez, muy mal'],
    ['lead', 'Quiero comprar la suscripción anual de Ocado'],
    ['neutral', 'La furgoneta de Ocado está hoy en mi calle'],
    ['praise', 'Gracias Ocado, excelente servicio y un repartidor muy amable'],
  ],
};

describe('intents in the priority of a mention', () => {
  it.each(Object.keys(LADDERS))('orders %s posts churn > complaint > question > negative > lead > neutral > praise', (language) => {
    const ladder = LADDERS[language]!;
    const ranked = ladder.map(([kind, text]) => [kind, priorityOfPost(text, language)] as const);
    const sorted = [...ranked].sort((a, b) => b[1] - a[1]);
    expect(sorted.map(([kind]) => kind)).toEqual(ladder.map(([kind]) => kind));
    // Strictly: no two kinds share a priority.
    expect(new Set(ranked.map(([, p]) => p)).size).toBe(ranked.length);
  });

  it('gives each brand in a post the intents of the post, weighed by its own clause', () => {
    const post = makePost({ text: 'Love Tesco, but Ocado still has not refunded me and I am cancelling my account', language: 'en' });
    const two = compileRules([makeBrand({ name: 'Ocado' }), makeBrand({ name: 'Tesco', competitor: true })]);
    const [tesco, ocado] = scoreMatches(post, matchText(post.text, two));
    expect(tesco!.sentiment).toBe('positive');
    expect(ocado!.sentiment).not.toBe('positive');
    // The churn phrase raises the brand of the unhappy clause, not the one the writer praises.
    expect(ocado!.priority).toBeGreaterThanOrEqual(600);
    expect(tesco!.priority).toBeLessThan(100);
  });
});

describe('a reply by e-mail', () => {
  it('is scored on its own words: the subject it inherits ("Re: Missing items") is the thread\'s', () => {
    const rules = compileRules([makeBrand({ name: 'Ocado' })]);
    const score = (title: string) => {
      const post = makePost({ title, text: `${title}\nThank you Ocado, great service, all sorted.`, language: 'en', channel: 'email' });
      const [mention] = scoreMatches(post, matchText(post.text, rules));
      return [mention!.sentiment, mention!.priority < 300];
    };
    expect(score('Re: Missing items, damaged and late')).toEqual(['positive', true]);
    expect(score('AW: Missing items, damaged and late')).toEqual(['positive', true]);
    // A first message's subject is its writer's own words.
    expect(score('Missing items, damaged and late')).not.toEqual(['positive', true]);
    // The subject still names the brand: a reply that names it only there is a mention.
    const post = makePost({ title: 'Re: Ocado order missing', text: 'Re: Ocado order missing\nAll sorted now, thank you!', language: 'en', channel: 'email' });
    expect(scoreMatches(post, matchText(post.text, rules))).toMatchObject([{ brand: 'Ocado', start: 4, sentiment: 'positive' }]);
  });
});
