import { z } from '../config/libs.js';

/**
 * A timestamp string that `Date` can read. Checked in the item schema so one item with a bad
 * date is skipped with a warning instead of `toISOString()` throwing and failing the whole source.
 */
export const dateStringSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');

/**
 * A zone in a date: Z after a time, a name (GMT, UTC, UT, EST …) or an offset after a time
 * (+0100, -05:00), which a year after a hyphen ("02-03-2026") is not.
 */
const ZONE = /\dZ$|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b|\d:\d\d(?::\d\d(?:\.\d+)?)?\s*[+-]\d\d:?\d\d$/i;
const ISO_DATE_ONLY = /^\d{4}-\d\d-\d\d$/;
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\d[T ]\d/;

/**
 * A date string as `Date` reads it, except that one naming no zone ("Mon, 02 Mar 2026 09:14:03",
 * "2026-03-02T09:14:03", "March 2, 2026") is read as UTC: `Date` reads it in the machine's own
 * zone, so the same feed or mail would be stored at different times on two machines. A zone only
 * in a comment, "(UTC)", is no zone to `Date`. Null when unreadable.
 */
export function parseDateUtc(text: string): Date | null {
  const trimmed = text.trim();
  const bare = trimmed.replace(/\([^)]*\)/g, '').trim();
  if (ZONE.test(bare) || ISO_DATE_ONLY.test(bare)) return dateOf(trimmed);
  if (ISO_DATE_TIME.test(bare)) return dateOf(`${bare.replace(' ', 'T')}Z`) ?? dateOf(trimmed);
  return dateOf(`${bare} GMT`) ?? dateOf(trimmed);
}

function dateOf(text: string): Date | null {
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t);
}
