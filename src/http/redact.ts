import { SourceError } from '../errors.js';

const REDACTED = '[redacted]';
/** Shorter values would blank ordinary words; real credentials are far longer. */
const MIN_SECRET_LENGTH = 6;

/**
 * Runs a fetch and blanks its credentials out of any SourceError it throws. Messages are built to
 * hold no secrets; this is the second line, since some of them quote what a server said.
 */
export async function withSecretsRedacted<T>(secrets: (string | undefined)[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    const message = redactSecrets(err.message, secrets);
    throw message === err.message ? err : new SourceError(message, err.exitCode);
  }
}

export function redactSecrets(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}
