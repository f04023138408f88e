// Deterministic generator of realistic posts for benchmarks: several languages, emoji, URLs,
// handles, hashtags; about one post in five mentions one of the brands, a share misspelled.
import { misspell } from '../scripts/typos.js';

export function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const WORDS = {
  en: 'the a my order was late again and the app crashed at checkout so I am waiting for a refund love this new delivery slot great service thanks team why is the website down every evening never again switching to another shop please help with my account it arrived broken nice packaging but no milk today store near me open best price ever'.split(' '),
  de: 'die Lieferung kam wieder zu spät und die App ist abgestürzt ich warte noch auf meine Rückerstattung super Service danke schön warum ist die Seite down nie wieder bitte helft mir'.split(' '),
  es: 'mi pedido llegó tarde otra vez y la aplicación falló estoy esperando el reembolso me encanta el servicio gracias equipo por qué no funciona la web nunca más'.split(' '),
  pl: 'moje zamówienie znowu się spóźniło aplikacja się zawiesiła czekam na zwrot pieniędzy świetna obsługa dziękuję dlaczego strona nie działa nigdy więcej'.split(' '),
  hu: 'a rendelésem megint késett az alkalmazás összeomlott várom a visszatérítést nagyszerű szolgáltatás köszönöm miért nem működik soha többé'.split(' '),
};
const LANGS = Object.keys(WORDS);
const EMOJI = ['😡', '😍', '👍', '🙄', '😭', '🎉', '❤️', '🤦'];
const SYLLABLES = 'zen tri mav ora lux vel qua dro nix par sol ket bri fon gal hex ion jet kor lim nov pex rum sta tek ula vio wex yar zol ban cor dex fal gor hul ina jor kal mon'.split(' ');

/** `count` brands with `variants` terms each (name + aliases), as earshot's brand config. */
export function makeBrands(count, variants, seed = 7) {
  const rand = prng(seed);
  const seen = new Set();
  const word = (parts) => {
    // Unique names; a longer one when the short ones run out.
    for (let tries = 0; ; tries++) {
      if (tries > 50) parts++;
      let w = '';
      for (let i = 0; i < parts; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
      if (!seen.has(w)) {
        seen.add(w);
        return w[0].toUpperCase() + w.slice(1);
      }
    }
  };
  return Array.from({ length: count }, () => {
    const name = word(2 + Math.floor(rand() * 2));
    const aliases = Array.from({ length: variants - 1 }, (_, i) => (i % 3 === 2 ? `${name} ${word(2)}` : word(2 + Math.floor(rand() * 2))));
    return { name, handles: [], aliases, hashtags: [], domains: [], exclude: [], fuzzy: 'auto', competitor: false, context: [], caseSensitive: false, languages: [] };
  });
}

/**
 * Real text has a long tail of rare words (names, typos, slang): a fifth of the words come from
 * a pool of 50,000 made-up ones, with a Zipf-like skew, so caches cannot make everything cheap.
 */
function makeLongTail(rand, size) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: size }, () => {
    const n = 3 + Math.floor(rand() * 9);
    let w = '';
    for (let i = 0; i < n; i++) w += letters[Math.floor(rand() * 26)];
    return w;
  });
}

/** `count` posts; brand terms are drawn from `brands`. */
export function makePosts(count, brands, seed = 42) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const tail = makeLongTail(rand, 50_000);
  const rare = () => tail[Math.floor(tail.length * rand() ** 2)];
  const posts = new Array(count);
  for (let i = 0; i < count; i++) {
    const lang = pick(LANGS);
    const words = Array.from({ length: 8 + Math.floor(rand() * 25) }, () => (rand() < 0.2 ? rare() : pick(WORDS[lang])));
    if (rand() < 0.2) {
      const b = pick(brands);
      let term = rand() < 0.5 ? b.name : pick(b.aliases);
      if (rand() < 0.2) term = term.split(' ').map((w) => (w.length >= 5 ? misspell(w, rand) : w)).join(' ');
      words.splice(Math.floor(rand() * words.length), 0, rand() < 0.1 ? `#${term.replace(/ /g, '')}` : term);
    }
    if (rand() < 0.3) words.push(pick(EMOJI));
    if (rand() < 0.2) words.push(`https://example.com/p/${i}`);
    if (rand() < 0.2) words.unshift(`@user${Math.floor(rand() * 1000)}`);
    posts[i] = { source: 'bench', id: String(i), channel: 'social', createdAt: new Date(1_767_225_600_000 + i * 1000).toISOString(), text: words.join(' '), language: lang };
  }
  return posts;
}
