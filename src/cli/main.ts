import { Command, CommanderError } from 'commander';
import { EarshotError, UsageError } from '../errors.js';
import { stripControls } from '../report/sanitize.js';
import { describeDbError } from '../store/db-errors.js';
import { backupCommand } from './commands/backup.js';
import { completionCommand } from './commands/completion.js';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { exportCommand, listCommand } from './commands/list.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { markCommand } from './commands/mark.js';
import { matchCommand } from './commands/match.js';
import { rematchCommand } from './commands/rematch.js';
import { reportCommand } from './commands/report.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { scoreCommand } from './commands/score.js';
import { showCommand } from './commands/show.js';
import { sourcesCommand } from './commands/sources.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from './version.js';

function buildProgram(): Command {
  const program = new Command('earshot')
    .description('Hear every mention of your brand, tagged or not, and answer the ones that matter first.')
    .version(VERSION, '-V, --version')
    .option('-c, --config <file>', 'config file (default: $EARSHOT_CONFIG, then ./earshot.yaml)')
    .option('--db <file>', 'SQLite database (default: the config\'s db, then ./earshot.db)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print nothing on success')
    .option('--tz <zone>', 'show times in tables in this IANA zone, e.g. Europe/London (machine formats stay UTC)')
    .option('--verbose', 'debug output and stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  $ earshot init                  write a starter earshot.yaml
  $ earshot scan                  fetch, match, score and store new posts
  $ earshot list --untagged       what needs a reply, most urgent first
  $ earshot export --format csv --out mentions.csv

Exit codes: 0 ok, 1 failure, 2 usage or config error, 3 some sources failed or alerts not
delivered, 4 alert (--fail-on), 5 database busy (another run held the write lock past
$EARSHOT_BUSY_TIMEOUT seconds, 10 by default; retry).`,
    )
    .showSuggestionAfterError(true)
    .configureOutput(OUTPUT)
    .exitOverride();
  for (const cmd of [initCommand(), scanCommand(), listCommand(), exportCommand(), showCommand(), matchCommand(), importCommand(), markCommand(), rulesCommand(), rematchCommand(), sourcesCommand(), reportCommand(), scoreCommand(), doctorCommand(), backupCommand(), configCommand(), completionCommand()]) {
    program.addCommand(withOutput(cmd.exitOverride()));
  }
  return program;
}

/** Commander's own errors (an unknown option, a bad choice) begin as earshot's do: "earshot: …". */
const OUTPUT = { outputError: (text: string, write: (text: string) => void) => write(text.replace(/^error: /, 'earshot: ')) };

function withOutput(cmd: Command): Command {
  cmd.configureOutput(OUTPUT);
  for (const sub of cmd.commands) withOutput(sub);
  return cmd;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const verbose = argv.includes('--verbose');
  // An error thrown outside the command's own promise chain (in a stream's or a timer's callback)
  // is reported the same way, then ends the run, as Node would have: once what was written to
  // stdout has gone out, as an exit straight away can cut it off on a pipe.
  process.on('uncaughtException', (err) => {
    process.exitCode = report(err, verbose);
    process.stdout.write('', () => process.exit());
    // A reader that has stopped reading must not keep the run going.
    setTimeout(() => process.exit(), 2_000).unref();
  });
  try {
    if (argv.length <= 2) {
      process.stdout.write(program.helpInformation());
      const { existsSync } = await import('node:fs');
      if (!existsSync('earshot.yaml') && !process.env.EARSHOT_CONFIG) {
        process.stderr.write('\nNo earshot.yaml here yet: start with "earshot init".\n');
      }
      return;
    }
    // `help nope` printed the general help and exited 0: a script's typo should fail.
    const [first, topic] = argv.slice(2);
    if (first === 'help' && topic !== undefined && !topic.startsWith('-') && !program.commands.some((c) => c.name() === topic)) {
      throw new UsageError(`help: no command "${topic}" (commands: ${program.commands.map((c) => c.name()).join(', ')})`);
    }
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = report(err, verbose);
  }
}

/** The one place errors become messages and exit codes. */
function report(err: unknown, verbose: boolean): number {
  // Busy, full, read-only and corrupt databases are the user's to fix, not internal errors.
  const dbError = describeDbError(err);
  if (dbError) {
    process.stderr.write(`earshot: ${dbError.message}\n`);
    if (verbose && (err as Error).stack) process.stderr.write(`${(err as Error).stack}\n`);
    return dbError.exitCode;
  }
  if (err instanceof CommanderError) {
    // Help and version "errors" are commander's way of exiting after printing.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
    return EXIT.USAGE;
  }
  if (err instanceof EarshotError) {
    // Messages can quote config values, paths and API answers: no escape sequences through.
    for (const line of err.message.split('\n')) process.stderr.write(`earshot: ${stripControls(line)}\n`);
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  // Files earshot writes say so themselves (sink.ts): a write failing here is standard output's.
  const code = (err as NodeJS.ErrnoException)?.code;
  if ((err as NodeJS.ErrnoException)?.syscall === 'write' && typeof code === 'string' && /^E(NOSPC|IO|DQUOT|FBIG|ROFS|ACCES|PERM)$/.test(code)) {
    process.stderr.write(`earshot: cannot write standard output: ${stripControls((err as Error).message)}\n`);
    return EXIT.FAILURE;
  }
  const e = err as Error;
  process.stderr.write(`earshot: internal error: ${stripControls(String(e?.message ?? err))}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && e?.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT.FAILURE;
}

await main(process.argv);
