const COMBINING_MARKS = /\p{M}+/gu;
/** Three or more of one letter are an elongation ("niiiike"); two may be real spelling. */
const ELONGATION = /(\p{L})\1{2,}/gu;

/** Case, diacritics and elongations folded away; what matching compares. */
export function fold(word: string): string {
  let s = word.toLowerCase();
  // Only decompose when needed: most words are plain ASCII and this is the hot path.
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(COMBINING_MARKS, '').replace(/ß/g, 'ss').replace(/ł/g, 'l').replace(/đ/g, 'd').replace(/ø/g, 'o');
  return s.replace(ELONGATION, '$1');
}

/** Words of a configured term, folded: "Coca-Cola" → ["coca", "cola"], "McDonald's" → ["mcdonald"]. */
export function foldTerm(term: string): string[] {
  // Posts lose the possessive when tokenized ("Tesco's" is Tesco), so names lose it too.
  return term
    .replace(/['’]s\b/giu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(fold);
}
