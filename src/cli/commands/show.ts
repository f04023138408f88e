import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';
import { FORMATS } from '../output.js';

export function showCommand(): Command {
  return new Command('show')
    .description('one mention in full: its post, why it matched and how it scored')
    .argument('<id>', 'mention id, as printed by list')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, tsv when piped)').choices(FORMATS))
    .addHelpText(
      'after',
      `
Examples:
  $ earshot show 42
  $ earshot show 42 --format ndjson | jq -r .text`,
    )
    .action(async (idArg: string, opts: { format?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { queryDbPath } = await import('../context.js');
      const { openDb } = await import('../../store/open-db.js');
      const { getMention } = await import('../../store/query-mentions.js');
      const { parseId } = await import('../parse-options.js');
      const { EarshotError } = await import('../../errors.js');
      const out = await import('../output.js');
      const id = parseId(idArg);
      const format = out.resolveFormat(opts.format, process.stdout.isTTY === true);
      const color = out.createColor({ flag: globals.color, env: process.env, isTty: process.stdout.isTTY === true });
      const db = openDb({ path: await queryDbPath(globals), create: false });
      try {
        const row = getMention(db, id);
        if (!row) throw new EarshotError(`no mention with id ${id}`);
        if (format === 'table') {
          const [{ renderMentionDetail }, { parseTimeZone }, { queryMentionHistory }] = await Promise.all([
            import('../../report/formats/detail.js'),
            import('../../report/local-time.js'),
            import('../../store/mark-mentions.js'),
          ]);
          // Named as the user wrote it: ICU would say Asia/Calcutta for Asia/Kolkata.
          if (globals.tz !== undefined) parseTimeZone(globals.tz);
          out.writeOut(renderMentionDetail(row, color, globals.tz, queryMentionHistory(db, id)));
        } else {
          const { renderMentions } = await import('../render-mentions.js');
          out.writeOut(await renderMentions({ rows: [row], format, color, detail: true }));
        }
      } finally {
        db.close();
      }
    });
}
