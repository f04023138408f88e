/** The primary subtag of a language tag, lower-cased: `en-GB` → `en`; null when there is none. */
export function primaryLanguage(code: unknown): string | null {
  if (typeof code !== 'string') return null;
  const primary = /^([a-z]{2,3})(?:[-_]|$)/i.exec(code.trim())?.[1];
  return primary ? primary.toLowerCase() : null;
}
