import { UsageError } from '../errors.js';

export interface KnownBrand {
  name: string;
  competitor: boolean;
}

/**
 * `--brand` names that are in neither the config nor the database: a typo would otherwise list
 * nothing and exit 0, which a cron job reads as "no mentions". Names compare as matching does,
 * case-blind. With `ownOnly`, a competitor is refused too (a report is on own brands).
 */
export function checkBrandNames(
  given: readonly string[] | undefined,
  known: readonly KnownBrand[],
  { ownOnly = false, where = 'the config or the database' } = {},
): void {
  const own = uniqueNames(known.filter((b) => !b.competitor));
  for (const name of given ?? []) {
    const found = known.find((b) => b.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      const names = ownOnly ? own : uniqueNames(known);
      throw new UsageError(`--brand: no brand "${name}" in ${where}; ${names.length ? `known: ${names.join(', ')}` : 'none is known yet'}`);
    }
    if (ownOnly && found.competitor) {
      throw new UsageError(`--brand: ${found.name} is a competitor; give one of your own brands${own.length ? ` (${own.join(', ')})` : ''}`);
    }
  }
}

/** `--source` names that are in neither the config nor the database. */
export function checkSourceNames(given: readonly string[] | undefined, known: readonly string[]): void {
  for (const name of given ?? []) {
    if (known.includes(name)) continue;
    const names = [...new Set(known)].sort();
    throw new UsageError(`--source: no source "${name}" in the config or the database; ${names.length ? `known: ${names.join(', ')}` : 'none is known yet'}`);
  }
}

/** The brands (and topics) a config names, then those the database holds. */
export function knownBrands(config: { brands: readonly KnownBrand[]; topics?: readonly { name: string }[] } | undefined, stored: readonly KnownBrand[]): KnownBrand[] {
  return [
    ...(config?.brands ?? []).map((b) => ({ name: b.name, competitor: b.competitor })),
    ...(config?.topics ?? []).map((t) => ({ name: t.name, competitor: false })),
    ...stored,
  ];
}

function uniqueNames(brands: readonly KnownBrand[]): string[] {
  return [...new Set(brands.map((b) => b.name))].sort((a, b) => a.localeCompare(b));
}
