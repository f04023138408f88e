import { Command, Option } from 'commander';
import type { SourceState } from '../../store/query-sources.js';
import type { GlobalOptions } from '../context.js';

const SOURCE_FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv'] as const;

export function sourcesCommand(): Command {
  return new Command('sources')
    .description('each configured source (then any other the database has posts from, as from an import): last success, last error, where its next scan starts, posts stored')
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, json when piped)').choices(SOURCE_FORMATS),
    )
    .addHelpText(
      'after',
      `
The cursor is where a source's next scan starts (the newest id or time it has seen). An error
listed in red is newer than the source's last success: it is failing now.

Examples:
  $ earshot sources
  $ earshot sources --format json | jq -r '.[] | select(.last_error != null) | .name'
  $ earshot --config team.yaml --db team.db sources`,
    )
    .action(async (opts: { format?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const [{ requireConfig, resolveDbPath }, { existsSync }, out, render] = await Promise.all([
        import('../context.js'),
        import('node:fs'),
        import('../output.js'),
        import('../render-sources.js'),
      ]);
      const config = await requireConfig(globals);
      const dbPath = resolveDbPath(globals, config);
      const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'json');
      // Before the first scan there is nothing to read, and listing must not create a database.
      let states = new Map<string, SourceState>();
      if (existsSync(dbPath)) {
        const [{ openDb }, { querySourceStates }] = await Promise.all([
          import('../../store/open-db.js'),
          import('../../store/query-sources.js'),
        ]);
        const db = openDb({ path: dbPath, create: false });
        try {
          states = querySourceStates(db);
        } finally {
          db.close();
        }
      }
      const rows = render.listSources(config.sources, states);
      if (format === 'json') {
        out.writeOut(render.renderSourcesJson(rows));
        return;
      }
      if (format === 'ndjson') {
        out.writeOut(render.sourceRecords(rows).map((r) => JSON.stringify(r) + '\n').join(''));
        return;
      }
      if (format !== 'table') {
        // The cursor, an object in JSON, is its JSON text in a cell.
        const { recordWriter } = await import('../../report/formats/machine.js');
        const writer = recordWriter(format as 'csv' | 'tsv', render.SOURCE_COLUMNS);
        const records = render.sourceRecords(rows).map((r) => ({ ...r, cursor: r.cursor === null ? null : JSON.stringify(r.cursor) }));
        out.writeOut(writer.head + writer.rows(records) + writer.tail());
        return;
      }
      const color = out.createColor({ flag: globals.color, env: process.env, isTty: process.stdout.isTTY === true });
      out.writeOut(render.renderSourcesTable({ rows, color, width: process.stdout.columns || 120, now: new Date() }));
    });
}
