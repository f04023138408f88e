import { UsageError } from '../errors.js';

/** `--tz`: an IANA zone such as Europe/London; an unknown one is a usage error. */
export function parseTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`--tz: unknown time zone "${zone}" (expected an IANA name such as Europe/London or UTC)`);
  }
}

/** `2026-03-01 14:05` in `zone`: tables are for people; machine formats stay ISO-8601 UTC. */
export function formatLocalTime(iso: string, zone: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '?';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
