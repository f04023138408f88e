import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

// In the fault suite, not the main one: an install from the registry takes a minute or more.
describe('npm pack → npm install -g', () => {
  let dir: string;
  let bin: string;

  function run(cmd: string, args: string[], cwd: string) {
    const r = spawnSync(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-pack-'));
    const pack = run('npm', ['pack', '--pack-destination', dir], ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const tgz = readdirSync(dir).find((f) => /^earshot-.*\.tgz$/.test(f));
    expect(tgz).toBeDefined();
    // Without install scripts, then with the SQLite addon this checkout already built: compiling
    // it again (as \`npm ci\` in CI has just done) would double this suite's time and prove nothing new.
    const install = run('npm', ['install', '-g', '--ignore-scripts', '--prefix', join(dir, 'prefix'), join(dir, tgz!)], dir);
    expect(install.code, install.stderr).toBe(0);
    const installed = join(dir, 'prefix', 'lib', 'node_modules', 'earshot', 'node_modules', 'better-sqlite3');
    expect(existsSync(join(installed, 'package.json'))).toBe(true);
    cpSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build'), join(installed, 'build'), { recursive: true });
    bin = join(dir, 'prefix', 'bin', 'earshot');
  }, 280_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships only built files, the schema and the sentiment lexicons', () => {
    const r = run('npm', ['pack', '--dry-run', '--json'], ROOT);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    const outside = files.filter((f) => !/^(bin\/|dist\/|schema\/earshot\.schema\.json$|src\/sentiment\/lexicons\/|README\.md$|LICENSE|package\.json$)/.test(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') && f.endsWith('.ts'))).toEqual([]);
    expect(files).toContain('dist/cli/main.js');
    // The language detector's n-grams as JSON, written by the build (scripts/build-language-data.js).
    expect(files).toContain('dist/language/eld-small.json');
  });

  it('runs --version from another directory', () => {
    const r = run(bin, ['--version'], tmpdir());
    expect(r.code).toBe(0);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.trim()).toBe(version);
  });

  it('scans with the lexicons and dictionaries of the installed package', () => {
    const work = join(dir, 'work');
    cpSync(join(ROOT, 'fixtures/demo'), work, { recursive: true });
    const scan = run(bin, ['--db', 'demo.db', 'scan'], work);
    expect(scan.code, scan.stderr).toBe(0);
    const list = run(bin, ['--db', 'demo.db', 'export', '--format', 'ndjson', '--fields', 'sentiment,match_kind,matched'], work);
    const rows = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows.some((r) => r.sentiment === 'negative')).toBe(true);
    // Fuzzy matching consults the hunspell dictionary packages installed alongside.
    expect(rows.some((r) => r.match_kind === 'fuzzy')).toBe(true);
  });

  it('scores with a trained lexicon read from the installed src/sentiment/lexicons', () => {
    const r = spawnSync(bin, ['score', '--explain', '--lang', 'de'], {
      cwd: tmpdir(),
      input: '{"id":"1","text":"Das ist wirklich schrecklich und enttäuschend"}\n',
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ sentiment: 'negative', explain: { lexicon: 'de' } });
  });

  it('init points at the schema inside the installed package', () => {
    const work = mkdtempSync(join(dir, 'init-'));
    expect(run(bin, ['init'], work).code).toBe(0);
    const first = readFileSync(join(work, 'earshot.yaml'), 'utf8').split('\n')[0]!;
    const url = /\$schema=(\S+)/.exec(first)![1]!;
    expect(url).toContain(join(dir, 'prefix'));
    expect(existsSync(fileURLToPath(url))).toBe(true);
  });
});
