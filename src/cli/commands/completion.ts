import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';

const LISTS = ['brands', 'sources', 'zones'] as const;

export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('[shell]', 'bash, zsh or fish')
    .addOption(new Option('--list <what>', 'print the config\'s brand or source names, or the time zones --tz takes, one a line (used by the scripts)').choices(LISTS))
    .addHelpText(
      'after',
      `
Brand and source names are read from the config each time you press Tab, so completion
follows edits to earshot.yaml.

Install:
  bash  earshot completion bash > ~/.local/share/bash-completion/completions/earshot
  zsh   earshot completion zsh > "\${fpath[1]}/_earshot"
  fish  earshot completion fish > ~/.config/fish/completions/earshot.fish

Examples:
  $ source <(earshot completion bash)          # in this bash session only
  $ earshot completion --list brands           # what --brand <Tab> offers`,
    )
    .action(async (shell: string | undefined, opts: { list?: (typeof LISTS)[number] }, cmd: Command) => {
      const { UsageError } = await import('../../errors.js');
      const { writeOut } = await import('../output.js');
      if (opts.list === 'zones') {
        writeOut(['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => `${z}\n`).join(''));
        return;
      }
      if (opts.list) {
        const { queryContext } = await import('../context.js');
        const { config } = await queryContext(cmd.optsWithGlobals<GlobalOptions>());
        const names = opts.list === 'brands' ? (config?.brands ?? []).map((b) => b.name) : (config?.sources ?? []).map((s) => s.name);
        writeOut(names.map((n) => `${n}\n`).join(''));
        return;
      }
      const { SHELLS, describeProgram, renderCompletion } = await import('../completion-scripts.js');
      if (!shell || !(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(`completion: expected one of ${SHELLS.join(', ')}${shell ? `, got "${shell}"` : ''}`);
      }
      writeOut(renderCompletion(shell as (typeof SHELLS)[number], describeProgram(cmd.parent!)));
    });
}
