import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';

const REPORT_FORMATS = ['table', 'json', 'md', 'html'] as const;
/** `--out` without --format: the format its extension names. */
const REPORT_FILE_FORMATS = { json: 'json', md: 'md', markdown: 'md', html: 'html', htm: 'html', txt: 'table' } as const;

interface ReportOptions {
  since: string;
  brand?: string[];
  format?: (typeof REPORT_FORMATS)[number];
  out?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('volume, sentiment, share of voice, backlog and response times over a period')
    .option('--since <when>', 'mentions since a duration ago (24h, 7d, 2w) or an ISO date', '7d')
    .option('--brand <name...>', 'only these own brands (competitors still count in share of voice)')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, json when piped)').choices(REPORT_FORMATS))
    .option('--out <file>', 'write to this file instead of stdout, in the format its extension names (.html, .md, .json, .txt) unless --format says (html is one self-contained file)')
    .addHelpText(
      'after',
      `
First response is the time from a post to the first time its mention was marked responded,
by a person (earshot mark ID --responded) or automatically when one of the brand's own
handles replied to it. Median and p90 (nearest rank) are over the answered mentions; within
SLA and never answered are shares of every mention that needed an answer (ignored ones do not).
The open backlog counts open mentions of any age.

Examples:
  $ earshot report
  $ earshot report --since 30d --brand Ocado --format md > ocado.md
  $ earshot report --format html --out report.html`,
    )
    .action(async (opts: ReportOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const [{ queryContext }, { openDb }, { queryReportData, queryMentionTexts }, { parseSince, splitList }, out, { buildReport }, { slaTargets }, text, { renderReportHtml }, sinks] =
        await Promise.all([
          import('../context.js'),
          import('../../store/open-db.js'),
          import('../../store/query-report.js'),
          import('../parse-options.js'),
          import('../output.js'),
          import('../../report/build-report.js'),
          import('../../triage/sla.js'),
          import('../../report/formats/report-text.js'),
          import('../../report/formats/report-html.js'),
          import('../sink.js'),
        ]);
      const outFile = sinks.outPath(opts.out);
      const toFile = outFile !== undefined;
      const format = opts.format ?? (outFile ? out.formatOfFile(outFile, REPORT_FILE_FORMATS) : undefined) ?? (!toFile && process.stdout.isTTY === true ? 'table' : 'json');
      const now = new Date();
      const since = parseSince(opts.since, now);
      // --tz: the times a person reads (table, Markdown); JSON and HTML keep UTC.
      // Checked first; named as the user wrote it (ICU may know it under an older alias).
      if (globals.tz !== undefined) (await import('../../report/local-time.js')).parseTimeZone(globals.tz);
      const zone = globals.tz;
      const { dbPath, config } = await queryContext(globals);
      sinks.refuseDatabaseAsOutput(dbPath, outFile);
      const db = openDb({ path: dbPath, create: false });
      let report;
      try {
        const brands = splitList(opts.brand, '--brand', config?.brands.map((b) => b.name));
        if (brands) {
          const [storedNames, names] = await Promise.all([import('../../store/query-names.js'), import('../check-names.js')]);
          names.checkBrandNames(brands, names.knownBrands(config, storedNames.queryStoredNames(db).brands), {
            ownOnly: true,
            probe: (name) => storedNames.probeStoredBrand(db, name),
          });
        }
        report = buildReport({
          data: queryReportData(db, { since, now, targets: slaTargets(config?.brands ?? []), brands }),
          since,
          now,
          // As the config spells them: a brand without mentions in the period is still reported.
          brands: brands?.map((b) => config?.brands.find((c) => c.name.toLowerCase() === b.toLowerCase())?.name ?? b),
          textsOf: (ids) => queryMentionTexts(db, ids),
        });
      } finally {
        db.close();
      }
      const color = out.createColor({ flag: toFile ? false : globals.color, env: process.env, isTty: process.stdout.isTTY === true });
      const rendered =
        format === 'json'
          ? text.renderReportJson(report)
          : format === 'md'
            ? text.renderReportMarkdown(report, zone)
            : format === 'html'
              ? renderReportHtml(report)
              : text.renderReportTable(report, color, zone);
      if (outFile) {
        // Written beside its name and renamed into place, as exports are: never half a report.
        const sink = sinks.fileSink(outFile);
        try {
          await sink.write(rendered);
          await sink.close();
        } catch (err) {
          sink.abort();
          throw err;
        }
        if (!globals.quiet) process.stderr.write(`wrote the report to ${outFile} (${format})\n`);
      } else {
        out.writeOut(rendered);
      }
    });
}
