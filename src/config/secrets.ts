/** Keys whose values are credentials, per source type: the file must name an environment variable. */
export const SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  mastodon: ['token'],
  bluesky: ['appPassword'],
  reddit: ['clientSecret'],
  x: ['token'],
  stackexchange: ['key'],
  github: ['token'],
  youtube: ['key'],
};

const WHOLE_ENV_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/**
 * A credential typed into the file is read by whoever sees the file (or its git history): each
 * secret key must be exactly one `${ENV_VAR}`. Checked before substitution; values are never quoted.
 */
export function literalSecretProblems(raw: unknown, at: (path: PropertyKey[]) => string): string[] {
  const sources = isObject(raw) ? raw['sources'] : undefined;
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((source: unknown, i) => {
    if (!isObject(source) || typeof source['type'] !== 'string') return [];
    return (SECRET_KEYS[source['type']] ?? [])
      .filter((key) => typeof source[key] === 'string' && !WHOLE_ENV_REF.test(source[key].trim()))
      .map((key) => `${at(['sources', i, key])}: write the credential as \${ENV_VAR} and set ENV_VAR in the environment, not in this file`);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
