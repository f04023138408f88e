import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';

export function rulesCommand(): Command {
  return new Command('rules')
    .description('how each brand rule and variant has done: matches, confirmed, rejected, and exclusions to consider')
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, json when piped; csv, tsv and ndjson hold the variants alone)').choices([
        'table',
        'json',
        'ndjson',
        'csv',
        'tsv',
      ]),
    )
    .addHelpText(
      'after',
      `
Mark mentions with "earshot mark ID --false-positive" or "--relevant"; this command then shows
which variants bring noise and suggests exclude phrases that recur in the false positives.

Examples:
  $ earshot rules
  $ earshot rules --format json | jq '.suggestions'`,
    )
    .action(async (opts: { format?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { queryDbPath } = await import('../context.js');
      const { openDb } = await import('../../store/open-db.js');
      const { variantStats, judgedMentions } = await import('../../store/rule-stats.js');
      const { suggestExclusions } = await import('../../report/suggest-exclusions.js');
      const out = await import('../output.js');
      const db = openDb({ path: await queryDbPath(globals), create: false });
      try {
        // Precision over the judged mentions (confirmed or rejected); null until one is judged.
        const variants = variantStats(db).map((v) => {
          const judged = v.confirmed + v.rejected;
          return { ...v, precision: judged ? Math.round((v.confirmed / judged) * 1000) / 1000 : null };
        });
        const suggestions = suggestExclusions(judgedMentions(db));
        const isTty = process.stdout.isTTY === true;
        const format = opts.format ?? (isTty ? 'table' : 'json');
        if (format === 'json') {
          out.writeOut(JSON.stringify({ variants, suggestions }, null, 2) + '\n');
          return;
        }
        if (format !== 'table') {
          // One row per variant, for a spreadsheet; the suggested exclusions are in json and the table.
          const { recordWriter } = await import('../../report/formats/machine.js');
          const writer = recordWriter(format as 'csv' | 'tsv' | 'ndjson', ['brand', 'match_kind', 'variant', 'matched', 'confirmed', 'rejected', 'precision']);
          out.writeOut(writer.head + writer.rows(variants) + writer.tail());
          return;
        }
        const { default: Table } = await import('cli-table3');
        const color = out.createColor({ flag: globals.color, env: process.env, isTty });
        const table = new Table({
          head: ['brand', 'kind', 'variant', 'matched', 'confirmed', 'rejected', 'precision'].map((h) => color.bold(h)),
          style: { head: [], border: [] },
        });
        for (const v of variants) {
          const judged = v.confirmed + v.rejected;
          table.push([v.brand, v.match_kind, v.variant, v.matched, v.confirmed, v.rejected, judged ? (v.confirmed / judged).toFixed(2) : '—']);
        }
        const lines = [table.toString()];
        if (suggestions.length) {
          lines.push('', color.bold('Exclusions to consider (recur in false positives, never in confirmed mentions):'));
          for (const s of suggestions) lines.push(`  ${s.brand}: exclude "${s.phrase}"  (${s.falsePositives} false positives)`);
          // Counted on judged mentions only: a phrase may also be in mentions nobody has judged yet.
          lines.push(color.dim('  Counted on the mentions you judged: after adding one, `earshot rematch --dry-run` shows how many it would remove in all.'));
        }
        out.writeOut(lines.join('\n') + '\n');
      } finally {
        db.close();
      }
    });
}
