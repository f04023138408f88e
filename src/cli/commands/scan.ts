import { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

interface ScanOptions {
  source?: string[];
  dryRun?: boolean;
  notify?: boolean;
  failOn?: string[];
}

const FAIL_ON = ['urgent', 'negative', 'spike'];

export function scanCommand(): Command {
  return new Command('scan')
    .description('fetch new posts from every configured source, find mentions, score and store them')
    .option('--source <name...>', 'scan only these sources (repeat or comma-separate)')
    .option('--dry-run', 'fetch and match, but store nothing and leave cursors alone')
    .option('--notify', 'post new urgent mentions and spikes to the webhooks under notify in the config')
    .option('--fail-on <what...>', 'exit 4 when the scan found new: urgent, negative and/or spike')
    .addHelpText(
      'after',
      `
Re-running a scan stores nothing twice: each source remembers where it stopped. If a source
fails, the others are still scanned and stored, the failure is listed on stderr, and the
exit code is 3.

Examples:
  $ earshot scan
  $ earshot scan --source hn --dry-run
  $ earshot --quiet scan && earshot list --untagged
  $ earshot scan --notify --fail-on urgent,spike

Urgent: an open, negative mention of your brand that does not tag it. A spike: the last
alerts.window (1h) has more mentions, or a larger negative share, than the mean + k·sd (k=3) of
the alerts.baseline (24) windows before it, once earshot has listened through all of them (25
hours from the first scan). --notify's first run records what is already there without sending
it; a delivery that fails is retried on the next scan; nothing is sent twice.`,
    )
    .action(async (opts: ScanOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig, resolveDbPath, loggerFor } = await import('../context.js');
      const { splitList } = await import('../parse-options.js');
      const config = await requireConfig(globals, { needsSecrets: true, needsWebhooks: opts.notify === true });
      const failOn = splitList(opts.failOn, '--fail-on') ?? [];
      const only = splitList(opts.source, '--source', config.sources.map((s) => s.name));
      const { UsageError } = await import('../../errors.js');
      for (const f of failOn) if (!FAIL_ON.includes(f)) throw new UsageError(`--fail-on: expected ${FAIL_ON.join(', ')}, got "${f}"`);
      if (opts.notify && !config.notify?.length) throw new UsageError('--notify: no webhooks configured (add notify: [{ url, format }] to the config)');
      const [{ openDb }, { createHttpClient }, { scan }, { summarizeScan }, { EXIT }, { writeOut }] = await Promise.all([
        import('../../store/open-db.js'),
        import('../../http/client.js'),
        import('../../pipeline/scan.js'),
        import('../summarize-scan.js'),
        import('../exit-codes.js'),
        import('../output.js'),
      ]);
      const { stripControls } = await import('../../report/sanitize.js');
      const log = loggerFor(globals);
      // A dry run stores nothing: where there is no database yet, it reads an empty one in memory
      // rather than leave a new file behind.
      const dbPath = resolveDbPath(globals, config);
      const { existsSync } = await import('node:fs');
      const db = openDb({ path: opts.dryRun && !existsSync(dbPath) ? ':memory:' : dbPath });
      const http = createHttpClient();
      try {
        const result = await scan({ config, db, http, log, now: () => new Date(), only, dryRun: opts.dryRun });
        // Errors can quote a config name, a path or an API's own message: no escape sequences through.
        for (const f of result.failures) process.stderr.write(`earshot: source failed: ${stripControls(f.error)}\n`);
        if (!globals.quiet) writeOut(summarizeScan(result, { dryRun: Boolean(opts.dryRun) }));
        if (result.failures.length > 0) {
          process.exitCode = result.sources.length === 0 ? EXIT.FAILURE : EXIT.PARTIAL;
        }
        if (opts.dryRun && (opts.notify || failOn.length > 0) && !globals.quiet) {
          process.stderr.write('earshot: note: a dry run sends no alerts and trips no --fail-on\n');
        }
        if (opts.dryRun || (!opts.notify && failOn.length === 0)) return;
        const { runAlerts } = await import('../../alerts/run-alerts.js');
        const alerts = await runAlerts({
          config,
          db,
          http,
          now: () => new Date(),
          notify: Boolean(opts.notify),
          newMentions: result.newMentions,
          scan: result,
          raiseSpikes: failOn.includes('spike') && process.exitCode !== EXIT.FAILURE,
        });
        for (const f of alerts.failures) process.stderr.write(`earshot: ${f}\n`);
        // A channel that does not take alerts is as much a partial failure as a source down.
        if (alerts.failures.length > 0 && !process.exitCode) process.exitCode = EXIT.PARTIAL;
        if (!globals.quiet) writeOut(alerts.summary);
        const tripped = failOn.filter((f) => alerts.found[f as keyof typeof alerts.found] > 0);
        if (tripped.length > 0 && process.exitCode !== EXIT.FAILURE) {
          process.stderr.write(`earshot: alert: ${tripped.map((t) => `${alerts.found[t as keyof typeof alerts.found]} ${t}`).join(', ')}\n`);
          process.exitCode = EXIT.ALERT;
        }
      } finally {
        await http.close();
        db.close();
      }
    });
}
