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
  });

  it('skips the value of --tz as of --db, and completes time zones after it', async () => {
    const script = (await runCli(['completion', 'bash'], { cwd: dir })).stdout;
    expect(completeBash(script, ['earshot', '--tz', 'UTC', 'list', '--b'])).toEqual(['--brand', '--bom']);
    expect(completeBash(script, ['earshot', '--db', 'x.db', '--tz', 'Europe/London', 'export', '--format', 'n'])).toEqual(['ndjson']);
    expect(completeBash(script, ['earshot', '--tz', 'Europe/Lon'])).toEqual(['Europe/London']);
    const zones = (await runCli(['completion', '--list', 'zones'], { cwd: dir })).stdout.split('\n');
    expect(zones).toEqual(expect.arrayContaining(['UTC', 'Europe/London', 'America/New_York']));
    expect((await runCli(['completion', 'zsh'], { cwd: dir })).stdout).toContain('-c|--config|--db|--tz) i=$((i + 1)) ;;');
    expect((await runCli(['completion', 'fish'], { cwd: dir })).stdout).toContain("complete -c earshot -n __fish_use_subcommand -l tz -x -a '(earshot completion --list zones 2>/dev/null)'\n");
  });
});
