import { z } from '../config/libs.js';

/**
 * A timestamp string that `Date` can read. Checked in the item schema so one item with a bad
 * date is skipped with a warning instead of `toISOString()` throwing and failing the whole source.
 */
export const dateStringSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');

/** A time of day at the very end of a date, with nothing after it: no zone ("… 09:14:03"). */
const ZONELESS_TIME = /(?:^|[^+\-\d])\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * A date string as `Date` reads it, except that a time naming no zone ("Mon, 02 Mar 2026
 * 09:14:03", "2026-03-02T09:14:03") is read as UTC: `Date` reads it in the machine's own zone, so
 * the same feed or mail would be stored at different times on two machines. Null when unreadable.
 */
export function parseDateUtc(text: string): Date | null {
  const trimmed = text.trim();
  const t = Date.parse(trimmed);
  if (Number.isNaN(t)) return null;
  if (!ZONELESS_TIME.test(trimmed)) return new Date(t);
  return new Date(t - new Date(t).getTimezoneOffset() * 60_000);
}
