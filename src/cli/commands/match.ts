import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';

export function matchCommand(): Command {
  return new Command('match')
    .description('show which brands a text mentions and why, without storing anything')
    .argument('<text...>', 'the text to match, or - to read standard input')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, json when piped)').choices(['table', 'json', 'ndjson']))
    .addHelpText(
      'after',
      `
Examples:
  $ earshot match "my ocdao order is late again #OcadoFail"
  $ echo "Tesco's app is down" | earshot match - --format json`,
    )
    .action(async (words: string[], opts: { format?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig } = await import('../context.js');
      const config = await requireConfig(globals);
      const text = words.length === 1 && words[0] === '-' ? await readStdin() : words.join(' ');
      const [{ compileRules }, { analyzePost }, out, { renderMatches }] = await Promise.all([
        import('../../match/compile-rules.js'),
        import('../../pipeline/analyze.js'),
        import('../output.js'),
        import('../render-matches.js'),
      ]);
      const post = { source: 'cli', id: 'cli', channel: 'social' as const, createdAt: new Date().toISOString(), text };
      const { mentions } = analyzePost(post, compileRules(config.brands));
      const isTty = process.stdout.isTTY === true;
      const format = opts.format ?? (isTty ? 'table' : 'json');
      const color = out.createColor({ flag: globals.color, env: process.env, isTty });
      out.writeOut(renderMatches({ text, mentions, format: format as 'table' | 'json' | 'ndjson', color }));
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
