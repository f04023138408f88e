/** "just now", "5m", "3h", "2d", "5w" ago: how a person reads the age of a post. */
export function relativeTime(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '?';
  const future = ms < 0;
  const s = Math.abs(ms) / 1000;
  const text =
    s < 60 ? 'now' : s < 3600 ? `${Math.floor(s / 60)}m` : s < 86400 ? `${Math.floor(s / 3600)}h` : s < 86400 * 14 ? `${Math.floor(s / 86400)}d` : s < 86400 * 365 ? `${Math.floor(s / 604800)}w` : `${Math.floor(s / 31_536_000)}y`;
  return future && text !== 'now' ? `in ${text}` : text;
}
