import { fileErrorMessage, SourceError } from '../errors.js';

/** How messages name a source: `feed "grocery-news"`. */
export function sourceLabel(config: { type: string; name: string }): string {
  return `${config.type} "${config.name}"`;
}

/**
 * Runs a fetch and prefixes every SourceError it throws with the source's label, so a message
 * from the HTTP layer (`HTTP 404 from …`) still says which source failed. Other errors pass as is.
 */
export async function labelErrors<T>(config: { type: string; name: string }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SourceError) throw new SourceError(`${sourceLabel(config)}: ${err.message}`, err.exitCode);
    throw err;
  }
}

/** `cannot read PATH: ENOENT: no such file or directory` (Node's own message repeats the path). */
export function cannotReadFile(file: string, err: unknown): SourceError {
  return new SourceError(`cannot read ${file}: ${fileErrorMessage(err)}`);
}

