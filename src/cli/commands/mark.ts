import { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

interface MarkOptions {
  responded?: boolean;
  ignored?: boolean;
  open?: boolean;
  falsePositive?: boolean;
  relevant?: boolean;
  assign?: string;
  note?: string;
  by?: string;
}

export function markCommand(): Command {
  return new Command('mark')
    .description('record what happened to mentions: answered, ignored, reopened, assigned, or wrongly matched')
    .argument('<id...>', 'mention ids, as printed by list')
    .option('--responded', 'answered: closes the mention')
    .option('--ignored', 'needs no answer: closes the mention')
    .option('--open', 'reopen')
    .option('--false-positive', 'not about the brand: hidden from list, counted against its rule')
    .option('--relevant', 'confirmed about the brand: kept even if the rules change')
    .option('--assign <name>', 'give it to someone ("" to unassign)')
    .option('--note <text>', 'a note kept in the history')
    .option('--by <name>', 'who is marking (default: $USER)')
    .addHelpText(
      'after',
      `
Every mark is kept in an append-only history with its time and author.

Examples:
  $ earshot mark 42 --responded
  $ earshot mark 42 43 --assign dana --note "refund case"
  $ earshot mark 57 --false-positive`,
    )
    .action(async (idArgs: string[], opts: MarkOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { UsageError } = await import('../../errors.js');
      const { parseId } = await import('../parse-options.js');
      const statuses = [opts.responded && 'responded', opts.ignored && 'ignored', opts.open && 'open'].filter(Boolean);
      if (statuses.length > 1) throw new UsageError('choose one of --responded, --ignored, --open');
      if (opts.falsePositive && opts.relevant) throw new UsageError('choose one of --false-positive, --relevant');
      const verdict = opts.falsePositive ? 'false-positive' : opts.relevant ? 'relevant' : undefined;
      // Names and notes without their surrounding blanks: --assign " " unassigns rather than
      // assigning to a blank, and a blank note or --by is none.
      const assign = opts.assign?.trim();
      const note = opts.note?.trim() || undefined;
      if (statuses.length === 0 && !verdict && assign === undefined && !note) {
        throw new UsageError('nothing to mark: give --responded, --ignored, --open, --false-positive, --relevant, --assign or --note');
      }
      // An id given twice is marked once (and counted once).
      const ids = [...new Set(idArgs.map(parseId))];
      const { queryDbPath } = await import('../context.js');
      const { openDb } = await import('../../store/open-db.js');
      const { markMentions } = await import('../../store/mark-mentions.js');
      const db = openDb({ path: await queryDbPath(globals), create: false });
      try {
        const n = markMentions(db, {
          ids,
          status: (statuses[0] || undefined) as 'responded' | 'ignored' | 'open' | undefined,
          verdict,
          assign,
          note,
          actor: opts.by?.trim() || process.env.USER || null,
          at: new Date().toISOString(),
        });
        if (!globals.quiet) process.stderr.write(`marked ${n} mention${n === 1 ? '' : 's'}\n`);
      } finally {
        db.close();
      }
    });
}
