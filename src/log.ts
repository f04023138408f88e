import { stripControls } from './report/sanitize.js';

/** Where progress, warnings and debug lines go: always stderr, never stdout. */
export interface Logger {
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface LoggerInput {
  quiet?: boolean;
  verbose?: boolean;
  write?: (line: string) => void;
}

export function createLogger({ quiet = false, verbose = false, write }: LoggerInput = {}): Logger {
  // Warnings quote file rows and API answers: strip escape sequences before the terminal sees them.
  const out = write ?? ((line: string) => process.stderr.write(stripControls(line) + '\n'));
  return {
    warn: (m) => out(`warning: ${m}`),
    info: (m) => {
      if (!quiet) out(m);
    },
    debug: (m) => {
      if (verbose) out(`debug: ${m}`);
    },
  };
}

export const silentLogger: Logger = { warn() {}, info() {}, debug() {} };
