import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { NamedSourceConfig } from '../config/schema.js';
import { SECRET_KEYS } from '../config/secrets.js';

/** Settings that say how much or how a source is read, not what it reads. */
const NOT_IDENTITY = new Set(['name', 'channel', 'maxPages']);

/**
 * What a source reads, as a digest of its settings: its type, file path (as resolved), address,
 * query and the like. Its name, channel, page cap and credentials are left out, so a new token or
 * a higher maxPages is the same source; a digest, so nothing of the settings is stored.
 */
export function sourceIdentity(source: NamedSourceConfig, baseDir: string): string {
  const secrets = SECRET_KEYS[source.type] ?? [];
  const settings = Object.entries(source)
    .filter(([key, value]) => !NOT_IDENTITY.has(key) && !secrets.includes(key) && value !== undefined)
    .map(([key, value]) => [key, key === 'path' && typeof value === 'string' ? resolve(baseDir, value) : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

/** A name written by the config's defaulting (`feed`, `feed-2`), as opposed to one given. */
function isPlaceName(source: Pick<NamedSourceConfig, 'name' | 'type'>): boolean {
  return source.name === source.type || (source.name.startsWith(`${source.type}-`) && /^\d+$/.test(source.name.slice(source.type.length + 1)));
}

/**
 * A source's history (its cursor, and the ids of the posts it stored) is kept under its name, and
 * sources without a name are named by their place among those of their type (`feed`, then
 * `feed-1` and `feed-2` once a second is added): adding, removing or moving one hands names, and
 * histories, to other sources, which would then fetch, store and alert on their posts again.
 * Told before a scan: a source whose identity is stored under another name, and two sources that
 * read the same. Pure.
 */
export function renamedSourceProblems(
  configured: readonly (Pick<NamedSourceConfig, 'name' | 'type'> & { identity: string })[],
  stored: ReadonlyMap<string, string | null>,
  /** The sources about to be scanned (`scan --source`): only theirs are checked. */
  scanned: readonly string[] = configured.map((s) => s.name),
): string[] {
  const problems: string[] = [];
  const storedAs = new Map<string, string[]>();
  for (const [name, identity] of stored) if (identity) storedAs.set(identity, [...(storedAs.get(identity) ?? []), name]);
  for (const source of configured.filter((s) => scanned.includes(s.name))) {
    const twin = configured.find((other) => other !== source && other.identity === source.identity);
    if (twin) {
      if (configured.indexOf(twin) < configured.indexOf(source)) {
        problems.push(`sources: "${twin.name}" and "${source.name}" read the same: every post would be stored twice; remove one`);
      }
      continue;
    }
    if (!isPlaceName(source) || stored.get(source.name) === source.identity) continue;
    const earlier = (storedAs.get(source.identity) ?? []).filter((name) => name !== source.name && isPlaceName({ name, type: source.type }));
    if (earlier.length === 0) continue;
    problems.push(
      `sources: the ${source.type} source now named "${source.name}" has its history under "${earlier[0]}", as sources without a name are numbered by their place among those of their type: ` +
        `give it name: ${earlier[0]} (and the other ${source.type} sources names of their own) to keep it; scanned as it is, its posts would be fetched, stored and alerted on again`,
    );
  }
  return problems;
}
