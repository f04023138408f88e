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
Exit 0 when the config is valid, 2 (with every problem listed) when it is not. Advice comes as
warnings on stderr, still exit 0:
  - a name that is also a word ("Next", "Shell"), on a brand without context or caseSensitive,
    or one character ("X"), on a brand without context: every such word in a post would be a
    mention;
  - a language no spelling dictionary ships for ("ja");
  - an own brand's handles, when none names a Mastodon instance and a mastodon source is
    configured: its replies there would not mark mentions responded.

Examples:
  $ earshot config check
  $ earshot --config ~/brands/earshot.yaml config check --quiet && earshot scan`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const [{ requireConfigFile }, { parseConfig, readConfigText }, { readYaml, yamlLib }, { writeOut }, { basename }] = await Promise.all([
        import('../context.js'),
        import('../../config/load.js'),
        import('../../config/read-yaml.js'),
        import('../output.js'),
        import('node:path'),
      ]);
      // Read once: a config piped in (--config /dev/stdin) is gone on a second read, and the
      // values to mask would be read from nothing.
      const path = await requireConfigFile(globals);
      const text = readConfigText(path);
      const config = parseConfig({ source: text, file: path, env: process.env, needsSecrets: true });
      if (globals.quiet) return;
      const { data: raw, locate } = readYaml(text, basename(path));
      await warnOfAdvice(config, { raw, locate }, globals);
      const { file, baseDir: _baseDir, ...resolved } = config;
      const masked = maskEnvValues(resolved, raw);
      writeOut(`# ${file}: valid\n${yamlLib().stringify(masked, { lineWidth: 0 })}`);
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

/**
 * Advice on stderr: names that are everyday words (ambiguous-names.ts; the dictionaries load for
 * this only) and Mastodon handles without an instance (reply-handles.ts).
 */
async function warnOfAdvice(config: Config, { raw, locate }: { raw: unknown; locate: (path: PropertyKey[]) => string }, globals: GlobalOptions): Promise<void> {
  const [{ ambiguousNameWarnings, undictionariedLanguageWarnings }, { replyHandleWarnings }, dictionaries, { loggerFor }] = await Promise.all([
    import('../../config/ambiguous-names.js'),
    import('../../config/reply-handles.js'),
    import('../../match/dictionaries.js'),
    import('../context.js'),
  ]);
  await dictionaries.loadSpellChecker();
  const isWord = (word: string, language: string) => dictionaries.hasDictionary(language) && dictionaries.isDictionaryWord(word, language);
  const log = loggerFor(globals);
  // A name from ${VAR} is masked on stdout; advice would print it.
  const fromEnv = (path: PropertyKey[]) => /\$\{/.test(String(path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], raw)));
  for (const warning of undictionariedLanguageWarnings({ brands: config.brands, languages: config.languages, hasDictionary: dictionaries.hasDictionary, at: locate, fromEnv })) log.warn(warning);
  for (const warning of ambiguousNameWarnings({ brands: config.brands, languages: config.languages, isWord, at: locate, fromEnv })) log.warn(warning);
  for (const warning of replyHandleWarnings({ brands: config.brands, sources: config.sources, at: locate })) log.warn(warning);
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
