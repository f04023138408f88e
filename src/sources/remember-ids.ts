/**
 * Ids to remember after a scan, oldest first: the earlier ones not seen again, then this scan's,
 * at most `max` (the oldest go first), so re-reading a feed or file yields nothing twice.
 */
export function rememberIds(previous: string[], current: Iterable<string>, max: number): string[] {
  const now = new Set(current);
  return [...previous.filter((id) => !now.has(id)), ...now].slice(-max);
}
