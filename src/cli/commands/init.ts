import { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starter earshot.yaml to edit')
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      `
Examples:
  $ earshot init
  $ earshot --config ~/brands/earshot.yaml init --force`,
    )
    .action(async (opts: { force?: boolean }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { existsSync, writeFileSync } = await import('node:fs');
      const { resolve } = await import('node:path');
      const { STARTER_CONFIG } = await import('../../config/starter.js');
      const { DEFAULT_CONFIG_FILE } = await import('../../config/load.js');
      const { UsageError } = await import('../../errors.js');
      // Where the other commands will look: --config, then $EARSHOT_CONFIG, then ./earshot.yaml.
      const path = resolve(process.cwd(), globals.config ?? (process.env.EARSHOT_CONFIG || DEFAULT_CONFIG_FILE));
      if (existsSync(path) && !opts.force) {
        throw new UsageError(`${path} already exists (use --force to overwrite it)`);
      }
      // An earshot.yml or earshot.json here is the config the other commands read until an
      // earshot.yaml shadows it: a starter written beside it would take the user's place.
      const beside = globals.config || process.env.EARSHOT_CONFIG ? [] : ['earshot.yml', 'earshot.json'].map((f) => resolve(process.cwd(), f)).filter((f) => existsSync(f));
      if (beside.length > 0) {
        throw new UsageError(`${beside[0]} is this folder's config already; edit it, or give init another file with --config`);
      }
      const { shippedSchemaUrl } = await import('../../config/json-schema.js');
      // The modeline lets YAML editors (VS Code, Neovim via yaml-language-server) check keys as you type.
      try {
        writeFileSync(path, `# yaml-language-server: $schema=${shippedSchemaUrl()}\n${STARTER_CONFIG}`);
      } catch (err) {
        const { EarshotError, fileErrorMessage } = await import('../../errors.js');
        throw new EarshotError(`cannot write ${path}: ${fileErrorMessage(err)}; run init in a folder you can write to, or give --config a path there`);
      }
      if (!globals.quiet) process.stderr.write(`wrote ${path}\nnext: put your brands and sources in it, then run "earshot scan"\n`);
    });
}
