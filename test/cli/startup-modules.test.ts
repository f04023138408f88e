import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('still suggests the key meant when one is misspelt', async () => {
    const config = join(dir, 'misspelt.yaml');
    writeFileSync(config, 'brands:\n  - name: Ocado\n    aliasses: [ocad]\n');
    const { code, modules } = await modulesLoadedBy(['--config', config, 'rules']);
    expect(code).toBe(2);
    expect(modules.some((m) => m.includes('fast-levenshtein'))).toBe(true);
  });
});
