import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from '../errors.js';

export const FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

/** `--format`, else a table on a terminal and TSV on a pipe (as gh does). */
export function resolveFormat(flag: string | undefined, isTty: boolean, allowed: readonly string[] = FORMATS): Format {
  if (flag === undefined) return isTty ? 'table' : 'tsv';
  if (!allowed.includes(flag)) throw new UsageError(`--format: expected one of ${allowed.join(', ')}, got "${flag}"`);
  return flag as Format;
}

/**
 * The format a file's extension names, when --format is not given: `--out report.html` writes
 * HTML, not the default of a pipe. Undefined for an extension that names none.
 */
export function formatOfFile<F extends string>(file: string, formats: Readonly<Record<string, F>>): F | undefined {
  const dot = file.lastIndexOf('.');
  const extension = dot > file.lastIndexOf('/') ? file.slice(dot + 1).toLowerCase() : '';
  // A workbook's name on text is opened by Excel as the workbook it is not, formulas and all.
  if (WORKBOOKS.has(extension) && !(extension in formats)) {
    const instead = 'csv' in formats ? 'write a .csv, which spreadsheets open (--bom for Excel)' : `name it .${Object.keys(formats).join(', .')}`;
    throw new UsageError(`--out ${file}: earshot writes no ${extension} workbooks; ${instead}, or give --format`);
  }
  return formats[extension];
}

const WORKBOOKS = new Set(['xls', 'xlsx', 'xlsm', 'xlsb', 'ods', 'numbers']);

/** Extensions of list's and export's formats. */
export const MENTION_FILE_FORMATS: Readonly<Record<string, Format>> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', json: 'json', ndjson: 'ndjson', jsonl: 'ndjson', txt: 'table' };

export interface ColorInput {
  /** true for --color, false for --no-color, undefined when neither was given. */
  flag: boolean | undefined;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
}

/** Decided once: the flag, then NO_COLOR (chalk 5 ignores it), then FORCE_COLOR, then the terminal. */
export function createColor({ flag, env, isTty }: ColorInput): ChalkInstance {
  let on: boolean;
  if (flag !== undefined) on = flag;
  else if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') on = false;
  else if (env.FORCE_COLOR !== undefined) on = env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  else on = isTty && env.TERM !== 'dumb';
  return new Chalk({ level: on ? 1 : 0 });
}

/** stdout, where a closed pipe (`earshot list | head`) ends output quietly instead of crashing. */
export function writeOut(text: string): void {
  if (stdoutClosed) return;
  process.stdout.write(text);
}

/**
 * Said when standard input is a terminal: `earshot score` typed without a file or a pipe waited
 * silently, looking hung. `stdin` and `write` are parameters for tests.
 */
export function hintTerminalInput(what: string, stdin: { isTTY?: boolean } = process.stdin, write: (line: string) => unknown = (line) => process.stderr.write(line)): void {
  if (stdin.isTTY === true) write(`earshot: reading ${what} from the terminal; end with Ctrl-D, or give a file or a pipe\n`);
}

/** Whether the reader of stdout went away (`| head`): long output should stop producing. */
export function stdoutGone(): boolean {
  return stdoutClosed;
}

let stdoutClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  throw err;
});
