import type { NamedSourceConfig } from '../config/schema.js';

/**
 * Sources without a name are named by type, and numbered when several share one (`mastodon`,
 * then `mastodon-1` and `mastodon-2` once a second is added), while a source's history (its
 * cursor, and the ids of the posts it stored) is kept under its name. So adding or removing one
 * renames the others, and a renamed source would fetch, store and alert on its posts again.
 * Told here before a scan: a history stored under a name of that form that is no longer
 * configured, while a configured source of that type has none. Pure.
 */
export function renamedSourceProblems(
  configured: readonly Pick<NamedSourceConfig, 'name' | 'type'>[],
  stored: ReadonlySet<string>,
  /** The sources about to be scanned (`scan --source`): only theirs are checked. */
  scanned: readonly Pick<NamedSourceConfig, 'name' | 'type'>[] = configured,
): string[] {
  const names = new Set(configured.map((s) => s.name));
  const problems: string[] = [];
  for (const type of new Set(scanned.map((s) => s.type))) {
    const byType = new RegExp(`^${type}(-\\d+)?$`);
    const fresh = scanned.filter((s) => s.type === type && byType.test(s.name) && !stored.has(s.name)).map((s) => s.name);
    const orphans = [...stored].filter((name) => byType.test(name) && !names.has(name)).sort();
    if (fresh.length === 0 || orphans.length === 0) continue;
    problems.push(
      `sources: the ${type} ${orphans.length > 1 ? 'sources stored as' : 'source stored as'} ${orphans.map((n) => `"${n}"`).join(', ')} ` +
        `${orphans.length > 1 ? 'are' : 'is'} now ${fresh.map((n) => `"${n}"`).join(', ')}, as sources without a name are numbered when several share a type: ` +
        `to keep its history, give ${orphans.length > 1 ? 'each' : 'it'} back its name (name: ${orphans[0]}) and the other ${type} sources names of their own; ` +
        `scanned as they are, their posts would be fetched, stored and alerted on again`,
    );
  }
  return problems;
}
