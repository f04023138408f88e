import { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

export function rematchCommand(): Command {
  return new Command('rematch')
    .description('re-apply the current rules to every stored post, so history follows the rules')
    .option('--brand <name...>', 'only these brands')
    .option('--dry-run', 'count what would change, change nothing')
    .option('--jobs <n>', 'threads to use (default 1): with N, N-1 worker threads and this one match and score; each holds its own dictionaries (~100 MB)')
    .addHelpText(
      'after',
      `
Statuses, assignments and verdicts are kept. A mention that no longer matches is removed,
unless it was marked --relevant. Replies stored from a handle since added to a brand close the
mentions they answered, as a scan does.

Examples:
  $ earshot rematch --dry-run
  $ earshot rematch --brand Ocado
  $ earshot rematch --jobs 2`,
    )
    .action(async (opts: { brand?: string[]; dryRun?: boolean; jobs?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig, resolveDbPath } = await import('../context.js');
      const { parseJobs, splitList } = await import('../parse-options.js');
      const config = await requireConfig(globals);
      const brands = splitList(opts.brand, '--brand', config.brands.map((b) => b.name));
      const jobs = opts.jobs === undefined ? 1 : parseJobs(opts.jobs);
      // Rules come from the config: a brand it does not name has none to rematch with.
      const { checkBrandNames, knownBrands } = await import('../check-names.js');
      checkBrandNames(brands, knownBrands(config, []), { where: 'the config' });
      const [{ openDb }, { analyzeInThreads }, { rematch }, { writeOut }] = await Promise.all([
        import('../../store/open-db.js'),
        import('../../pipeline/chunk-analyzer.js'),
        import('../../pipeline/rematch.js'),
        import('../output.js'),
      ]);
      const { keepHeapLean } = await import('../lean-heap.js');
      keepHeapLean();
      const db = openDb({ path: resolveDbPath(globals, config), create: false });
      // Its writes leave this thread waiting: it analyses too.
      const analyzer = analyzeInThreads(config, jobs, { helpHere: true });
      try {
        const { indexBrandHandles } = await import('../../triage/brand-handles.js');
        const r = await rematch({ db, analyzer, at: new Date().toISOString(), brands, dryRun: opts.dryRun, handles: indexBrandHandles(config.brands) });
        if (!globals.quiet) {
          const replies = r.responded > 0 ? `; ${r.responded} answered by the brands' own replies` : '';
          writeOut(
            `${opts.dryRun ? 'dry run: ' : ''}rematched ${r.posts} posts: ${r.added} mentions added, ${r.removed} removed, ${r.changed} changed${replies}\n`,
          );
        }
      } finally {
        await analyzer.close();
        db.close();
      }
    });
}
