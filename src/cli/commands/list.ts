import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';
import { FORMATS } from '../output.js';

interface ListOptions {
  brand?: string[];
  sentiment?: string[];
  tagged?: boolean;
  untagged?: boolean;
  source?: string[];
  since?: string;
  limit?: string;
  all?: boolean;
  format?: string;
  out?: string;
  bom?: boolean;
  fields?: string;
}

/** Filters shared by list and export. */
function addFilters(cmd: Command): Command {
  return cmd
    .option('--brand <name...>', 'only these brands (repeat or comma-separate)')
    .option('--sentiment <label...>', 'only negative, neutral and/or positive')
    .option('--tagged', 'only mentions that @-tag the brand')
    .option('--untagged', 'only mentions that do not tag the brand')
    .option('--source <name...>', 'only these configured sources')
    .option('--since <when>', 'only posts since a duration ago (24h, 7d, 2w) or an ISO date')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, tsv when piped)').choices(FORMATS))
    .option('--fields <names>', 'machine formats: only these columns, in this order (comma-separated; see "earshot export --help")')
    .option('--bom', 'csv: start with a UTF-8 byte-order mark, so Excel reads the accents right');
}

export function listCommand(): Command {
  return addFilters(new Command('list'))
    .description('the actionable list: open mentions of your own brands, most urgent first')
    .option('--limit <n>', 'at most this many', '50')
    .option('--all', 'include competitors, mentions no longer open, and those marked false positives')
    .addHelpText(
      'after',
      `
Ranking: by what the post needs, most urgent first: churn risk, complaint, question, negative,
purchase lead, neutral, positive (earshot score --explain shows the cues); within that, untagged
before tagged (nobody else will see them); then the author's reach; then the newest. The sla
column shows each mention against its brand's first-response target (sla in the config, 30m by
default): ok, due soon, overdue.

Examples:
  $ earshot list
  $ earshot list --untagged --sentiment negative --since 24h
  $ earshot list --brand Ocado --format csv > ocado.csv`,
    )
    .action(async (opts: ListOptions, cmd: Command) => runQuery(opts, cmd, 'list'));
}

export function exportCommand(): Command {
  return addFilters(new Command('export'))
    .description('every stored mention (competitors and closed ones too), for spreadsheets and scripts')
    .option('--out <file>', 'write to this file instead of stdout, in the format its extension names (.csv, .tsv, .json, .ndjson, .txt) unless --format says')
    .addHelpText(
      'after',
      `
Columns (csv, tsv; the same keys in json and ndjson), in this order:
  id, created_at, source, channel, brand, competitor, match_kind, matched, tagged, sentiment,
  sentiment_score, language, priority, status, author, author_followers, url, text,
  age_minutes, sla_state (ok, due_soon, overdue; met or missed once answered), first_response_minutes

Examples:
  $ earshot export --format csv --out mentions.csv
  $ earshot export --format csv --bom --fields created_at,brand,sentiment,url --out excel.csv
  $ earshot export --since 7d --format ndjson | jq -r 'select(.sentiment=="negative") | .url'`,
    )
    .action(async (opts: ListOptions, cmd: Command) => runQuery({ ...opts, all: true }, cmd, 'export'));
}

/** Excel guesses a legacy code page for CSV without one. */
const UTF8_BOM = '\uFEFF';

async function runQuery(opts: ListOptions, cmd: Command, verb: 'list' | 'export'): Promise<void> {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  const [{ queryContext }, { openDb }, mentions, { parseLimit, parseSentiments, parseSince, splitList }, out, render, { slaTargets }, { fileSink, outPath, refuseDatabaseAsOutput, stdoutSink }] =
    await Promise.all([
      import('../context.js'),
      import('../../store/open-db.js'),
      import('../../store/query-mentions.js'),
      import('../parse-options.js'),
      import('../output.js'),
      import('../render-mentions.js'),
      import('../../triage/sla.js'),
      import('../sink.js'),
    ]);
  const { UsageError } = await import('../../errors.js');
  if (opts.tagged && opts.untagged) throw new UsageError('--tagged and --untagged exclude each other');
  const outFile = outPath(opts.out);
  const toFile = outFile !== undefined;
  const format = out.resolveFormat(opts.format ?? (outFile ? out.formatOfFile(outFile, out.MENTION_FILE_FORMATS) : undefined), !toFile && process.stdout.isTTY === true);
  const { DETAIL_COLUMNS, MENTION_COLUMNS, parseFields } = await import('../../report/columns.js');
  // --fields may also name what `show` adds (verdict, assigned_to, …): a false positive is told apart there.
  const columns = opts.fields === undefined ? MENTION_COLUMNS : parseFields(opts.fields, DETAIL_COLUMNS);
  const filter = {
    brands: splitList(opts.brand, '--brand'),
    sentiments: parseSentiments(opts.sentiment),
    tagged: opts.tagged ? true : opts.untagged ? false : undefined,
    sources: splitList(opts.source, '--source'),
    since: opts.since !== undefined ? parseSince(opts.since, new Date()) : undefined,
    all: opts.all,
    limit: verb === 'list' && opts.limit !== undefined ? parseLimit(opts.limit) : undefined,
    order: verb === 'list' ? ('priority' as const) : ('id' as const),
  };
  const { parseTimeZone } = await import('../../report/local-time.js');
  const timeZone = globals.tz === undefined ? undefined : parseTimeZone(globals.tz);
  const { dbPath, config } = await queryContext(globals);
  refuseDatabaseAsOutput(dbPath, outFile);
  const db = openDb({ path: dbPath, create: false });
  if (filter.brands || filter.sources) {
    const [storedNames, names] = await Promise.all([import('../../store/query-names.js'), import('../check-names.js')]);
    const stored = storedNames.queryStoredNames(db);
    // Split again knowing the names, so a name with a comma in it stays one.
    const sourceNames = (config?.sources ?? []).map((s) => s.name).concat(stored.sources);
    filter.brands = splitList(opts.brand, '--brand', names.knownBrands(config, stored.brands).map((b) => b.name));
    filter.sources = splitList(opts.source, '--source', sourceNames);
    try {
      names.checkBrandNames(filter.brands, names.knownBrands(config, stored.brands), { probe: (name) => storedNames.probeStoredBrand(db, name) });
      names.checkSourceNames(filter.sources, sourceNames, (name) => storedNames.probeStoredSource(db, name));
    } catch (err) {
      db.close();
      throw err;
    }
  }
  // Competitors' mentions are not in the list of what needs an answer: an empty list for one is
  // said to be that, rather than look as if nobody mentioned them.
  const competitors = (filter.brands ?? []).filter((b) => config?.brands.some((c) => c.competitor && c.name.toLowerCase() === b.toLowerCase()));
  const competitorNote =
    !filter.all && competitors.length > 0 && competitors.length === filter.brands!.length
      ? `earshot: note: ${competitors.join(', ')} ${competitors.length > 1 ? 'are competitors' : 'is a competitor'}: the list holds your own brands' open mentions; add --all to see ${competitors.length > 1 ? 'their' : 'its'} mentions\n`
      : null;
  // A file is written beside its name and renamed into place only when complete.
  const sink = outFile ? fileSink(outFile) : stdoutSink();
  try {
    const view = { now: new Date(), targets: slaTargets(config?.brands ?? []) };
    // One row past the limit tells whether the list was cut, which is then said (not counted:
    // counting every match would cost a list of a million mentions what the limit saves).
    const limit = filter.limit;
    const probe = limit === undefined ? filter : { ...filter, limit: limit + 1 };
    let cut = false;
    let count: number;
    if (opts.bom && format !== 'csv' && !globals.quiet) process.stderr.write(`earshot: note: --bom is for csv, for Excel; ${format} has none\n`);
    if (format === 'table') {
      if (opts.fields !== undefined && !globals.quiet) process.stderr.write('earshot: note: --fields picks the columns of csv, tsv, json and ndjson; a table has its own\n');
      const rows = mentions.queryMentions(db, probe, view);
      if (limit !== undefined && rows.length > limit) cut = rows.splice(limit).length > 0;
      const color = out.createColor({ flag: toFile ? false : globals.color, env: process.env, isTty: process.stdout.isTTY === true });
      await render.writeMentionTable({ rows, color, timeZone, sink });
      count = rows.length;
    } else {
      // Machine formats stream: an export of every mention takes no more memory than a page of them.
      if (opts.bom && format === 'csv') await sink.write(UTF8_BOM);
      const rows = mentions.iterateMentions(db, probe, view);
      const upToLimit = function* () {
        let n = 0;
        for (const row of rows) {
          if (limit !== undefined && n++ === limit) {
            cut = true;
            return;
          }
          yield row;
        }
      };
      count = await render.writeMentions({ rows: upToLimit(), format, columns, sink });
    }
    await sink.close();
    if (cut && !globals.quiet) process.stderr.write(`earshot: note: the first ${count} shown; more match (--limit N shows more)\n`);
    if (outFile && !globals.quiet) process.stderr.write(`wrote ${count} mentions to ${outFile} (${format})\n`);
    if (count === 0 && competitorNote && !globals.quiet) process.stderr.write(competitorNote);
  } catch (err) {
    sink.abort();
    throw err;
  } finally {
    db.close();
  }
}
