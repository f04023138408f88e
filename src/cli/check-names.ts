import { UsageError } from '../errors.js';

export interface KnownBrand {
  name: string;
  competitor: boolean;
  /** A topic of the config (or a stored topic mention): matched by a query, not a brand. */
  topic?: boolean;
}

export interface CheckBrandOptions {
  /** Refuse competitors and topics: a report is on own brands. */
  ownOnly?: boolean;
  /** Where names were looked for, for the message. */
  where?: string;
  /** A last look for a name the lists lack (a topic or a false positive stored long ago). */
  probe?: (name: string) => KnownBrand | undefined;
}

/**
 * `--brand` names that are in neither the config nor the database: a typo would otherwise list
 * nothing and exit 0, which a cron job reads as "no mentions". Names compare as matching does,
 * case-blind.
 */
export function checkBrandNames(given: readonly string[] | undefined, known: readonly KnownBrand[], options: CheckBrandOptions = {}): void {
  const { ownOnly = false, where = 'the config or the database', probe } = options;
  // Only for a message: sorting names in locale order sets up a collator, ~6 ms.
  const own = () => uniqueNames(known.filter((b) => !b.competitor && !b.topic));
  for (const name of given ?? []) {
    const found = known.find((b) => b.name.toLowerCase() === name.toLowerCase()) ?? probe?.(name);
    if (!found) {
      const names = ownOnly ? own() : uniqueNames(known);
      throw new UsageError(`--brand: no brand "${name}" in ${where}; ${names.length ? `known: ${names.join(', ')}` : 'none is known yet'}`);
    }
    if (ownOnly && (found.competitor || found.topic)) {
      const what = found.topic ? 'a topic' : 'a competitor';
      const names = own();
      throw new UsageError(`--brand: ${found.name} is ${what}; give one of your own brands${names.length ? ` (${names.join(', ')})` : ''}`);
    }
  }
}

/** `--source` names that are in neither the config nor the database. */
export function checkSourceNames(given: readonly string[] | undefined, known: readonly string[], probe?: (name: string) => boolean): void {
  for (const name of given ?? []) {
    if (known.includes(name) || probe?.(name)) continue;
    const names = [...new Set(known)].sort();
    throw new UsageError(`--source: no source "${name}" in the config or the database; ${names.length ? `known: ${names.join(', ')}` : 'none is known yet'}`);
  }
}

/** The brands (and topics) a config names, then those the database holds. */
export function knownBrands(
  config: { brands: readonly { name: string; competitor: boolean }[]; topics?: readonly { name: string }[] } | undefined,
  stored: readonly KnownBrand[],
): KnownBrand[] {
  return [
    ...(config?.brands ?? []).map((b) => ({ name: b.name, competitor: b.competitor })),
    ...(config?.topics ?? []).map((t) => ({ name: t.name, competitor: false, topic: true })),
    ...stored,
  ];
}

function uniqueNames(brands: readonly KnownBrand[]): string[] {
  return [...new Set(brands.map((b) => b.name))].sort((a, b) => a.localeCompare(b));
}
