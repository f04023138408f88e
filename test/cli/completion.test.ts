import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';

function hasShell(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

describe('earshot completion', () => {
  let dir: string;
  let shimDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-completion-'));
    cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
    // The scripts call `earshot` on PATH at completion time: a shim runs this checkout's build.
    shimDir = join(dir, 'bin');
    mkdirSync(shimDir);
    writeFileSync(join(shimDir, 'earshot'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(shimDir, 'earshot'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Sources the bash script and runs the completion function on `words` (the last is being typed). */
  function completeBash(script: string, words: string[]): string[] {
    const file = join(dir, 'earshot.bash');
    writeFileSync(file, script);
    const arr = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
    const out = execFileSync(
      'bash',
      ['-c', `source "${file}"; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _earshot; printf '%s\\n' "\${COMPREPLY[@]}"`],
      { cwd: dir, env: { PATH: `${shimDir}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1' } },
    );
    return out.toString().split('\n').filter(Boolean);
  }

  it.each(['bash', 'zsh', 'fish'])('prints a %s script that its shell parses (bash always; zsh and fish when installed)', async (shell) => {
    const r = await runCli(['completion', shell], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scan');
    expect(r.stdout).toContain('ndjson');
    expect(r.stdout).toContain('completion --list');
    // bash is required (the suite's other tests use it too); zsh and fish are checked by
    // syntax only where installed, and their scripts' content is asserted above regardless.
    if (shell === 'bash' || hasShell(shell)) {
      const file = join(dir, `script.${shell}`);
      writeFileSync(file, r.stdout);
      const check = spawnSync(shell, ['-n', file]);
      expect(check.stderr.toString()).toBe('');
      expect(check.status).toBe(0);
    }
  });

  it('rejects an unknown shell with exit 2', async () => {
    const r = await runCli(['completion', 'tcsh'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });

  it('lists brand and source names from the config', async () => {
    const brands = await runCli(['completion', '--list', 'brands'], { cwd: dir });
    expect(brands.code).toBe(0);
    expect(brands.stdout.split('\n')).toContain('Ocado');
    const sources = await runCli(['completion', '--list', 'sources'], { cwd: dir });
    expect(sources.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('completes commands, --format values and brand names in bash', async () => {
    const script = (await runCli(['completion', 'bash'], { cwd: dir })).stdout;
    expect(completeBash(script, ['earshot', 'sc'])).toEqual(['scan', 'score']);
    expect(completeBash(script, ['earshot', ''])).toContain('export');
    expect(completeBash(script, ['earshot', 'list', '--format', ''])).toEqual(['table', 'csv', 'tsv', 'json', 'ndjson']);
    expect(completeBash(script, ['earshot', 'export', '--format', 'n'])).toEqual(['ndjson']);
    expect(completeBash(script, ['earshot', 'list', '--b'])).toEqual(['--brand', '--bom']);
    expect(completeBash(script, ['earshot', 'list', '--brand', ''])).toContain('Ocado');
    // A name with an apostrophe comes whole and quoted for the shell, not split or unquoted.
    expect(completeBash(script, ['earshot', 'list', '--brand', 'Sai'])).toEqual(["Sainsbury\\'s"]);
    expect(completeBash(script, ['earshot', 'list', '--brand', "Sainsbury\\'"])).toEqual(["Sainsbury\\'s"]);
    // A command's own subcommands: earshot config <Tab>.
    expect(completeBash(script, ['earshot', 'config', ''])).toEqual(['check', '--help']);
    expect((await runCli(['completion', 'fish'], { cwd: dir })).stdout).toContain("complete -c earshot -n '__fish_seen_subcommand_from config' -a 'check'\n");
    expect((await runCli(['completion', 'zsh'], { cwd: dir })).stdout).toMatch(/ {4}config\)\n {6}compadd -- check --help ;;/);
    // The shells `completion` takes, as its argument.
    expect(completeBash(script, ['earshot', 'completion', ''])).toEqual(['bash', 'zsh', 'fish', '--list', '--help']);
    expect((await runCli(['completion', 'fish'], { cwd: dir })).stdout).toContain("complete -c earshot -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n");
    expect((await runCli(['completion', 'zsh'], { cwd: dir })).stdout).toMatch(/ {4}completion\)\n(.*\n)*? {6}compadd -- bash zsh fish --list --help ;;/);
  });

  it('skips the value of --tz as of --db, and completes time zones after it', async () => {
    const script = (await runCli(['completion', 'bash'], { cwd: dir })).stdout;
    expect(completeBash(script, ['earshot', '--tz', 'UTC', 'list', '--b'])).toEqual(['--brand', '--bom']);
    expect(completeBash(script, ['earshot', '--db', 'x.db', '--tz', 'Europe/London', 'export', '--format', 'n'])).toEqual(['ndjson']);
    expect(completeBash(script, ['earshot', '--tz', 'Europe/Lon'])).toEqual(['Europe/London']);
    const zones = (await runCli(['completion', '--list', 'zones'], { cwd: dir })).stdout.split('\n');
    expect(zones).toEqual(expect.arrayContaining(['UTC', 'Europe/London', 'America/New_York']));
    expect((await runCli(['completion', 'zsh'], { cwd: dir })).stdout).toContain('--db|--tz) i=$((i + 1)) ;;');
    expect((await runCli(['completion', 'fish'], { cwd: dir })).stdout).toContain("complete -c earshot -n __fish_use_subcommand -l tz -x -a '(__earshot_list zones)'\n");
  });

  describe('names from the config given on the line, and file names where values are files', () => {
    beforeAll(() => {
      mkdirSync(join(dir, 'other'), { recursive: true });
      writeFileSync(join(dir, 'other', 'earshot.yaml'), 'brands:\n  - name: Zed\nsources:\n  - name: zed-posts\n    type: file\n    path: z.jsonl\n');
      writeFileSync(join(dir, 'apple.csv'), '');
    });
    const env = () => ({ PATH: `${shimDir}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1' });

    it('in bash', async () => {
      const script = (await runCli(['completion', 'bash'], { cwd: dir })).stdout;
      expect(completeBash(script, ['earshot', '--config', 'other/earshot.yaml', 'list', '--brand', ''])).toEqual(['Zed']);
      expect(completeBash(script, ['earshot', 'export', '--out', 'app'])).toEqual(['apple.csv']);
    });

    // Each shell's own completion machinery runs the script where the shell is installed; the
    // script is asserted as text regardless, so the test checks something everywhere.
    it('in zsh', async () => {
      const script = (await runCli(['completion', 'zsh'], { cwd: dir })).stdout;
      expect(script).toContain('-c|--config) config=(--config ${~${(Q)words[i+1]}}); i=$((i + 1)) ;;');
      if (!hasShell('zsh')) return;
      writeFileSync(join(dir, '_earshot'), script);
      // compadd and _files stand in for compsys: each prints what it would offer.
      const complete = (words: string[]) =>
        execFileSync(
          'zsh',
          ['-c', `compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }; _files() { print FILES; }; source ./_earshot; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _earshot`],
          { cwd: dir, env: env() },
        )
          .toString()
          .split('\n')
          .filter(Boolean);
      expect(complete(['earshot', '--config', 'other/earshot.yaml', 'list', '--brand', ''])).toEqual(['Zed']);
      expect(complete(['earshot', '-c', 'other/earshot.yaml', '--db', 'x.db', 'scan', '--source', ''])).toEqual(['zed-posts']);
      expect(complete(['earshot', 'list', '--brand', ''])).toContain('Ocado');
    });

    it('in fish, which also offers files only for options and commands that take them', async () => {
      const script = (await runCli(['completion', 'fish'], { cwd: dir })).stdout;
      expect(script).toContain("complete -c earshot -n '__fish_seen_subcommand_from export' -l out -r -F\n");
      expect(script).toContain("complete -c earshot -n '__fish_seen_subcommand_from list' -f\n");
      expect(script).not.toContain("complete -c earshot -n '__fish_seen_subcommand_from import' -f\n");
      if (!hasShell('fish')) return;
      writeFileSync(join(dir, 'earshot.fish'), script);
      const complete = (line: string) =>
        execFileSync('fish', ['-c', `source earshot.fish; complete -C '${line}'`], { cwd: dir, env: env() })
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('\t')[0]);
      expect(complete('earshot --config other/earshot.yaml list --brand ')).toEqual(['Zed']);
      expect(complete('earshot list --brand ')).toContain('Ocado');
      expect(complete('earshot export --out app')).toEqual(['apple.csv']);
      expect(complete('earshot import app')).toEqual(['apple.csv']);
      expect(complete('earshot list app')).toEqual([]);
    });
  });
});
