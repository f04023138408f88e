/** `i`, or one before it when it falls between the two halves of a surrogate pair (an emoji). */
export function safeCut(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return i > 0 && code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
}

/** How much of a text is matched and scored: far more than any post a person writes. */
export const MAX_ANALYZED_CHARS = 100_000;

/**
 * The part of a text that is matched and scored (all of it is stored): one of megabytes, a paste
 * or a spam run of one letter, would overflow the matchers' regular expressions.
 */
export function analyzedPart(text: string): string {
  return text.length > MAX_ANALYZED_CHARS ? text.slice(0, safeCut(text, MAX_ANALYZED_CHARS)) : text;
}
