import { EXIT } from './cli/exit-codes.js';

/** An error meant for the user: one line, no stack, with the exit code it maps to. */
export class EarshotError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad or missing configuration; `problems` holds every one found, one line each. */
export class ConfigError extends EarshotError {
  constructor(
    readonly problems: string[],
  ) {
    super(problems.join('\n'), EXIT.USAGE);
  }
}

/** Bad command-line usage or an input file that cannot be read as asked. */
export class UsageError extends EarshotError {
  constructor(message: string) {
    super(message, EXIT.USAGE);
  }
}

/** A source could not be fetched or its payload not understood. */
export class SourceError extends EarshotError {}

/** Node's message for a failed file operation without the path it repeats: `ENOENT: no such file or directory`. */
export function fileErrorMessage(err: unknown): string {
  return err instanceof Error ? err.message.replace(/, \w+ '.*'$/, '') : String(err);
}
