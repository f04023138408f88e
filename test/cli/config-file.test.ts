import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-config-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
const check = (file: string, env: Record<string, string> = {}, input?: string) => runCli(['--config', file, 'config', 'check'], { cwd: dir, env, input });
/** Writes `content` to `file` and checks it: [exit code, stderr]. */
const checked = async (file: string, content: string) => {
  write(file, content);
  const r = await check(file);
  return [r.code, r.stderr];
};

describe('the config file as users write it', () => {
  it('config check read from a pipe masks ${VAR} values, as from a file', async () => {
    const config = 'brands:\n  - name: Ocado\nsources:\n  - type: github\n    token: ${GH_TOKEN}\nnotify:\n  - url: ${HOOK}\n';
    const r = await check('/dev/stdin', { GH_TOKEN: 'ghp_SECRET123', HOOK: 'https://hooks.example/SECRETPATH' }, config);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('token: ${GH_TOKEN}');
    expect(r.stdout).toContain('url: ${HOOK}');
    expect(r.stdout).not.toContain('SECRET');
  });

  it('old Mac line ends: read by scan and config check alike, problems at their lines, through yaml too', async () => {
    write('cr.yaml', 'brands:\r  - name: Ocado\rsources:\r  - type: file\r    path: posts.jsonl\r');
    expect((await check('cr.yaml')).code).toBe(0);
    expect(await checked('bad.yaml', 'brands:\r  - name: Ocado\r    fuzzy: 9\r')).toEqual([2, 'earshot: bad.yaml:3: brands[0].fuzzy: expected auto, off or a whole number from 0 to 3\n']);
    expect(await checked('alias.yaml', 'brands:\r  - name: Ocado\r    aliases: [a, *nope]\r')).toEqual([2, 'earshot: alias.yaml:3: *nope names no anchor set before it (&nope)\n']);
    write('v11.yaml', '%YAML 1.1\r---\rbrands:\r  - name: Ocado\r');
    expect((await check('v11.yaml')).code).toBe(0);
  });

  it('a config piped in reads its paths from the working folder, not /dev', async () => {
    write('posts.jsonl', '{"id":"1","text":"Ocado lost my order"}\n');
    const config = 'brands:\n  - name: Ocado\nsources:\n  - type: file\n    path: posts.jsonl\n';
    const r = await runCli(['--config', '/dev/stdin', '--db', 'x.db', 'scan'], { cwd: dir, input: config });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/1 new posts, 1 new mentions/);
  });

  it('anchors and aliases: a hundred and more uses of one anchor are fine; a billion laughs and a missing anchor are one line each', async () => {
    const brands = Array.from({ length: 150 }, (_, i) => `  - name: Brand${i}\n    exclude: *noise`).join('\n');
    write('many.yaml', `brands:\n  - name: Ocado\n    exclude: &noise [ocado technology]\n${brands}\n`);
    expect((await check('many.yaml')).code).toBe(0);
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(await checked('laughs.yaml', `${levels.join('\n')}\nbrands:\n  - name: Ocado\n    exclude: *a8\n`)).toEqual([2, 'earshot: laughs.yaml: anchors used too often (over 10,000 times, counting aliases inside aliases): write the values out\n']);
    expect(await checked('self.yaml', 'brands:\n  - name: Ocado\n    aliases: &x [a, *x]\n')).toEqual([2, 'earshot: self.yaml: an alias stands inside the anchor it names (such as &x [a, *x]): write the values out\n']);
    expect(await checked('nope.yaml', 'brands:\n  - name: Ocado\n    exclude: *nope\n')).toEqual([2, 'earshot: nope.yaml:3: *nope names no anchor set before it (&nope)\n']);
  });

  it('refuses, in one line each: deep nesting, a custom tag, a second document, a name of pasted text', async () => {
    write('deep.yaml', `brands:\n  - name: Ocado\n    context:\n      ${'- '.repeat(3000)}x\n`);
    write('tag.yaml', 'brands:\n  - name: Ocado\n    aliases: [!foo bar]\n');
    write('two.yaml', 'brands:\n  - name: Ocado\n---\nbrands:\n  - name: Tesco\n');
    write('long.yaml', `brands:\n  - name: ${'a'.repeat(1_000_000)}\n`);
    const expected: Record<string, string> = {
      'deep.yaml': 'deep.yaml:4: nested deeper than 100 levels',
      'tag.yaml': 'tag.yaml:3: Unresolved tag: !foo (earshot reads no custom tags)',
      'two.yaml': 'two.yaml:3: a second YAML document (after "---"): earshot reads one; remove it or merge the two',
      'long.yaml': 'long.yaml:2: brands[0].name: expected at most 200 characters',
    };
    for (const [file, message] of Object.entries(expected)) {
      const r = await check(file);
      expect([r.code, r.stderr], file).toEqual([2, `earshot: ${message}\n`]);
    }
  });

  it('text that is not UTF-8 is refused at its line; UTF-16 with its mark is read', async () => {
    write('latin.yaml', Buffer.from('brands:\n  - name: Caf\xe9\n', 'latin1'));
    const latin = await check('latin.yaml');
    expect([latin.code, latin.stderr]).toEqual([2, 'earshot: latin.yaml:2: not UTF-8 text: save the file as UTF-8\n']);
    write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('brands:\n  - name: Café\n', 'utf16le')]));
    const utf16 = await check('utf16.yaml');
    expect(utf16.code, utf16.stderr).toBe(0);
    expect(utf16.stdout).toContain('name: Café');
  });

  it('with --db given, a config that is there and broken stops a read command (exit 2) instead of changing its output', async () => {
    write('earshot.yaml', 'brands:\n  - name: Ocado\n    competitor: yes\n');
    const r = await runCli(['--db', 'x.db', 'export', '--format', 'csv'], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'earshot: earshot.yaml:3: brands[0].competitor: expected boolean, received string (write true or false: "yes" is text in YAML 1.2, as earshot reads it)\n']);
  });
});
