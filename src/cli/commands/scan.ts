import { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

interface ScanOptions {
  source?: string[];
  dryRun?: boolean;
}

export function scanCommand(): Command {
  return new Command('scan')
    .description('fetch new posts from every configured source, find mentions, score and store them')
    .option('--source <name...>', 'scan only these sources (repeat or comma-separate)')
    .option('--dry-run', 'fetch and match, but store nothing and leave cursors alone')
    .addHelpText(
      'after',
      `
Re-running a scan stores nothing twice: each source remembers where it stopped. If a source
fails, the others are still scanned and stored, the failure is listed on stderr, and the
exit code is 3.

Examples:
  $ earshot scan
  $ earshot scan --source hn --dry-run
  $ earshot --quiet scan && earshot list --untagged`,
    )
    .action(async (opts: ScanOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig, resolveDbPath, loggerFor } = await import('../context.js');
      const { splitList } = await import('../parse-options.js');
      const config = await requireConfig(globals);
      const [{ openDb }, { createHttpClient }, { scan }, { summarizeScan }, { EXIT }, { writeOut }] = await Promise.all([
        import('../../store/open-db.js'),
        import('../../http/client.js'),
        import('../../pipeline/scan.js'),
        import('../summarize-scan.js'),
        import('../exit-codes.js'),
        import('../output.js'),
      ]);
      const log = loggerFor(globals);
      const db = openDb({ path: resolveDbPath(globals, config) });
      const http = createHttpClient();
      try {
        const result = await scan({ config, db, http, log, now: () => new Date(), only: splitList(opts.source), dryRun: opts.dryRun });
        for (const f of result.failures) process.stderr.write(`earshot: source failed: ${f.error}\n`);
        if (!globals.quiet) writeOut(summarizeScan(result, { dryRun: Boolean(opts.dryRun) }));
        if (result.failures.length > 0) {
          process.exitCode = result.sources.length === 0 ? EXIT.FAILURE : EXIT.PARTIAL;
        }
      } finally {
        await http.close();
        db.close();
      }
    });
}
