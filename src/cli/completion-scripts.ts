import type { Command, Option } from 'commander';

/** What a completion script needs to know about the CLI, read from the commander program. */
export interface CompletionSpec {
  globalFlags: string[];
  /** Each command with its own subcommands (`config check`), flags and flag choices. */
  commands: { name: string; subcommands: string[]; words: string[]; flags: string[]; choices: Record<string, string[]>; takesFiles: boolean }[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Flags whose values are names from the config, listed at completion time so they stay current. */
const DYNAMIC: Record<string, 'brands' | 'sources' | 'zones'> = { '--brand': 'brands', '--source': 'sources', '--tz': 'zones' };

/** The words a command takes as its argument, offered as its subcommands are. */
const ARGUMENT_WORDS: Record<string, readonly string[]> = { completion: SHELLS };

/** Flags whose values are files. */
const PATH_FLAGS = new Set(['--config', '--db', '--out']);

function flagsOf(options: readonly Option[]): string[] {
  return options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
}

export function describeProgram(program: Command): CompletionSpec {
  return {
    globalFlags: [...flagsOf(program.options), '--help'],
    commands: program.commands.map((c) => ({
      name: c.name(),
      subcommands: c.commands.map((s) => s.name()),
      words: [...(ARGUMENT_WORDS[c.name()] ?? [])],
      flags: [...flagsOf(c.options), '--help'],
      choices: Object.fromEntries(
        c.options.filter((o) => o.long && o.argChoices).map((o) => [o.long!, [...o.argChoices!]]),
      ),
      takesFiles: c.registeredArguments.some((a) => a.name().includes('file')),
    })),
  };
}

export function renderCompletion(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? renderBash(spec) : shell === 'zsh' ? renderZsh(spec) : renderFish(spec);
}

const word = (s: string) => s.replace(/[^A-Za-z0-9_.,:@/+-]/g, '');

function renderBash(spec: CompletionSpec): string {
  const names = spec.commands.map((c) => c.name).join(' ');
  const cases = spec.commands
    .map((c) => {
      const values = Object.entries(c.choices)
        .map(([flag, vals]) => `        ${flag}) COMPREPLY=($(compgen -W "${vals.map(word).join(' ')}" -- "$cur")); return ;;`)
        .join('\n');
      const byPrev = values ? `      case "$prev" in\n${values}\n      esac\n` : '';
      return `    ${c.name})\n${byPrev}      opts="${[...c.subcommands, ...c.words, ...c.flags].map(word).join(' ')}" ;;`;
    })
    .join('\n');
  const dynamic = Object.entries(DYNAMIC)
    .map(([flag, what]) => `    ${flag}) _earshot_complete_names ${what}; return ;;`)
    .join('\n');
  return `# earshot bash completion. Install: earshot completion bash > ~/.local/share/bash-completion/completions/earshot
_earshot_names() {
  # Brand and source names come from the config each time, so completion follows edits to it.
  earshot \${_earshot_config:+--config "$_earshot_config"} completion --list "$1" 2>/dev/null
}

# One name a line, each offered quoted for the shell: compgen -W would split "Marks & Spencer"
# and read the apostrophe of "Sainsbury's" as a quote.
_earshot_complete_names() {
  local name quoted
  COMPREPLY=()
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    quoted=$(printf '%q' "$name")
    [[ "$quoted" == "$cur"* ]] && COMPREPLY+=("$quoted")
  done < <(_earshot_names "$1")
}

_earshot() {
  local cur prev cmd opts i _earshot_config=
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -c|--config) _earshot_config="\${COMP_WORDS[i+1]}"; i=$((i + 1)) ;;
      --db|--tz) i=$((i + 1)) ;;
      -*) ;;
      *) [ -z "$cmd" ] && cmd="\${COMP_WORDS[i]}" ;;
    esac
  done
  case "$prev" in
${dynamic}
    -c|--config|--db|--out) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case "$cmd" in
    "") opts="${spec.globalFlags.map(word).join(' ')}"
      if [[ "$cur" != -* ]]; then COMPREPLY=($(compgen -W "${names}" -- "$cur")); return; fi ;;
${cases}
    *) opts="" ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

complete -o default -F _earshot earshot
`;
}

function renderZsh(spec: CompletionSpec): string {
  const cases = spec.commands
    .map((c) => {
      const values = Object.entries(c.choices)
        .map(([flag, vals]) => `        ${flag}) compadd -- ${vals.map(word).join(' ')}; return ;;`)
        .join('\n');
      const byPrev = values ? `      case "$prev" in\n${values}\n      esac\n` : '';
      return `    ${c.name})\n${byPrev}      compadd -- ${[...c.subcommands, ...c.words, ...c.flags].map(word).join(' ')} ;;`;
    })
    .join('\n');
  // The names come from the config given on the line being completed, if any.
  const dynamic = Object.entries(DYNAMIC)
    .map(([flag, what]) => `    ${flag}) compadd -- \${(f)"$(earshot $config completion --list ${what} 2>/dev/null)"}; return ;;`)
    .join('\n');
  return `#compdef earshot
# earshot zsh completion. Install: earshot completion zsh > "\${fpath[1]}/_earshot" (then restart zsh)
_earshot() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" cmd="" i
  local -a config
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      -c|--config) config=(--config \${~\${(Q)words[i+1]}}); i=$((i + 1)) ;;
      --db|--tz) i=$((i + 1)) ;;
      -*) ;;
      *) [[ -z "$cmd" ]] && cmd="\${words[i]}" ;;
    esac
  done
  case "$prev" in
${dynamic}
    -c|--config|--db|--out) _files; return ;;
  esac
  case "$cmd" in
    "")
      if [[ "$cur" == -* ]]; then compadd -- ${spec.globalFlags.map(word).join(' ')}
      else compadd -- ${spec.commands.map((c) => c.name).join(' ')}; fi ;;
${cases}
  esac
}
compdef _earshot earshot
`;
}

function renderFish(spec: CompletionSpec): string {
  const lines = [
    '# earshot fish completion. Install: earshot completion fish > ~/.config/fish/completions/earshot.fish',
    '# Names from the config given on the line being completed (--config FILE), else the default one.',
    'function __earshot_list',
    '    set -l words (commandline -opc)',
    '    set -l config',
    '    for i in (seq 2 (math (count $words) - 1))',
    '        contains -- $words[$i] -c --config; and set config --config (string replace -r \'^~(?=/|$)\' $HOME -- $words[(math $i + 1)])',
    '    end',
    '    earshot $config completion --list $argv[1] 2>/dev/null',
    'end',
    `complete -c earshot -n __fish_use_subcommand -f -a '${spec.commands.map((c) => c.name).join(' ')}'`,
  ];
  const valuesOf = (flag: string, choices?: string[]) => {
    const dynamic = DYNAMIC[flag];
    if (choices) return ` -x -a '${choices.map(word).join(' ')}'`;
    if (dynamic) return ` -x -a '(__earshot_list ${dynamic})'`;
    return PATH_FLAGS.has(flag) ? ' -r -F' : '';
  };
  for (const flag of spec.globalFlags.filter((f) => f.startsWith('--'))) {
    lines.push(`complete -c earshot -n __fish_use_subcommand -l ${word(flag.slice(2))}${valuesOf(flag)}`);
  }
  for (const c of spec.commands) {
    const when = `'__fish_seen_subcommand_from ${c.name}'`;
    // File names only where the command takes files (import, score, backup).
    if (!c.takesFiles) lines.push(`complete -c earshot -n ${when} -f`);
    if (c.subcommands.length + c.words.length > 0) lines.push(`complete -c earshot -n ${when} -a '${[...c.subcommands, ...c.words].map(word).join(' ')}'`);
    for (const flag of c.flags.filter((f) => f.startsWith('--'))) {
      lines.push(`complete -c earshot -n ${when} -l ${word(flag.slice(2))}${valuesOf(flag, c.choices[flag])}`);
    }
  }
  return lines.join('\n') + '\n';
}
