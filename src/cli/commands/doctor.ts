import { Command, Option } from 'commander';
import type { DbHealth } from '../../store/check-db.js';
import type { GlobalOptions } from '../context.js';

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check the database: integrity, schema version, sizes, row counts and each source\'s health')
    .addOption(new Option('--format <format>', 'output format (default: text on a terminal, json when piped)').choices(['text', 'json']))
    .addHelpText(
      'after',
      `
Reads only; changes nothing. Exits 1 when the integrity check fails or the file is not a
database earshot can read: restore a backup ("earshot backup FILE" makes one).

Examples:
  $ earshot doctor
  $ earshot doctor --format json | jq .integrity`,
    )
    .action(async (opts: { format?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const [{ queryDbPath }, { checkDb }, { existsSync }, { noDatabaseYet }, { EXIT }, { writeOut }] = await Promise.all([
        import('../context.js'),
        import('../../store/check-db.js'),
        import('node:fs'),
        import('../../store/open-db.js'),
        import('../exit-codes.js'),
        import('../output.js'),
      ]);
      const path = await queryDbPath(globals);
      if (!existsSync(path)) throw noDatabaseYet(path);
      const health = checkDb(path);
      const configured = await configuredSources(globals);
      const format = opts.format ?? (process.stdout.isTTY ? 'text' : 'json');
      writeOut(format === 'json' ? `${JSON.stringify({ ...health, configured }, null, 2)}\n` : await renderHealth(health, configured));
      if (!health.ok) process.exitCode = EXIT.FAILURE;
    });
}

/** Names of the configured sources, when a config is at hand; doctor works without one. */
async function configuredSources(globals: GlobalOptions): Promise<string[] | null> {
  const { findConfigFile, loadConfigFile } = await import('../../config/load.js');
  const file = findConfigFile({ flag: globals.config, env: process.env, cwd: process.cwd() });
  return file ? loadConfigFile(file, process.env, { needsSecrets: false }).sources.map((s) => s.name) : null;
}

async function renderHealth(h: DbHealth, configured: string[] | null): Promise<string> {
  const { stripControls } = await import('../../report/sanitize.js');
  const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KiB`;
  const lines = [
    `database   ${stripControls(h.path)}`,
    `size       ${kb(h.sizes.db)} (wal ${kb(h.sizes.wal)}, shm ${kb(h.sizes.shm)})`,
    `schema     ${h.schemaVersion === null ? 'unknown' : h.schemaVersion === 0 ? (h.rows['posts'] !== undefined && h.rows['mentions'] !== undefined ? "none: earshot's tables without their version (an sqlite3 .dump leaves it out)" : 'none: not an earshot database') : `version ${h.schemaVersion}`} (this earshot knows ${h.knownSchemaVersion})`,
    `integrity  ${h.integrity.map(stripControls).join('\n           ')}`,
    `rows       ${Object.entries(h.rows).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}`,
  ];
  const names = configured ?? h.sources.map((s) => s.source);
  if (names.length > 0) lines.push('sources');
  for (const name of names) {
    // A database that could not be read says nothing of its sources: not "never succeeded".
    if (h.schemaVersion === null) {
      lines.push(`  ${stripControls(name)}: unknown (the database could not be read)`);
      continue;
    }
    const s = h.sources.find((x) => x.source === name);
    const error = s?.lastError ? `last error ${s.lastErrorAt}: ${stripControls(s.lastError)}` : 'no errors';
    lines.push(`  ${stripControls(name)}: ${s?.lastSuccessAt ? `last success ${s.lastSuccessAt}` : 'never succeeded'}; ${error}`);
  }
  return `${lines.join('\n')}\n`;
}
