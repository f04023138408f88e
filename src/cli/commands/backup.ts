import { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

export function backupCommand(): Command {
  return new Command('backup')
    .description('copy the database to FILE, safely, even while a scan is running')
    .argument('<file>', 'where to write the copy (replaced if it exists); in a folder, named as the database')
    .addHelpText(
      'after',
      `
Uses SQLite's online backup, so the copy is consistent even if a scan writes meanwhile. The
copy is checked, then renamed into place: an interrupted backup leaves FILE as it was.
Restore by using the copy as --db (or copying it over the database while earshot is not running).

Examples:
  $ earshot backup backups/earshot-$(date +%F).db
  $ earshot --db team.db backup /mnt/backup/team.db`,
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const [{ queryDbPath }, { backupDb }, { resolve }, { writeOut }, { UsageError }] = await Promise.all([
        import('../context.js'),
        import('../../store/backup-db.js'),
        import('node:path'),
        import('../output.js'),
        import('../../errors.js'),
      ]);
      if (file === '-') throw new UsageError('backup writes a database file, not standard output: give the copy a name');
      const from = await queryDbPath(globals);
      // resolve() drops a trailing slash, which says the copy goes into a folder.
      const to = resolve(process.cwd(), file) + (/[\\/]$/.test(file) ? '/' : '');
      const copy = await backupDb({ from, to });
      if (!globals.quiet) writeOut(`backed up ${from} to ${copy.to} (${copy.pages} pages)\n`);
    });
}
