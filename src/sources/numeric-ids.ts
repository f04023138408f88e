/**
 * Orders numeric id strings (Mastodon, X snowflakes) without losing precision: longer is larger,
 * equal lengths compare as text. They exceed 2^53, so never as JS numbers.
 */
export function compareNumericIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The larger of two ids, either of which may be missing. */
export function maxNumericId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareNumericIds(a, b) >= 0 ? a : b;
}
