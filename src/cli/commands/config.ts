import { Command } from 'commander';
import type { Config } from '../../config/schema.js';
import type { GlobalOptions } from '../context.js';

export function configCommand(): Command {
  const check = new Command('check')
    .description('validate the config without scanning and print it resolved, with defaults filled in and secrets masked')
    .addHelpText(
      'after',
      `
Values that came from \${ENV_VAR} are printed as \${ENV_VAR}, never as what the variable holds.
Exit 0 when the config is valid, 2 (with every problem listed) when it is not. A name that is also a
word ("Next", "Shell") or one character, on a brand without context or caseSensitive, gets
a warning on stderr: every such word in a post would be a mention.

Examples:
  $ earshot config check
  $ earshot --config ~/brands/earshot.yaml config check --quiet && earshot scan`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig } = await import('../context.js');
      const { readFileSync } = await import('node:fs');
      const { parse, stringify } = (await import('../../config/read-yaml.js')).yamlLib();
      const { writeOut } = await import('../output.js');
      const config = await requireConfig(globals, { needsSecrets: true });
      if (globals.quiet) return;
      const text = config.file ? readFileSync(config.file, 'utf8') : undefined;
      const raw: unknown = text === undefined ? undefined : parse(text);
      if (config.file && text !== undefined) await warnAmbiguousNames(config, { file: config.file, text, raw }, globals);
      const { file, baseDir: _baseDir, ...resolved } = config;
      const masked = maskEnvValues(resolved, raw);
      writeOut(`# ${file}: valid\n${stringify(masked, { lineWidth: 0 })}`);
    });
  return new Command('config')
    .description('check the configuration')
    .addCommand(check.exitOverride())
    .addHelpText(
      'after',
      `
Examples:
  $ earshot config check                       # valid? then the config as earshot reads it
  $ earshot --config other.yaml config check --quiet && echo ok`,
    );
}

/** Names that are everyday words (ambiguous-names.ts), said on stderr: the dictionaries load for this only. */
async function warnAmbiguousNames(config: Config, { file, text, raw }: { file: string; text: string; raw: unknown }, globals: GlobalOptions): Promise<void> {
  const [{ ambiguousNameWarnings }, { locatorFor }, dictionaries, { loggerFor }] = await Promise.all([
    import('../../config/ambiguous-names.js'),
    import('../../config/load.js'),
    import('../../match/dictionaries.js'),
    import('../context.js'),
  ]);
  await dictionaries.loadSpellChecker();
  const isWord = (word: string, language: string) => dictionaries.hasDictionary(language) && dictionaries.isDictionaryWord(word, language);
  const log = loggerFor(globals);
  // A name from ${VAR} is masked on stdout; advice would print it.
  const fromEnv = (path: PropertyKey[]) => /\$\{/.test(String(path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], raw)));
  for (const warning of ambiguousNameWarnings({ brands: config.brands, languages: config.languages, isWord, at: locatorFor(file, text), fromEnv })) log.warn(warning);
}

/** Wherever the file held a `${VAR}` reference, the file's text replaces the substituted value. */
function maskEnvValues(resolved: unknown, raw: unknown): unknown {
  if (typeof raw === 'string' && /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(raw)) return raw;
  if (Array.isArray(resolved)) return resolved.map((v, i) => maskEnvValues(v, Array.isArray(raw) ? raw[i] : undefined));
  if (resolved && typeof resolved === 'object') {
    const from = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(resolved).filter(([, v]) => v !== undefined).map(([k, v]) => [k, maskEnvValues(v, from[k])]));
  }
  return resolved;
}
