import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';
import type { MatchFormat } from '../render-matches.js';

// Here, not beside the renderer: every command's module loads at start-up, the renderer only when it runs.
const MATCH_FORMATS: readonly MatchFormat[] = ['table', 'json', 'ndjson', 'csv', 'tsv'];

interface MatchOptions {
  format?: string;
  explain?: boolean;
  lang?: string;
}

export function matchCommand(): Command {
  return new Command('match')
    .description('show which brands a text mentions and why, without storing anything')
    .argument('<text...>', 'the text to match, or - to read standard input')
    .option('--explain', 'also show candidates that were dropped, and why (a real word, an exclude phrase, …)')
    .option('--lang <code>', 'treat the text as this language instead of detecting it')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, json when piped)').choices(MATCH_FORMATS as string[]))
    .addHelpText(
      'after',
      `
Examples:
  $ earshot match "my ocdao order is late again #OcadoFail"
  $ earshot match --explain "smashed avocado toast with nice tesco bread"
  $ echo "Tesco's app is down" | earshot match - --format json`,
    )
    .action(async (words: string[], opts: MatchOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig } = await import('../context.js');
      const config = await requireConfig(globals);
      const text = words.length === 1 && words[0] === '-' ? await readStdin() : words.join(' ');
      const [{ createAnalyzer }, out, { renderMatches }] = await Promise.all([
        import('../../pipeline/analyze.js'),
        import('../output.js'),
        import('../render-matches.js'),
      ]);
      const { parseLanguageFlag } = await import('../../language/detect-language.js');
      const language = opts.lang === undefined ? null : parseLanguageFlag(opts.lang);
      const analyzer = await createAnalyzer(config);
      const post = { source: 'cli', id: 'cli', channel: 'social' as const, createdAt: new Date().toISOString(), text, language };
      await analyzer.prepare([post]);
      const rejected = opts.explain ? [] : undefined;
      const { post: analyzed, mentions } = analyzer.analyze(post, rejected);
      const isTty = process.stdout.isTTY === true;
      const format = (opts.format ?? (isTty ? 'table' : 'json')) as MatchFormat;
      const color = out.createColor({ flag: globals.color, env: process.env, isTty });
      // Spans count in the text as it is matched and stored (composed, without control characters).
      out.writeOut(renderMatches({ text: analyzed.text, language: analyzed.language ?? null, mentions, rejected, format, color }));
    });
}

/** Standard input in the encodings import reads (UTF-8, UTF-16 by its mark, Windows-1252, told). */
async function readStdin(): Promise<string> {
  (await import('../output.js')).hintTerminalInput('the text');
  const { textLines } = await import('../../sources/text-lines.js');
  const onEncoding = (encoding: string) => {
    if (encoding === 'windows-1252') process.stderr.write('warning: stdin: text that is not UTF-8, read as Windows-1252 (as Excel saves text files on Windows)\n');
  };
  const lines: string[] = [];
  for await (const block of textLines(process.stdin, { name: 'stdin', onEncoding })) for (const line of block) lines.push(line);
  return lines.join('\n').replace(/^\uFEFF/, '');
}
