import { z } from '../config/libs.js';

/**
 * A timestamp string that `Date` can read. Checked in the item schema so one item with a bad
 * date is skipped with a warning instead of `toISOString()` throwing and failing the whole source.
 */
export const dateStringSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');
