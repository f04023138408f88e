import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'earshot-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules `earshot ARGS` loads, as logged by test/helpers/module-log.cjs. */
async function modulesLoadedBy(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const log = join(dir, `modules-${Math.random().toString(36).slice(2)}.log`);
  const r = await runCli(args, { cwd: dir, env: { MODULE_LOG: log, NODE_OPTIONS: `--require ${join(ROOT, 'test/helpers/module-log.cjs')}` } });
  return { code: r.code, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('start-up of a command that reads earshot.yaml', () => {
  it('loads zod and yaml as one bundled file, and no "did you mean" library', async () => {
    const config = join(ROOT, 'fixtures/demo/earshot.yaml');
    const db = join(dir, 'a.db');
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect((await runCli(['--config', config, '--db', db, 'import', empty], { cwd: dir })).code).toBe(0);
    const { code, modules } = await modulesLoadedBy(['--config', config, '--db', db, 'list', '--format', 'csv']);
    expect(code).toBe(0);
    expect(modules.some((m) => m.endsWith('/dist/config/libs.js'))).toBe(true);
    // One import of zod or yaml from its package instead of the bundle is ~170 files again.
    expect(modules.filter((m) => /node_modules\/(zod|yaml)\//.test(m))).toEqual([]);
    expect(modules.filter((m) => m.includes('fast-levenshtein'))).toEqual([]);
  });

  it("keeps the bundle's compiled code in a private folder under TMPDIR; a damaged cache is compiled afresh", async () => {
    const config = join(ROOT, 'fixtures/demo/earshot.yaml');
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const run = () => runCli(['--config', config, 'config', 'check'], { cwd: dir, env: { TMPDIR: tmp } });
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    const cacheDir = join(tmp, readdirSync(tmp).find((f) => f.startsWith('earshot-compile-cache-'))!);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const [cache] = readdirSync(cacheDir);
    expect(statSync(join(cacheDir, cache!)).size).toBeGreaterThan(100_000);
    // Damaged (a crash mid-write, another Node): V8 rejects it, the command works, the cache is rewritten.
    writeFileSync(join(cacheDir, cache!), 'not a code cache');
    const second = await run();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(join(cacheDir, cache!)).size).toBeGreaterThan(100_000);
  });

  it('uses no cache folder that others can write to', async () => {
    const config = join(ROOT, 'fixtures/demo/earshot.yaml');
    const tmp = mkdtempSync(join(dir, 'shared-'));
    const cacheDir = join(tmp, `earshot-compile-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);
    const r = await runCli(['--config', config, 'config', 'check'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('still suggests the key meant when one is misspelt', async () => {
    const config = join(dir, 'misspelt.yaml');
    writeFileSync(config, 'brands:\n  - name: Ocado\n    aliasses: [ocad]\n');
    const { code, modules } = await modulesLoadedBy(['--config', config, 'rules']);
    expect(code).toBe(2);
    expect(modules.some((m) => m.includes('fast-levenshtein'))).toBe(true);
  });
});

describe('start-up of report', () => {
  it('loads the table library only for a table', async () => {
    const db = join(dir, 'report.db');
    const empty = join(dir, 'empty-report.jsonl');
    writeFileSync(empty, '');
    const config = join(ROOT, 'fixtures/demo/earshot.yaml');
    expect((await runCli(['--config', config, '--db', db, 'import', empty], { cwd: dir })).code).toBe(0);
    const table = (modules: string[]) => modules.filter((m) => m.includes('cli-table3'));
    const json = await modulesLoadedBy(['--config', config, '--db', db, 'report', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(table(json.modules)).toEqual([]);
    const shown = await modulesLoadedBy(['--config', config, '--db', db, 'report', '--format', 'table']);
    expect(shown.code).toBe(0);
    expect(table(shown.modules).length).toBeGreaterThan(0);
  });
});

describe('start-up of scan', () => {
  it('loads the HTTP library only when a source makes a request', async () => {
    // The demo's sources are files, e-mail and transcripts: nothing to fetch over HTTP.
    const config = join(ROOT, 'fixtures/demo/earshot.yaml');
    const { code, modules } = await modulesLoadedBy(['--config', config, '--db', join(dir, 'scan.db'), 'scan']);
    expect(code).toBe(0);
    expect(modules.some((m) => m.includes('/dist/http/client.js'))).toBe(true);
    expect(modules.filter((m) => m.includes('node_modules/undici/'))).toEqual([]);
  });
});
