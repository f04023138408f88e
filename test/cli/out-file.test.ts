import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-out-'));
  writeFileSync(join(dir, 'p.jsonl'), '{"id":"1","text":"acme lost my parcel","created_at":"2026-01-02T03:04:05Z"}\n');
  expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
  expect((await runCli(['--db', 'x.db', 'import', 'p.jsonl'], { cwd: dir })).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('--out', () => {
  it.each([
    ['export', 'x.db', 'the database itself'],
    ['export', 'sub/../x.db', 'the database itself'],
    ['report', 'x.db-wal', "the database's own -wal file"],
    ['export', './x.db-shm', "the database's own -shm file"],
  ])('%s --out %s is refused before anything is written: the database stays whole', async (command, target, what) => {
    const before = readFileSync(join(dir, 'x.db'));
    const r = await runCli(['--db', 'x.db', command, '--out', target], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`earshot: ${target} is ${what}; give the output another name\n`);
    expect(readFileSync(join(dir, 'x.db')).equals(before)).toBe(true);
    expect((await runCli(['--db', 'x.db', 'list', '--format', 'csv', '--all'], { cwd: dir })).stdout).toContain('acme lost my parcel');
  });

  it('refuses a workbook\'s name it would fill with text (Excel would open it, formulas and all), unless --format says', async () => {
    for (const [command, target] of [['export', 'm.xls'], ['export', 'm.XLSX'], ['report', 'r.ods']]) {
      const r = await runCli(['--db', 'x.db', command!, '--out', target!], { cwd: dir });
      expect([r.code, r.stderr.split(';')[0]], target).toEqual([2, `earshot: --out ${target}: earshot writes no ${target!.split('.')[1]!.toLowerCase()} workbooks`]);
      expect(existsSync(join(dir, target!))).toBe(false);
    }
    expect((await runCli(['--db', 'x.db', 'export', '--out', 'm.xls'], { cwd: dir })).stderr).toContain('write a .csv, which spreadsheets open (--bom for Excel), or give --format');
    expect((await runCli(['--db', 'x.db', 'export', '--format', 'csv', '--out', 'm.xls'], { cwd: dir })).code).toBe(0);
  });

  it('- is standard output, as it is for input: no file named "-"', async () => {
    const exported = await runCli(['--db', 'x.db', 'export', '--out', '-', '--format', 'csv'], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n')[0]).toMatch(/^id,created_at,/);
    expect(exported.stdout).toContain('acme lost my parcel');
    const report = await runCli(['--db', 'x.db', 'report', '--out', '-', '--since', '2026-01-01'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).brands).toEqual(['Acme']);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('through a symlink, replaces the file it points at and keeps the link', async () => {
    writeFileSync(join(dir, 'real.csv'), 'old');
    symlinkSync('real.csv', join(dir, 'link.csv'));
    const r = await runCli(['--db', 'x.db', 'export', '--out', 'link.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toContain('acme lost my parcel');
  });

  it('through a symlink to a file not there yet, writes that file and keeps the link', async () => {
    mkdirSync(join(dir, 'srv'));
    symlinkSync('srv/latest.csv', join(dir, 'dl.csv'));
    const r = await runCli(['--db', 'x.db', 'export', '--out', 'dl.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'dl.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'srv/latest.csv'), 'utf8')).toContain('acme lost my parcel');
  });

  it.each([
    ['appended to the log stdout goes to', (out: string) => `printf 'before\\n' > log.txt; ${out} >> log.txt; cat log.txt`],
    ['into a pipe', (out: string) => `${out} | cat`],
    ['through a link to it', (out: string) => `ln -s /proc/self/fd/1 myout; ${out.replace('/dev/stdout', 'myout')} | cat`],
    ['through a link to its folder', (out: string) => `printf 'before\\n' > log.txt; ln -s /proc/self/fd fds; ${out.replace('/dev/stdout', 'fds/1')} >> log.txt; cat log.txt`],
    ['sharing a file with stderr', (out: string) => `${out.replace(' -q ', ' ')} > both.txt 2>&1; cat both.txt`],
  ])('--out /dev/stdout writes to standard output: %s', (how, script) => {
    const out = `"${process.execPath}" "${BIN}" -q --db x.db export --format csv --out /dev/stdout`;
    const r = spawnSync('bash', ['-c', script(out)], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/log/.test(script('')) ? /^before\nid,created_at,/ : /^id,created_at,/);
    if (how.startsWith('sharing')) expect(r.stdout).toMatch(/\nwrote 1 mentions to \/dev\/stdout \(csv\)\n$/);
    expect(r.stdout).toContain('acme lost my parcel');
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('follows a link as the system does, through a linked folder and "..", and refuses a loop in one line', async () => {
    mkdirSync(join(dir, 't/a'), { recursive: true });
    mkdirSync(join(dir, 't/b/c'), { recursive: true });
    symlinkSync('../b/c', join(dir, 't/a/linkdir'));
    symlinkSync('../target', join(dir, 't/b/c/out.csv'));
    writeFileSync(join(dir, 't/b/target'), 'REAL');
    writeFileSync(join(dir, 't/a/target'), 'UNRELATED');
    expect((await runCli(['--db', 'x.db', 'export', '--format', 'csv', '--out', 't/a/linkdir/out.csv'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 't/b/target'), 'utf8')).toContain('acme lost my parcel');
    expect(readFileSync(join(dir, 't/a/target'), 'utf8')).toBe('UNRELATED');
    symlinkSync('y', join(dir, 'x'));
    symlinkSync('z', join(dir, 'y'));
    symlinkSync('x', join(dir, 'z'));
    const loop = await runCli(['--db', 'x.db', 'export', '--out', 'x'], { cwd: dir });
    expect(loop.code).toBe(1);
    expect(loop.stderr).toBe('earshot: x: cannot write: too many symbolic links (a loop?)\n');
    expect(['x', 'y', 'z'].every((f) => lstatSync(join(dir, f)).isSymbolicLink())).toBe(true);
  });

  it('writes into a named pipe as it is, never replacing it with a plain file', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reading = new Promise<string>((resolve) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (d) => (text += d))
        .on('end', () => resolve(text));
    });
    const r = await runCli(['--db', 'x.db', 'export', '--format', 'csv', '--out', 'pipe'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(await reading).toContain('acme lost my parcel');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // /dev/full fails every write with ENOSPC, as a full disk does; Linux has it, other systems skip.
  it.skipIf(!existsSync('/dev/full'))('a write that fails at the end (a full disk) is a failure, not "wrote"', async () => {
    for (const command of [['export', '--format', 'csv'], ['report', '--format', 'html']]) {
      const r = await runCli(['--db', 'x.db', ...command, '--out', '/dev/full'], { cwd: dir });
      expect([r.code, r.stderr]).toEqual([1, 'earshot: /dev/full: cannot write: ENOSPC: no space left on device, write\n']);
    }
  });

  it.skipIf(!existsSync('/dev/full'))('standard output that cannot be written is said so in one line, exit 1, not as an internal error', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '--db', 'x.db', 'list', '--format', 'json', '--all'], { cwd: dir, stdio: ['ignore', full, 'pipe'] });
      expect([r.status, r.stderr.toString()]).toEqual([1, 'earshot: cannot write standard output: ENOSPC: no space left on device, write\n']);
    } finally {
      closeSync(full);
    }
  });

  it('a name ending in / is a folder: --out refuses it and backup wants it to exist, rather than write a file called so', async () => {
    const out = await runCli(['--db', 'x.db', 'export', '--out', 'newdir/'], { cwd: dir });
    expect([out.code, out.stderr]).toEqual([2, 'earshot: newdir/: names a folder; give --out a file name, such as newdir/mentions.csv\n']);
    const backup = await runCli(['--db', 'x.db', 'backup', 'newdir/'], { cwd: dir });
    expect([backup.code, backup.stderr]).toEqual([2, `earshot: ${join(dir, 'newdir')}/: folder does not exist\n`]);
    expect(existsSync(join(dir, 'newdir'))).toBe(false);
  });

  it('leaves no temporary file when interrupted', async () => {
    // Enough rows that drawing them as a table takes seconds.
    writeFileSync(join(dir, 'many.jsonl'), Array.from({ length: 20_000 }, (_, i) => `{"id":"m${i}","text":"acme lost parcel ${i}","created_at":"2026-01-02T03:04:05Z"}\n`).join(''));
    expect((await runCli(['--db', 'x.db', 'import', 'many.jsonl'], { cwd: dir })).code).toBe(0);
    const child = spawn(process.execPath, [BIN, '--db', 'x.db', 'export', '--format', 'table', '--out', 'slow.txt'], { cwd: dir, stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', (code, signal) => resolve(signal)));
    for (let i = 0; i < 1_000 && !readdirSync(dir).some((f) => f.endsWith('.tmp')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    child.kill('SIGINT');
    expect(await closed).toBe('SIGINT');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f === 'slow.txt')).toEqual([]);
  });

  it('report writes its file whole, under its name only when complete', async () => {
    const r = await runCli(['--db', 'x.db', 'report', '--out', 'r.md', '--since', '2026-01-01'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/^# earshot report/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

it('backup - is refused: a copy is a file', async () => {
  const r = await runCli(['--db', 'x.db', 'backup', '-'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('earshot: backup writes a database file, not standard output: give the copy a name\n');
  expect(existsSync(join(dir, '-'))).toBe(false);
});
