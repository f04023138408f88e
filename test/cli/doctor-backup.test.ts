import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, symlinkSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonlCorpus } from '../helpers/big-corpus.js';
import { canonicalDump } from '../helpers/db-dump.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const CONFIG = `brands:
  - name: Ocado
sources:
  - name: posts
    type: file
    path: posts.jsonl
  - name: gone
    type: file
    path: missing.jsonl
`;

describe('earshot doctor and earshot backup', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-doctor-'));
    writeFileSync(join(dir, 'earshot.yaml'), CONFIG);
    await writeJsonlCorpus(join(dir, 'posts.jsonl'), 3_000, 3);
    const scan = await cli(['--db', 'earshot.db', 'scan']);
    expect(scan.code).toBe(3); // "gone" fails, "posts" is stored
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('doctor: integrity, schema, sizes, row counts and each configured source', async () => {
    const r = await cli(['--db', 'earshot.db', 'doctor', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const h = JSON.parse(r.stdout) as Record<string, any>;
    expect(h.integrity).toEqual(['ok']);
    expect(h.ok).toBe(true);
    expect(h.schemaVersion).toBe(h.knownSchemaVersion);
    expect(h.sizes.db).toBeGreaterThan(0);
    expect(h.rows.posts).toBe(3_000);
    expect(h.rows.scans).toBe(1);
    expect(h.configured).toEqual(['posts', 'gone']);
    const bySource = Object.fromEntries((h.sources as { source: string }[]).map((s) => [s.source, s]));
    expect(bySource.posts).toMatchObject({ lastError: null, lastSuccessAt: expect.any(String) });
    expect(bySource.gone).toMatchObject({ lastSuccessAt: null, lastError: expect.stringContaining('missing.jsonl') });

    const text = await cli(['--db', 'earshot.db', 'doctor', '--format', 'text']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^integrity {2}ok$/m);
    expect(text.stdout).toMatch(/^ {2}posts: last success \S+; no errors$/m);
    expect(text.stdout).toMatch(/^ {2}gone: never succeeded; last error \S+: .*missing\.jsonl/m);
  });

  it('doctor exits 1 on a damaged database and on a file that is not one', async () => {
    const good = readFileSync(join(dir, 'earshot.db'));
    const damaged = join(dir, 'damaged.db');
    writeFileSync(damaged, good);
    // Overwrite the middle pages (table and index b-trees) with a pattern SQLite cannot read.
    const fd = openSync(damaged, 'r+');
    const page = 4096;
    for (let p = 2; p < Math.floor(good.length / page) - 1; p += 3) writeSync(fd, Buffer.alloc(page / 2, 0x5a), 0, page / 2, p * page + 100);
    closeSync(fd);
    const r = await cli(['--db', damaged, 'doctor', '--format', 'json']);
    expect(r.code).toBe(1);
    const h = JSON.parse(r.stdout) as { ok: boolean; integrity: string[] };
    expect(h.ok).toBe(false);
    expect(h.integrity).not.toEqual(['ok']);

    writeFileSync(join(dir, 'notes.db'), 'not a database\n'.repeat(500));
    const notDb = await cli(['--db', 'notes.db', 'doctor', '--format', 'text']);
    expect(notDb.code).toBe(1);
    expect(notDb.stdout).toMatch(/^integrity {2}.*not a database/m);
    // Its sources are unknown, not "never succeeded": nothing of them could be read.
    expect(notDb.stdout).toMatch(/^ {2}posts: unknown \(the database could not be read\)$/m);
    expect(notDb.stdout).not.toContain('never succeeded');

    const none = await cli(['--db', 'nothing.db', 'doctor']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^earshot: .*nothing\.db: no database yet/);
    expect(existsSync(join(dir, 'nothing.db'))).toBe(false);
  });

  it('doctor on a database another process holds past the busy timeout: exit 5, the busy line, not "damaged"', async () => {
    const path = join(dir, 'held.db');
    writeFileSync(path, readFileSync(join(dir, 'earshot.db')));
    const holder = new Database(path);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = await runCli(['--db', 'held.db', 'doctor'], { cwd: dir, env: { EARSHOT_BUSY_TIMEOUT: '0.5' } });
      expect([r.code, r.stdout, r.stderr]).toEqual([
        5,
        '',
        'earshot: database is busy: another earshot has been writing to it for more than 0.5 s; nothing was changed, try again (SQLITE_BUSY)\n',
      ]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // A wait that is no number is the user's mistake, said as every command says it: not "damaged".
    const bad = await runCli(['--db', 'held.db', 'doctor'], { cwd: dir, env: { EARSHOT_BUSY_TIMEOUT: 'ten' } });
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/^earshot: EARSHOT_BUSY_TIMEOUT: expected the seconds to wait/);
  });

  it('backup: a checked copy equal to the database, replacing an older backup', async () => {
    writeFileSync(join(dir, 'copy.db'), 'an old, broken backup');
    const r = await cli(['--db', 'earshot.db', 'backup', 'copy.db']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backed up .*earshot\.db to .*copy\.db \(\d+ pages\)\n$/);
    // Nothing beside it: no partial file, and none of the -wal and -shm files checking it opened.
    expect(readdirSync(dir).filter((f) => f.startsWith('copy.db'))).toEqual(['copy.db']);
    expect(canonicalDump(join(dir, 'copy.db'))).toEqual(canonicalDump(join(dir, 'earshot.db')));
    const doctor = await cli(['--db', 'copy.db', 'doctor', '--format', 'json']);
    expect(doctor.code).toBe(0);
  });

  it('backup over a copy left with a -wal by a crash: the old log is not replayed over the new copy', async () => {
    expect((await cli(['--db', 'earshot.db', 'backup', 'crashed.db'])).code).toBe(0);
    // A process using the copy dies with changes still in its write-ahead log.
    const crash = spawnSync(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(join(dir, 'crashed.db'))}); d.pragma('wal_autocheckpoint = 0');
         d.exec("UPDATE posts SET text = 'STALE' WHERE pk <= 100"); process.kill(process.pid, 'SIGKILL');`,
      ],
      { cwd: ROOT },
    );
    expect(crash.signal).toBe('SIGKILL');
    expect(statSync(join(dir, 'crashed.db-wal')).size).toBeGreaterThan(0);
    const r = await cli(['--db', 'earshot.db', 'backup', 'crashed.db']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('crashed.db'))).toEqual(['crashed.db']);
    expect(canonicalDump(join(dir, 'crashed.db'))).toEqual(canonicalDump(join(dir, 'earshot.db')));
  });

  it('backup while an import writes: the copy is consistent (whole chunks only)', async () => {
    await writeJsonlCorpus(join(dir, 'more.jsonl'), 30_000, 4);
    const importing = cli(['--db', 'earshot.db', 'import', 'more.jsonl']);
    const backups = [];
    for (let i = 0; i < 3; i++) backups.push(await cli(['--db', 'earshot.db', 'backup', `live-${i}.db`]));
    expect((await importing).code).toBe(0);
    for (const [i, b] of backups.entries()) {
      expect(b.code, b.stderr).toBe(0);
      const copy = canonicalDump(join(dir, `live-${i}.db`));
      expect(copy.integrity).toBe('ok');
      expect((copy.posts - 3_000) % 5_000).toBe(0);
    }
  });

  it('backup into a folder names the copy as the database; the database itself and a missing folder are refused', async () => {
    mkdirSync(join(dir, 'backups'));
    const into = await cli(['--db', 'earshot.db', 'backup', 'backups']);
    expect(into.code, into.stderr).toBe(0);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['earshot.db']);
    expect(canonicalDump(join(dir, 'backups', 'earshot.db'))).toEqual(canonicalDump(join(dir, 'earshot.db')));

    const before = canonicalDump(join(dir, 'earshot.db'));
    for (const target of ['earshot.db', '.', `${dir}/./earshot.db`]) {
      const itself = await cli(['--db', 'earshot.db', 'backup', target]);
      expect(itself.code).toBe(2);
      expect(itself.stderr).toMatch(/^earshot: .*earshot\.db is the database itself; give the copy another name\n$/);
    }
    const missing = await cli(['--db', 'earshot.db', 'backup', 'no/such/folder/copy.db']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^earshot: .*no\/such\/folder\/copy\.db: folder .*no\/such\/folder does not exist\n$/);
    expect(canonicalDump(join(dir, 'earshot.db'))).toEqual(before);
  });

  it('backup through a symlink replaces the file it points at and keeps the link; a pipe or a device is refused, left as it is', async () => {
    writeFileSync(join(dir, 'real-copy.db'), 'old');
    symlinkSync('real-copy.db', join(dir, 'latest.db'));
    const linked = await cli(['--db', 'earshot.db', 'backup', 'latest.db']);
    expect(linked.code, linked.stderr).toBe(0);
    expect(lstatSync(join(dir, 'latest.db')).isSymbolicLink()).toBe(true);
    expect(canonicalDump(join(dir, 'real-copy.db'))).toEqual(canonicalDump(join(dir, 'earshot.db')));
    // A link to the database itself is the database.
    symlinkSync('earshot.db', join(dir, 'self.db'));
    expect((await cli(['--db', 'earshot.db', 'backup', 'self.db'])).code).toBe(2);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const pipe = await cli(['--db', 'earshot.db', 'backup', 'pipe']);
    expect([pipe.code, pipe.stderr]).toEqual([2, `earshot: ${join(dir, 'pipe')}: not a file (a device, a pipe or a socket); give the copy a file name\n`]);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    expect((await cli(['--db', 'earshot.db', 'backup', '/dev/null'])).code).toBe(2);
  });

  it('never sets up its schema in another program\'s database, nor reads an empty file as one', async () => {
    const foreign = join(dir, 'other.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE stuff (x)');
    other.close();
    const bytes = readFileSync(foreign);
    writeFileSync(join(dir, 'empty.db'), '');
    for (const args of [['list'], ['import', 'posts.jsonl']]) {
      const r = await cli(['--db', 'other.db', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`earshot: ${foreign}: not an earshot database (it holds other tables: stuff); give earshot a file of its own with --db\n`);
    }
    const empty = await cli(['--db', 'empty.db', 'list']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty\.db: no database yet/);
    expect(readFileSync(join(dir, 'empty.db'))).toHaveLength(0);
    // Unchanged to the byte: not even switched to WAL.
    expect(readFileSync(foreign).equals(bytes)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('other.db'))).toEqual(['other.db']);
    for (const db of ['other.db', 'empty.db']) {
      const doctor = await cli(['--db', db, 'doctor', '--format', 'text']);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(/^schema +none: not an earshot database/m);
    }
  });

  it('doctor and backup leave a WAL database as they found it: no -wal or -shm files beside it', async () => {
    const folder = join(dir, 'wal-only');
    mkdirSync(folder);
    const other = new Database(join(folder, 'other.db'));
    other.pragma('journal_mode = WAL');
    other.exec('CREATE TABLE stuff (x); INSERT INTO stuff VALUES (1)');
    other.close();
    const bytes = readFileSync(join(folder, 'other.db'));
    expect((await cli(['--db', 'wal-only/other.db', 'doctor', '--format', 'json'])).code).toBe(1);
    expect((await cli(['--db', 'wal-only/other.db', 'backup', join(dir, 'other-copy.db')])).code).toBe(0);
    expect(readdirSync(folder)).toEqual(['other.db']);
    expect(readFileSync(join(folder, 'other.db')).equals(bytes)).toBe(true);
  });

  it('says so of earshot\'s tables restored from an sqlite3 .dump, which leaves the schema version out', async () => {
    const restored = join(dir, 'restored.db');
    const dump = new Database(restored);
    dump.exec(`CREATE TABLE posts (pk INTEGER PRIMARY KEY); CREATE TABLE mentions (id INTEGER PRIMARY KEY)`);
    dump.close();
    const r = await cli(['--db', 'restored.db', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/restored\.db: holds earshot's tables without their schema version \(an sqlite3 \.dump leaves it out\)/);
    const doctor = await cli(['--db', 'restored.db', 'doctor', '--format', 'text']);
    expect(doctor.stdout).toMatch(/^schema +none: earshot's tables without their version/m);
  });

  it('backup with no database: one line, exit 1, no file written', async () => {
    const r = await cli(['--db', 'nothing.db', 'backup', 'out.db']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^earshot: .*nothing\.db: no database yet[^\n]*\n$/);
    expect(existsSync(join(dir, 'out.db'))).toBe(false);
  });
});
