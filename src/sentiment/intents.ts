import type { SentimentLabel } from '../types.js';
import { cuesFor } from './cues-languages.js';

/** What a post wants, beyond how it feels: drives who should answer and how fast. */
export type Intent = 'complaint' | 'question' | 'praise' | 'purchase' | 'churn';
export const INTENTS: readonly Intent[] = ['complaint', 'question', 'praise', 'purchase', 'churn'];

/** An intent and the phrase that showed it, for `--explain`. */
export interface FoundIntent {
  intent: Intent;
  cue: string;
}

type PhraseTable = Partial<Record<Intent, string>>;

/**
 * Hand-written cue phrases, `|`-separated, matched at the start of a word in the lowercased text,
 * so "cancel" also finds "cancelled". Kept short on purpose: a phrase here must mean the intent in
 * almost any post. Complaint and praise also need the post's sentiment to agree.
 */
const PHRASES: Record<string, PhraseTable> = {
  en: {
    complaint: "still waiting|still not|never arrived|never received|not working|doesn't work|doesnt work|stopped working|broken|refund|overcharged|charged twice|worst|terrible service|unacceptable|disappointed|complaint|no reply|no response|fix this|sort this out",
    question: 'how do i|how can i|how to|does anyone|can anyone|can you|could you|is there|is it possible|anyone know|any idea|why is|why does|when will|where is',
    praise: 'thank you|thanks|love|great job|well done|amazing|excellent|awesome|brilliant|best service|highly recommend|kudos',
    purchase: 'want to buy|looking to buy|where can i buy|how much is|how much does|price of|pricing|quote for|free trial|demo of|sign up for|considering switching to|looking for a|recommend a|any recommendations',
    churn: 'cancel my|cancelling|canceling|close my account|unsubscribe|switching to|switched to|moving to|never again|never using|never buying|done with|last time i|lawyer|ombudsman|trading standards|chargeback|report you',
  },
  de: {
    complaint: 'warte immer noch|immer noch nicht|nie angekommen|funktioniert nicht|geht nicht|kaputt|defekt|rückerstattung|erstattung|frechheit|unverschämt|enttäuscht|beschwerde|keine antwort|katastrophe|schlechtester',
    question: 'wie kann ich|wie geht|weiß jemand|weiss jemand|kann mir jemand|könnt ihr|koennt ihr|gibt es|wann kommt|warum ist|wo ist',
    praise: 'danke|vielen dank|super service|toll|klasse|großartig|grossartig|hervorragend|empfehlenswert|top service',
    purchase: 'kaufen|bestellen möchte|was kostet|wie viel kostet|preis für|angebot für|testversion|suche ein|empfehlung für',
    churn: 'kündigen|kündige|kündigung|konto löschen|wechsle zu|gewechselt zu|nie wieder|anwalt|verbraucherzentrale|schlichtungsstelle',
  },
  es: {
    complaint: 'sigo esperando|todavía no|todavia no|nunca llegó|nunca llego|no funciona|roto|rota|reembolso|devolución|devolucion|vergüenza|verguenza|inaceptable|decepcionado|decepcionada|reclamación|reclamacion|queja|sin respuesta|pésimo|pesimo',
    question: 'cómo puedo|como puedo|cómo se|como se|alguien sabe|pueden|podrían|podrian|hay alguna|cuándo|cuando llega|por qué|dónde está|donde esta',
    praise: 'gracias|me encanta|excelente|genial|increíble|increible|buen servicio|lo recomiendo|felicidades',
    purchase: 'quiero comprar|dónde comprar|donde comprar|cuánto cuesta|cuanto cuesta|precio de|presupuesto|prueba gratis|busco un|busco una|me recomiendan',
    churn: 'cancelar mi|darme de baja|dar de baja|cambiarme a|me cambio a|nunca más|nunca mas|abogado|denunciar',
  },
  fr: {
    complaint: "toujours pas|j'attends toujours|jamais reçu|jamais recu|ne marche pas|ne fonctionne pas|en panne|cassé|casse|remboursement|inadmissible|inacceptable|déçu|decu|déçue|réclamation|reclamation|aucune réponse|honteux|nul",
    question: 'comment puis-je|comment faire|quelqu\'un sait|pouvez-vous|est-ce que|y a-t-il|pourquoi|quand est-ce|où est|ou est',
    praise: 'merci|j\'adore|génial|genial|excellent|super service|bravo|top|je recommande',
    purchase: 'acheter|combien coûte|combien coute|prix de|devis|essai gratuit|je cherche un|je cherche une|vous recommandez',
    churn: 'résilier|resilier|résiliation|resiliation|supprimer mon compte|je passe chez|plus jamais|avocat|60 millions|signalconso',
  },
  it: {
    complaint: 'ancora non|sto ancora aspettando|mai arrivato|mai arrivata|non funziona|rotto|rotta|rimborso|vergogna|inaccettabile|deluso|delusa|reclamo|nessuna risposta|pessimo|pessima',
    question: 'come posso|come si fa|qualcuno sa|potete|c\'è un modo|perché|perche|quando arriva|dov\'è|dove è',
    praise: 'grazie|adoro|fantastico|ottimo|eccellente|bravissimi|complimenti|consiglio',
    purchase: 'comprare|acquistare|quanto costa|prezzo di|preventivo|prova gratuita|cerco un|cerco una|mi consigliate',
    churn: 'disdire|disdetta|cancellare il mio|chiudere il conto|passo a|mai più|mai piu|avvocato|altroconsumo|denuncia',
  },
  pt: {
    complaint: 'ainda não|ainda nao|continuo esperando|nunca chegou|não funciona|nao funciona|quebrado|quebrada|reembolso|estorno|vergonha|inaceitável|inaceitavel|decepcionado|decepcionada|reclamação|reclamacao|sem resposta|péssimo|pessimo',
    question: 'como posso|como faço|como faco|alguém sabe|alguem sabe|vocês podem|voces podem|tem como|por que|quando chega|onde está|onde esta',
    praise: 'obrigado|obrigada|adoro|amei|excelente|ótimo|otimo|maravilhoso|recomendo|parabéns|parabens',
    purchase: 'quero comprar|onde comprar|quanto custa|preço de|preco de|orçamento|orcamento|teste grátis|teste gratis|procuro um|procuro uma|me recomendam',
    churn: 'cancelar minha|cancelar meu|encerrar minha conta|vou mudar para|mudei para|nunca mais|advogado|procon|reclame aqui',
  },
  nl: {
    complaint: 'nog steeds niet|wacht nog steeds|nooit aangekomen|werkt niet|kapot|defect|terugbetaling|geld terug|schandalig|onacceptabel|teleurgesteld|klacht|geen reactie|geen antwoord|slechtste',
    question: 'hoe kan ik|hoe moet ik|weet iemand|kunnen jullie|kan iemand|is er een|waarom|wanneer komt|waar is',
    praise: 'bedankt|dank je|dankjewel|geweldig|top service|super|fantastisch|uitstekend|aanrader|compliment',
    purchase: 'kopen|bestellen|wat kost|hoeveel kost|prijs van|offerte|proefversie|op zoek naar|aanrader voor',
    churn: 'opzeggen|zeg op|account verwijderen|overstappen naar|stap over|nooit meer|advocaat|consumentenbond|geschillencommissie',
  },
  pl: {
    complaint: 'nadal czekam|wciąż czekam|wciaz czekam|nadal nie|nie działa|nie dziala|zepsut|reklamacj|zwrot pieniędzy|zwrot pieniedzy|skandal|żenada|zenada|rozczarowan|brak odpowiedzi|najgorsz',
    question: 'jak mogę|jak moge|jak to|czy ktoś|czy ktos|czy można|czy mozna|czy jest|dlaczego|kiedy będzie|kiedy bedzie|gdzie jest',
    praise: 'dziękuję|dziekuje|dzięki|dzieki|super obsługa|świetn|swietn|polecam|rewelacja|brawo',
    purchase: 'chcę kupić|chce kupic|gdzie kupić|gdzie kupic|ile kosztuje|cena za|wycena|darmowy okres|szukam|polecicie',
    churn: 'rezygnuję|rezygnuje|rezygnacj|wypowiedzen|zamknąć konto|zamknac konto|przechodzę do|przechodze do|nigdy więcej|nigdy wiecej|prawnik|rzecznik konsumentów|uokik',
  },
  sl: {
    complaint: 'še vedno čakam|se vedno cakam|še vedno ne|ne deluje|ne dela|pokvarjen|reklamacij|vračilo|vracilo|sramota|nesprejemljivo|razočaran|razocaran|pritožb|pritozb|brez odgovora|najslabš',
    question: 'kako lahko|kako se|ali kdo|ali lahko|ali obstaja|zakaj|kdaj bo|kje je',
    praise: 'hvala|super storitev|odlično|odlicno|super|priporočam|priporocam|bravo',
    purchase: 'želim kupiti|zelim kupiti|kje kupiti|koliko stane|cena za|ponudb|brezplačen preizkus|iščem|iscem',
    churn: 'odpovedujem|odpoved|ukinitev računa|zapiram račun|prehajam k|nikoli več|nikoli vec|odvetnik|zveza potrošnikov',
  },
  hr: {
    complaint: 'još uvijek čekam|jos uvijek cekam|još čekam|i dalje ne|ne radi|pokvaren|reklamacij|povrat novca|sramota|neprihvatljivo|razočaran|razocaran|prigovor|žalba|zalba|bez odgovora|nitko se ne javlja|najgor',
    question: 'kako mogu|kako se|zna li netko|zna li neko|da li neko|možete li|mozete li|ima li|zašto|zasto|kada će|kada ce|gdje je|gde je',
    praise: 'hvala|odlično|odlicno|super usluga|preporučujem|preporucujem|svaka čast|svaka cast|bravo',
    purchase: 'želim kupiti|zelim kupiti|hoću da kupim|gdje kupiti|gde kupiti|koliko košta|koliko kosta|cijena|cena za|ponud|tražim|trazim',
    churn: 'otkazujem|otkaz|raskid ugovora|raskinuti ugovor|prelazim na|prelazim u|nikad više|nikad vise|nikada više|odvjetnik|advokat|inspekcij',
  },
  hu: {
    complaint: 'még mindig várok|meg mindig varok|még mindig nem|nem működik|nem mukodik|elromlott|hibás|hibas|visszatérítés|visszaterites|pénzvisszafizetés|felháborító|felhaborito|elfogadhatatlan|csalódott|csalodott|panasz|nem válaszol|nem valaszol|legrosszabb',
    question: 'hogyan tudom|hogy lehet|tud valaki|tudnátok|tudnatok|van-e|miért|miert|mikor jön|mikor jon|hol van',
    praise: 'köszönöm|koszonom|köszi|koszi|szuper|kiváló|kivalo|nagyszerű|nagyszeru|ajánlom|ajanlom|imádom|imadom',
    purchase: 'szeretnék venni|szeretnek venni|hol lehet venni|mennyibe kerül|mennyibe kerul|mennyi az ára|árajánlat|arajanlat|ingyenes próba|keresek',
    churn: 'felmondom|felmondás|felmondas|lemondom|lemondás|fiók törlése|átmegyek|atmegyek|soha többé|soha tobbe|ügyvéd|ugyved|fogyasztóvédelem|fogyasztovedelem',
  },
};
PHRASES.sr = PHRASES.hr!;
PHRASES.bs = PHRASES.hr!;

/** One cue phrase, filed under its first two characters. */
interface Cue {
  intent: number;
  phrase: string;
}

interface LanguageCues {
  /** Phrases by their first two characters, in table order. */
  byPair: Map<number, Cue[]>;
  /** 1 for each character some phrase starts with: most words are passed over on this alone. */
  starts: Uint8Array;
}

const compiled = new Map<string, LanguageCues>();

/**
 * The language's phrases filed by their first two characters, in table order, built the first
 * time the language is needed. Trying only the phrases that can start at each word keeps intent
 * detection cheap enough to run on every mention at import, where one regex per intent was not.
 */
function cuesByPrefix(language: string): LanguageCues {
  let found = compiled.get(language);
  if (found) return found;
  const table = PHRASES[language] ?? PHRASES.en!;
  const byPair = new Map<number, Cue[]>();
  const starts = new Uint8Array(65_536);
  INTENTS.forEach((intent, i) => {
    for (const phrase of table[intent]?.split('|') ?? []) {
      const key = pairAt(phrase, 0);
      const list = byPair.get(key) ?? [];
      list.push({ intent: i, phrase });
      byPair.set(key, list);
      starts[phrase.charCodeAt(0)] = 1;
    }
  });
  compiled.set(language, (found = { byPair, starts }));
  return found;
}

export interface DetectIntentsInput {
  text: string;
  language: string | null | undefined;
  sentiment: SentimentLabel;
}

/**
 * The intents a post shows, each with the phrase that showed it. A question needs a question
 * phrase or a "?"; complaints need a sentiment that is not positive and praise one that is not
 * negative, so "thanks for nothing, still waiting" is no praise.
 */
export function detectIntents({ text, language, sentiment }: DetectIntentsInput): FoundIntent[] {
  let lower = text.toLowerCase();
  // Most posts have neither: a test is cheaper than a replace that copies the text anyway.
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  if (lower.includes('http')) lower = lower.replace(/https?:\/\/\S+/g, ' ');
  const { negators } = cuesFor(language);
  const { byPair, starts } = cuesByPrefix(language ?? 'en');
  const skip = INTENTS.map((intent) => (intent === 'complaint' && sentiment === 'positive') || (intent === 'praise' && sentiment === 'negative'));
  // One slot per intent, written out: V8 reads these faster than arrays grown or made by map().
  const found: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  // A negated phrase is passed over as a whole, as a regex scan would, before looking again.
  const resumeAt = [0, 0, 0, 0, 0];
  let inWord = false;
  const n = lower.length;
  for (let at = 0; at < n; at++) {
    const code = lower.charCodeAt(at);
    if (!isWordChar(code)) {
      inWord = false;
      continue;
    }
    if (inWord) continue;
    inWord = true;
    if (starts[code] === 0) continue;
    const candidates = byPair.get(pairAt(lower, at));
    if (candidates === undefined) continue;
    let tried = -1;
    // An indexed loop: destructuring each cue through an iterator cost a tenth of detection.
    for (let k = 0; k < candidates.length; k++) {
      const cue = candidates[k]!;
      const intent = cue.intent;
      if (skip[intent] || found[intent] !== undefined || intent === tried || resumeAt[intent]! > at) continue;
      if (!lower.startsWith(cue.phrase, at)) continue;
      tried = intent;
      // "nie polecam" is no praise: a phrase right after a negator does not count.
      if (negators.has(wordBefore(lower, at))) resumeAt[intent] = at + cue.phrase.length;
      else found[intent] = cue.phrase;
    }
  }
  const out: FoundIntent[] = [];
  INTENTS.forEach((intent, i) => {
    const cue = found[i];
    if (cue !== undefined) out.push({ intent, cue });
    else if (intent === 'question' && /\?(\s|$)/.test(lower)) out.push({ intent, cue: '?' });
  });
  return out;
}

/** The two UTF-16 units at `at` as one number (every phrase is at least two characters long). */
function pairAt(text: string, at: number): number {
  return text.charCodeAt(at) * 65_536 + (text.charCodeAt(at + 1) || 0);
}

const OTHER = 1;
const LETTER = 2;
const DIGIT = 3;
/** Each UTF-16 unit's class, filled in as met (0: not yet); a lone surrogate counts as other. */
const classes = new Uint8Array(65_536);

function classOf(code: number): number {
  let c = classes[code]!;
  if (c === 0) {
    const ch = String.fromCharCode(code);
    classes[code] = c = /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? DIGIT : OTHER;
  }
  return c;
}

function isWordChar(code: number): boolean {
  return classOf(code) !== OTHER;
}

function isLetterOrApostrophe(code: number): boolean {
  return code === 39 || classOf(code) === LETTER;
}

/** The last word (letters and apostrophes) in the 24 characters before `at`. */
function wordBefore(text: string, at: number): string {
  const from = Math.max(0, at - 24);
  let end = at;
  while (end > from && !isLetterOrApostrophe(text.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > from && isLetterOrApostrophe(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}
