import { foldTerm } from '../match/fold.js';

/**
 * Brand rules the schema takes but that could never do what they say, found before any scan:
 * an exclude phrase that folds to the brand's own name (`#ocado`: punctuation and case go, and
 * then every mention of Ocado is dropped), a name, alias or phrase with no letters or digits (an
 * emoji alone: never matched, so a brand that needs context then never matches), and handles,
 * hashtags and domains that no post can contain (`@`, `#ocado fail`, `*.ocado.com`).
 */
export function ruleProblems(raw: unknown, at: (path: PropertyKey[]) => string): string[] {
  const brands = (raw as { brands?: unknown }).brands;
  if (!Array.isArray(brands)) return [];
  return brands.flatMap((brand: unknown, i) => (isObject(brand) ? brandProblems(brand, (path) => at(['brands', i, ...path])) : []));
}

function brandProblems(brand: Record<string, unknown>, at: (path: PropertyKey[]) => string): string[] {
  const problems: string[] = [];
  const own = new Map<string, string>();
  for (const term of [brand['name'], ...strings(brand['aliases'])]) {
    if (typeof term === 'string' && foldTerm(term).length > 0) own.set(foldTerm(term).join(' '), term);
  }
  // A name of marks alone ("!!!") is never found in text; its aliases, handles, tags or domains may be.
  const name = brand['name'];
  const foundOtherwise =
    strings(brand['aliases']).some((a) => foldTerm(a).length > 0) ||
    [brand['handles'], brand['hashtags'], brand['domains']].some((list) => strings(list).some((s) => s.trim() !== ''));
  if (typeof name === 'string' && name.trim() !== '' && foldTerm(name).length === 0 && !foundOtherwise) {
    problems.push(`${at(['name'])}: "${name}" has no letters or digits, so it can never be found in a post; give the brand an alias, a handle, a hashtag or a domain`);
  }
  eachFilled(brand['aliases'], (alias, j) => {
    if (foldTerm(alias).length === 0) problems.push(`${at(['aliases', j])}: "${alias}" has no letters or digits, so it can never be found`);
  });
  eachFilled(brand['exclude'], (phrase, j) => {
    const words = foldTerm(phrase);
    if (words.length === 0) problems.push(`${at(['exclude', j])}: "${phrase}" has no letters or digits, so it can never be found`);
    else if (own.has(words.join(' '))) {
      problems.push(`${at(['exclude', j])}: "${phrase}" reads as "${own.get(words.join(' '))}" itself (marks and case aside): it would drop every mention of it`);
    }
  });
  eachFilled(brand['context'], (phrase, j) => {
    if (foldTerm(phrase).length === 0) problems.push(`${at(['context', j])}: "${phrase}" has no letters or digits, so it can never be found`);
  });
  eachFilled(brand['handles'], (handle, j) => {
    const bare = handle.trim().replace(/^[@＠]+/, '');
    if (!bare || /\s/.test(bare)) problems.push(`${at(['handles', j])}: expected one account name, such as @OcadoSupport, got "${handle}"`);
  });
  eachFilled(brand['hashtags'], (tag, j) => {
    const bare = tag.trim().replace(/^[#＃]+/, '');
    if (!bare || /[\s#＃]/.test(bare)) problems.push(`${at(['hashtags', j])}: expected one tag, such as #OcadoFail, got "${tag}"`);
  });
  eachFilled(brand['domains'], (domain, j) => {
    const host = domain.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '').replace(/:\d+$/, '');
    if (!/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(host)) problems.push(`${at(['domains', j])}: expected a domain such as ocado.com (its subdomains count too), got "${domain}"`);
  });
  return problems;
}

/** The strings of a list the schema has not checked yet; anything else is its to report. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [];
}

/** Calls `check` on the list's non-blank strings with their index: blank and non-string ones are the schema's to report, once. */
function eachFilled(value: unknown, check: (s: string, j: number) => void): void {
  strings(value).forEach((s, j) => {
    if (s.trim() !== '') check(s, j);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
