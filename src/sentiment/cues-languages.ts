import { BOOSTERS, CONTRAST, NEGATORS } from './cues.js';

/** The function words one language's scorer needs: what flips, scales or outweighs a sentiment word. */
export interface LanguageCues {
  /** Words that flip the next few words' polarity (folded, lowercase). */
  negators: ReadonlySet<string>;
  /** Words that scale the next sentiment word: 1.5 stronger, 0.6 weaker. */
  boosters: Readonly<Record<string, number>>;
  /** Words that start a clause outweighing the one before ("but"). */
  contrast: ReadonlySet<string>;
  /** A suffix that makes any word a negator (English "n't"). */
  negatorSuffix?: string;
  /** A prefix that makes any word a negator (French "n'est"). */
  negatorPrefix?: string;
}

const STRONG = 1.5;
const WEAK = 0.6;

/** Builds a booster table from stronger and weaker words. */
function boosters(stronger: string, weaker: string): Record<string, number> {
  const table: Record<string, number> = {};
  for (const w of stronger.split(' ')) table[w] = STRONG;
  for (const w of weaker.split(' ')) table[w] = WEAK;
  return table;
}

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

/** Croatian, Serbian and Bosnian in Latin script share their function words (ijekavian and ekavian). */
const SHTOKAVIAN: LanguageCues = {
  negators: words('ne ni nije nisam nisi nismo niste nisu nikad nikada ništa nista nitko niko bez nema nemam nemoj nikako nijedan'),
  boosters: boosters('jako vrlo baš bas stvarno super toliko previše previse totalno potpuno najviše', 'malo pomalo jedva donekle'),
  contrast: words('ali ipak međutim medjutim medutim nego već vec iako mada doduše dodjuše'),
};

/**
 * Hand-written per language (not taken from any dataset). Slavic negation is mostly the particle
 * ne/nie/nem placed before the verb; contrast words include the conjunctions that open a
 * contrasting clause in ordinary tweets.
 */
export const LANGUAGE_CUES: Readonly<Record<string, LanguageCues>> = {
  en: { negators: NEGATORS, boosters: BOOSTERS, contrast: CONTRAST, negatorSuffix: "n't" },
  de: {
    negators: words('nicht nich net nie niemals kein keine keinen keinem keiner keines nichts niemand ohne weder'),
    boosters: boosters('sehr echt total voll extrem super richtig so absolut wirklich besonders mega ziemlich', 'etwas bisschen kaum wenig leicht eher'),
    contrast: words('aber doch jedoch allerdings trotzdem sondern dennoch obwohl'),
  },
  es: {
    negators: words('no nunca jamás jamas nadie nada ni sin tampoco ningún ningun ninguna ninguno'),
    boosters: boosters('muy mucho muchísimo muchisimo tan tanto súper super demasiado totalmente realmente bastante re', 'poco algo apenas ligeramente'),
    contrast: words('pero sino aunque embargo'),
  },
  fr: {
    negators: words('ne pas jamais rien personne aucun aucune sans ni non'),
    boosters: boosters('très tres trop vraiment super hyper tellement totalement extrêmement absolument', 'peu assez légèrement plutôt'),
    contrast: words('mais cependant pourtant toutefois néanmoins quoique'),
    negatorPrefix: "n'",
  },
  it: {
    negators: words('non mai niente nulla nessuno nessuna senza né neanche nemmeno'),
    boosters: boosters('molto tanto troppo davvero super proprio veramente assolutamente estremamente così', 'poco abbastanza leggermente'),
    contrast: words('ma però pero tuttavia eppure invece comunque'),
  },
  pt: {
    negators: words('não nao nunca jamais nada nenhum nenhuma ninguém ninguem sem nem'),
    boosters: boosters('muito muita tão tao super demais bastante totalmente realmente extremamente', 'pouco meio levemente'),
    contrast: words('mas porém porem contudo todavia entretanto embora'),
  },
  nl: {
    negators: words('niet geen nooit niets niemand zonder noch nergens'),
    boosters: boosters('heel erg zeer echt super zo hartstikke enorm ontzettend totaal', 'beetje wat nauwelijks redelijk'),
    contrast: words('maar echter toch hoewel alhoewel'),
  },
  pl: {
    negators: words('nie nigdy nic nikt żaden zaden żadna zadna żadne bez ani'),
    boosters: boosters('bardzo mega super strasznie naprawdę naprawde totalnie zupełnie zupelnie całkiem calkiem najbardziej', 'trochę troche nieco lekko mało malo'),
    contrast: words('ale lecz jednak natomiast chociaż chociaz choć choc'),
  },
  sl: {
    negators: words('ne ni nisem nisi nismo niste niso nikoli nič nic nihče nihce brez noben nobena nobeno'),
    boosters: boosters('zelo res super čisto cisto tako preveč prevec najbolj izredno popolnoma', 'malo nekoliko rahlo komaj'),
    contrast: words('ampak vendar toda čeprav ceprav sicer'),
  },
  hr: SHTOKAVIAN,
  sr: SHTOKAVIAN,
  bs: SHTOKAVIAN,
  hu: {
    negators: words('nem ne nincs nincsen sosem soha semmi senki sem nélkül nelkul'),
    boosters: boosters('nagyon igazán igazan annyira szuper rendkívül rendkivul teljesen túl tul iszonyú borzasztóan', 'kicsit kissé kisse alig eléggé'),
    contrast: words('de viszont azonban mégis megis pedig bár bar ellenben'),
  },
};

/** The cues for a language, English when it has none of its own. */
export function cuesFor(language: string | null | undefined): LanguageCues {
  return (language && LANGUAGE_CUES[language]) || LANGUAGE_CUES.en!;
}
