/** Sixteen digits in a row: a number JSON.parse may round (past 2^53, as tweet ids are). */
export const BIG_INTEGER_HINT = /\d{16}/;
/** A member's value that is an integer of sixteen or more digits: `"id": 1897000000000000001`. */
const BIG_INTEGER_MEMBER = /((?<!\\)"[^"\\]*"\s*:\s*)(-?\d{16,})(?:\.0+)?(?=\s*[,}\]])/g;

/**
 * Integers too big for a double kept as written, as strings: parsed as numbers, tweet ids
 * 1897000000000000001 and …002 both became 1897000000000000000, and one post was lost.
 */
export function quoteBigIntegers(json: string): string {
  return json.replace(BIG_INTEGER_MEMBER, (all, key: string, digits: string) => (Number.isSafeInteger(Number(digits)) ? all : `${key}"${digits}"`));
}
