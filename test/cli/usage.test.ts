import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { CORPUS_CONFIG, writeJsonlCorpus } from '../helpers/big-corpus.js';
import { canonicalDump } from '../helpers/db-dump.js';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-usage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The starter config and x.db holding one imported post (file p.jsonl, source "p") that names Acme. */
async function starterWithOnePost(): Promise<void> {
  writeFileSync(join(dir, 'p.jsonl'), '{"id":"1","text":"acme","created_at":"2026-01-02T03:04:05Z"}\n');
  expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
  expect((await runCli(['--db', 'x.db', 'import', 'p.jsonl'], { cwd: dir })).code).toBe(0);
}

describe('help', () => {
  // Every command: the README promises examples in each one's --help. Read in this process, from
  // each command's own definition: a process per command cost the suite seconds.
  it('every command\'s --help shows examples', async () => {
    const folder = join(ROOT, 'src/cli/commands');
    const made: string[] = [];
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(join(folder, file))) as Record<string, unknown>;
      for (const [name, make] of Object.entries(module)) {
        if (!name.endsWith('Command') || typeof make !== 'function') continue;
        const command = (make as () => Command)();
        let help = '';
        command.configureOutput({ writeOut: (text) => (help += text) });
        command.outputHelp();
        expect(help, command.name()).toContain('Examples:');
        expect(help, command.name()).toContain(`$ earshot ${command.name()}`);
        made.push(command.name());
      }
    }
    expect(made.sort()).toEqual(['backup', 'completion', 'config', 'doctor', 'export', 'import', 'init', 'list', 'mark', 'match', 'rematch', 'report', 'rules', 'scan', 'score', 'show', 'sources']);
    // As a user runs it: one of them through the real program.
    const r = await runCli(['import', '--help'], { cwd: dir });
    expect([r.code, r.stdout.includes('$ earshot import')]).toEqual([0, true]);
  });

  it('with no arguments prints help and says to start with init', async () => {
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: earshot');
    expect(r.stderr).toContain('earshot init');
  });

  it('maps usage errors to exit code 2, each message begun as earshot\'s own are', async () => {
    const unknown = await runCli(['frobnicate'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("earshot: unknown command 'frobnicate'\n");
    const help = await runCli(['help', 'nope'], { cwd: dir });
    expect([help.code, help.stdout]).toEqual([2, '']);
    expect(help.stderr).toMatch(/^earshot: help: no command "nope" \(commands: init, scan, list, /);
    const choice = await runCli(['list', '--format', 'xml'], { cwd: dir });
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/^earshot: option '--format <format>' argument 'xml' is invalid\./);
    expect((await runCli(['config', 'chek'], { cwd: dir })).stderr).toBe("earshot: unknown command 'chek'\n(Did you mean check?)\n");
    const since = await runCli(['--db', join(dir, 'x.db'), 'list', '--since', 'yesterday'], { cwd: dir });
    expect(since.code).toBe(2);
  });

  it('a folder given as the database is named as one, for reading and for writing', async () => {
    mkdirSync(join(dir, 'data'));
    await starterWithOnePost();
    for (const args of [['list'], ['import', 'p.jsonl'], ['backup', 'copy.db']]) {
      const r = await runCli(['--db', 'data', ...args], { cwd: dir });
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe(`earshot: ${join(dir, 'data')}: is a folder, not a database file (give --db a file, such as ${join(dir, 'data', 'earshot.db')})\n`);
    }
  });

  it('a file where a folder should be is named, for the database and for --out', async () => {
    await starterWithOnePost();
    const db = await runCli(['--db', 'p.jsonl/sub/x.db', 'import', 'p.jsonl'], { cwd: dir });
    expect([db.code, db.stderr]).toEqual([1, `earshot: ${join(dir, 'p.jsonl/sub/x.db')}: cannot open database: ${join(dir, 'p.jsonl')} is a file, not a folder\n`]);
    const out = await runCli(['--db', 'x.db', 'export', '--out', 'p.jsonl/x.csv'], { cwd: dir });
    expect([out.code, out.stderr]).toEqual([1, 'earshot: p.jsonl/x.csv: cannot write: p.jsonl is a file, not a folder\n']);
    // Reading: not "no database yet (run earshot scan)", which no scan could make true there.
    for (const args of [['list'], ['report'], ['doctor'], ['backup', 'copy.db']]) {
      const r = await runCli(['--db', 'p.jsonl/x.db', ...args], { cwd: dir });
      expect([r.code, r.stderr], args[0]).toEqual([1, `earshot: ${join(dir, 'p.jsonl/x.db')}: cannot open database: ${join(dir, 'p.jsonl')} is a file, not a folder\n`]);
    }
  });

  it('an unknown --brand or --source is refused (a typo listed nothing and exited 0); a stored one is known without the config', async () => {
    await starterWithOnePost();
    const typo = await runCli(['--db', 'x.db', 'list', '--brand', 'Acmee', '--format', 'csv'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toMatch(/^earshot: --brand: no brand "Acmee" in the config or the database; known: Acme\b[^\n]*\n$/);
    const source = await runCli(['--db', 'x.db', 'export', '--source', 'q', '--format', 'csv'], { cwd: dir });
    expect(source.code).toBe(2);
    expect(source.stderr).toMatch(/^earshot: --source: no source "q" in the config or the database; known: [^\n]*\bp\b/);
    // Without the config, the database's own brands and sources are known.
    rmSync(join(dir, 'earshot.yaml'));
    const stored = await runCli(['--db', 'x.db', 'list', '--brand', 'acme', '--source', 'p', '--format', 'csv'], { cwd: dir });
    expect(stored.code, stored.stderr).toBe(0);
    expect(stored.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('a limit too large to be exact is refused before any output, not after the header', async () => {
    await starterWithOnePost();
    const r = await runCli(['--db', 'x.db', 'list', '--limit', '99999999999999999999', '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('earshot: --limit: expected a whole number from 0 to 9007199254740991, got "99999999999999999999"\n');
  });
});

describe('import arguments', () => {
  it('a folder or a file of unknown format: one line naming it and what to give, exit 2, nothing stored', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    mkdirSync(join(dir, 'exports'));
    writeFileSync(join(dir, 'good.jsonl'), '{"id":"1","text":"acme sync broke again","created_at":"2026-01-02T03:04:05Z"}\n');
    writeFileSync(join(dir, 'posts.log'), '{"id":"2","text":"acme"}\n');
    writeFileSync(join(dir, 'dump.json'), '[{"id":"3","text":"acme"}]\n');
    const cases: [string, RegExp][] = [
      ['exports', /^earshot: exports: is a folder; give the files in it, as in: earshot import exports\/\*\.jsonl\n$/],
      ['exports/', /^earshot: exports\/: is a folder; give the files in it, as in: earshot import exports\/\*\.jsonl\n$/],
      ['posts.log', /^earshot: posts\.log: cannot tell the format from the extension "\.log"; add --format jsonl, --format csv or --format tsv\n$/],
      ['dump.json', /^earshot: dump\.json: a JSON file; earshot imports JSON Lines, one post a line: convert it with jq -c '\.\[\]' dump\.json > dump\.jsonl\n$/],
    ];
    for (const [arg, message] of cases) {
      // The good file comes first: a wrong argument later still stops the import before it starts.
      const r = await runCli(['--db', 'e.db', 'import', 'good.jsonl', arg], { cwd: dir });
      expect(r.code, arg).toBe(2);
      expect(r.stderr, arg).toMatch(message);
      expect(existsSync(join(dir, 'e.db')), arg).toBe(false);
    }
    const csvFolder = await runCli(['--db', 'e.db', 'import', 'exports', '--format', 'csv'], { cwd: dir });
    expect(csvFolder.stderr).toContain('earshot import exports/*.csv');
    // A missing file is named as missing (not as a format its name does not tell), also after a good one.
    for (const args of [['mentions'], ['good.jsonl', 'mentions.jsonl']]) {
      const missing = await runCli(['--db', 'e.db', 'import', ...args], { cwd: dir });
      expect(missing.stderr).toMatch(/^earshot: cannot read mentions(\.jsonl)?: ENOENT: no such file or directory\n$/);
      expect(missing.code).toBe(1);
      expect(existsSync(join(dir, 'e.db'))).toBe(false);
    }
    const named = await runCli(['--db', 'e.db', 'import', 'posts.log', '--format', 'jsonl'], { cwd: dir });
    expect(named.code).toBe(0);
  });

  it('a file none of whose rows can be read fails (exit 1) after its warnings; one with some good rows does not', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'keys.jsonl'), '{"post_id":"1","text":"acme"}\n{"post_id":"2","text":"acme again"}\n');
    const none = await runCli(['--db', 'e.db', 'import', 'keys.jsonl'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'warning: keys.jsonl:1: missing "id"\nwarning: keys.jsonl:2: missing "id"\n' +
        'earshot: keys.jsonl: none of its 2 rows could be read (see the warnings above); nothing was stored from it\n',
    );
    const mapped = await runCli(['--db', 'e.db', 'import', 'keys.jsonl', '--field', 'id=post_id'], { cwd: dir });
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout).toBe('keys.jsonl: read 2 posts; 2 new posts, 2 new mentions (source "keys")\n');
    // The file after the mappings, which the option's values run into, is still the file.
    const after = await runCli(['--db', 'e.db', 'import', '--field', 'id=post_id', 'keys.jsonl'], { cwd: dir });
    expect([after.code, after.stderr, after.stdout]).toEqual([0, '', 'keys.jsonl: read 2 posts; 0 new posts, 0 new mentions (source "keys")\n']);
    const noFile = await runCli(['--db', 'e.db', 'import', '--field', 'id=post_id'], { cwd: dir });
    expect([noFile.code, noFile.stderr]).toEqual([2, 'earshot: import: expected a file to import (or - for standard input)\n']);
    // A mistyped mapping is told as one, not as a missing file.
    const typo = await runCli(['--db', 'e.db', 'import', '--field', 'id:post_id', 'keys.jsonl'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^earshot: --field: expected NAME=COLUMN with NAME one of id, .*, got "id:post_id" \(no such file either\)\n$/);
    writeFileSync(join(dir, 'some.jsonl'), '{"id":"3","text":"acme"}\nnot json\n');
    const some = await runCli(['--db', 'e.db', 'import', 'some.jsonl'], { cwd: dir });
    expect(some.code).toBe(0);
    expect(some.stderr).toMatch(/^warning: some\.jsonl:2: invalid JSON/);
  });
});

describe('import --jobs and rematch --jobs', () => {
  it('store and change with analysis in worker threads what one thread does, and say the same', async () => {
    // Four chunks: more than wait for analysis at once, so some are read while others are stored.
    await writeJsonlCorpus(join(dir, 'big.jsonl'), 16_000);
    writeFileSync(join(dir, 'earshot.yaml'), CORPUS_CONFIG);
    const one = await runCli(['--db', 'one.db', 'import', 'big.jsonl', '--jobs', '1'], { cwd: dir });
    const two = await runCli(['--db', 'two.db', 'import', 'big.jsonl', '--jobs', '2'], { cwd: dir });
    expect([two.code, two.stderr]).toEqual([0, '']);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toMatch(/^big\.jsonl: read 16000 posts; 16000 new posts, [1-9]\d+ new mentions/);
    expect(canonicalDump(join(dir, 'two.db'))).toEqual(canonicalDump(join(dir, 'one.db')));
    // rematch --jobs 2 after a rule change: the same changes as one thread makes.
    writeFileSync(join(dir, 'earshot.yaml'), CORPUS_CONFIG.replace('    domains: [ocado.com]\n', '    domains: [ocado.com]\n    exclude: [ocado delivery]\n    aliases: [fresh driver]\n'));
    const again = await runCli(['--db', 'one.db', 'rematch'], { cwd: dir });
    const againJobs = await runCli(['--db', 'two.db', 'rematch', '--jobs', '2'], { cwd: dir });
    expect([againJobs.code, againJobs.stderr, againJobs.stdout]).toEqual([0, '', again.stdout]);
    expect(again.stdout).toMatch(/^rematched 16000 posts: [1-9]\d* mentions added, [1-9]\d* removed/);
    expect(canonicalDump(join(dir, 'two.db'))).toEqual(canonicalDump(join(dir, 'one.db')));
  });
});

describe('empty option values (an unset variable in a script)', () => {
  it('are refused with exit 2 instead of read as no filter or no rows', async () => {
    await starterWithOnePost();
    const cases: [string[], string][] = [
      [['list', '--since', ''], '--since: expected a duration like 24h, 7d, 2w or an ISO date, got ""'],
      [['export', '--since', ''], '--since: expected a duration like 24h, 7d, 2w or an ISO date, got ""'],
      [['list', '--limit', ''], `--limit: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ""`],
      [['list', '--source', ''], '--source: expected a name, got an empty value'],
      [['report', '--brand', ' '], '--brand: expected a name, got an empty value'],
      [['import', 'p.jsonl', '--source', ' '], '--source: expected a name, got an empty value'],
      [['import', 'p.jsonl', '--jobs', ''], '--jobs: expected a whole number from 1 to 16, got ""'],
      [['import', 'p.jsonl', '--jobs', '0'], '--jobs: expected a whole number from 1 to 16, got "0"'],
      [['import', 'p.jsonl', '--jobs', '2.5'], '--jobs: expected a whole number from 1 to 16, got "2.5"'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['--db', 'x.db', ...args, '--format', args[0] === 'import' ? 'jsonl' : 'json'], { cwd: dir });
      expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([2, '', `earshot: ${message}\n`]);
    }
  });
});

describe("credentials only scan needs", () => {
  it('unset, they stop scan and config check, not listing, reporting or marking', async () => {
    await starterWithOnePost();
    writeFileSync(
      join(dir, 'earshot.yaml'),
      'brands: [{ name: Acme }]\nsources:\n  - type: bluesky\n    handle: me.bsky.social\n    appPassword: ${BSKY_PW}\nnotify:\n  - url: ${HOOK}\n',
    );
    const env = { BSKY_PW: undefined, HOOK: undefined };
    for (const args of [['list', '--format', 'json'], ['report', '--format', 'json'], ['sources', '--format', 'json'], ['mark', '1', '--assign', 'dana']]) {
      const r = await runCli(['--db', 'x.db', ...args], { cwd: dir, env });
      expect([r.code, r.stderr], args.join(' ')).toEqual([0, args[0] === 'mark' ? 'marked 1 mention\n' : '']);
    }
    for (const args of [['scan'], ['scan', '--notify'], ['config', 'check']]) {
      const r = await runCli(['--db', 'x.db', ...args], { cwd: dir, env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('earshot: earshot.yaml:5: sources[0].appPassword: environment variable BSKY_PW is not set\n');
      // The webhooks are used by --notify only: a scan without it runs where their secrets are not set.
      expect(r.stderr.includes('notify[0].url: environment variable HOOK is not set'), args.join(' ')).toBe(args.join(' ') !== 'scan');
    }
  });
});

describe('import - with --field', () => {
  it('checks a mapped key against the first records however the pipe delivers them', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    // A first post without the key (a thread's first post has no parent), the next with it, a moment later.
    const child = spawn(process.execPath, [BIN, '--db', 'x.db', 'import', '-', '--format', 'jsonl', '--field', 'reply_to=parent'], { cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.write('{"id":"10","text":"acme top"}\n');
    await new Promise((r) => setTimeout(r, 300));
    child.stdin.end('{"id":"11","text":"acme reply","parent":"10"}\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect([code, stderr]).toEqual([0, '']);
  });
});

describe('import of several files', () => {
  it('stopped by one, says which were stored and which were not read', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"1","text":"acme one"}\n');
    writeFileSync(join(dir, 'bad.jsonl'), 'garbage\n');
    writeFileSync(join(dir, 'c.jsonl'), '{"id":"3","text":"acme three"}\n');
    const unread = await runCli(['--quiet', '--db', 'x.db', 'import', 'a.jsonl', 'bad.jsonl', 'c.jsonl'], { cwd: dir });
    expect([unread.code, unread.stderr.split('\n').at(-2)]).toEqual([
      1,
      'earshot: bad.jsonl: none of its 1 rows could be read (see the warnings above); nothing was stored from it; a.jsonl was stored whole; c.jsonl was not read',
    ]);
    writeFileSync(join(dir, 'b.csv'), 'ID;TEXT\n2;acme\n');
    const header = await runCli(['--quiet', '--db', 'y.db', 'import', 'a.jsonl', 'b.csv', 'c.jsonl'], { cwd: dir });
    expect(header.code).toBe(2);
    expect(header.stderr).toMatch(/^earshot: b\.csv: line 1: no column "id" .*; a\.jsonl was stored whole; c\.jsonl was not read\n$/);
  });

  it('stopped by a busy database before storing anything, still says nothing was changed, and what was not read', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"1","text":"acme one"}\n');
    writeFileSync(join(dir, 'c.jsonl'), '{"id":"3","text":"acme three"}\n');
    expect((await runCli(['--db', 'x.db', 'import', 'a.jsonl'], { cwd: dir })).code).toBe(0);
    const holder = new Database(join(dir, 'x.db'));
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = await runCli(['--db', 'x.db', 'import', 'c.jsonl', 'a.jsonl'], { cwd: dir, env: { EARSHOT_BUSY_TIMEOUT: '0' } });
      expect([r.code, r.stderr]).toEqual([5, expect.stringMatching(/; nothing was changed, try again \(SQLITE_BUSY\); a\.jsonl was not read\n$/)]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('reads a file given twice once, rather than take its posts for repeats of their own ids', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"1","text":"acme one"}\n');
    const r = await runCli(['--db', 'x.db', 'import', 'a.jsonl', './a.jsonl', 'a.jsonl'], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      'a.jsonl: read 1 posts; 1 new posts, 1 new mentions (source "a")\n',
      'warning: ./a.jsonl is a.jsonl again: read once\nwarning: a.jsonl is given twice: read once\n',
    ]);
  });
});

describe('import -', () => {
  it('reads standard input, named stdin in what it prints, under source "stdin" unless --source says', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const jsonl = '{"id":"1","text":"acme sync broke again"}\n{"id":"2","text":"nothing here"}\n';
    const r = await runCli(['--db', 'e.db', 'import', '-', '--format', 'jsonl'], { cwd: dir, input: jsonl });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('stdin: read 2 posts; 2 new posts, 1 new mentions (source "stdin")\n');
    const again = await runCli(['--db', 'e.db', 'import', '-', '--format', 'jsonl'], { cwd: dir, input: jsonl });
    expect(again.stdout).toBe('stdin: read 2 posts; 0 new posts, 0 new mentions (source "stdin")\n');
    const csv = await runCli(['--db', 'e.db', 'import', '-', '--format', 'csv', '--source', 'desk'], { cwd: dir, input: 'id,text\n9,acme refund?\n10,\n' });
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe('warning: stdin:3: missing "text"\n');
    const listed = await runCli(['--db', 'e.db', 'list', '--format', 'json', '--fields', 'source,text'], { cwd: dir });
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([{ source: 'stdin', text: 'acme sync broke again' }, { source: 'desk', text: 'acme refund?' }]));
  });

  it('without --format, or given twice, is refused before anything is read: exit 2', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const noFormat = await runCli(['--db', 'e.db', 'import', '-'], { cwd: dir, input: '{"id":"1","text":"acme"}\n' });
    expect([noFormat.code, noFormat.stderr]).toEqual([2, 'earshot: -: standard input needs --format jsonl, --format csv or --format tsv\n']);
    const twice = await runCli(['--db', 'e.db', 'import', '-', '-', '--format', 'jsonl'], { cwd: dir });
    expect([twice.code, twice.stderr]).toEqual([2, 'earshot: -: standard input can be read only once\n']);
    expect(existsSync(join(dir, 'e.db'))).toBe(false);
  });
});

describe('init', () => {
  it('a config that cannot be written: one line naming it, exit 1', async () => {
    const path = join(dir, 'no', 'such', 'earshot.yaml');
    const r = await runCli(['--config', path, 'init'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`earshot: cannot write ${path}: ENOENT: no such file or directory; run init in a folder you can write to, or give --config a path there\n`);
  });

  it('config check advises on names that are everyday words, at their line, and stays valid (exit 0)', async () => {
    writeFileSync(join(dir, 'words.yaml'), 'languages: [en]\nbrands:\n  - name: Ocado\n  - name: Shell\n  - name: Next\n    caseSensitive: true\n');
    const r = await runCli(['--config', 'words.yaml', 'config', 'check'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([
      0,
      'warning: words.yaml:4: brands[1].name: "Shell" is also a word in en: every "shell" in a post would be a mention; give the brand context: words, or caseSensitive: true\n',
    ]);
    expect(r.stdout).toMatch(/^# \S+words\.yaml: valid\n/);
  });

  it('writes where the other commands will look: $EARSHOT_CONFIG too', async () => {
    const env = { EARSHOT_CONFIG: join(dir, 'team.yaml') };
    expect((await runCli(['init'], { cwd: dir, env })).code).toBe(0);
    expect(existsSync(join(dir, 'team.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'earshot.yaml'))).toBe(false);
    expect((await runCli(['config', 'check'], { cwd: dir, env })).code).toBe(0);
  });

  it('refuses to write earshot.yaml beside an earshot.yml, which it would take the place of', async () => {
    writeFileSync(join(dir, 'earshot.yml'), 'brands: [{ name: Mine }]\n');
    for (const args of [['init'], ['init', '--force']]) {
      const r = await runCli(args, { cwd: dir });
      expect([r.code, r.stderr]).toEqual([2, `earshot: ${join(dir, 'earshot.yml')} is this folder's config already; edit it, or give init another file with --config\n`]);
    }
    expect(existsSync(join(dir, 'earshot.yaml'))).toBe(false);
  });

  it('writes a starter config that validates, and never overwrites without --force', async () => {
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    const path = join(dir, 'earshot.yaml');
    expect(readFileSync(path, 'utf8')).toContain('brands:');

    const check = await runCli(['match', 'acme sync broke again', '--format', 'json'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual([expect.objectContaining({ brand: 'Acme' })]);
    // From standard input, in the encodings import reads: UTF-16 by its mark, Windows-1252 (told).
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('my acme sync broke', 'utf16le')]);
    const piped = await runCli(['match', '-', '--format', 'json'], { cwd: dir, input: utf16 });
    expect(JSON.parse(piped.stdout)).toEqual([expect.objectContaining({ brand: 'Acme', matched: 'acme sync', span_start: 3 })]);
    const latin = await runCli(['match', '-', '--format', 'json', '--explain'], { cwd: dir, input: Buffer.from('caf\xe9 acme broke', 'latin1') });
    expect(JSON.parse(latin.stdout)).toMatchObject({ matches: [{ brand: 'Acme', span_start: 5 }] });
    expect(latin.stderr).toBe('warning: stdin: text that is not UTF-8, read as Windows-1252 (as Excel saves text files on Windows)\n');

    writeFileSync(path, 'brands: [{name: Mine}]\n');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(path, 'utf8')).toBe('brands: [{name: Mine}]\n');

    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('competitor: true');
  });
});

describe('config errors', () => {
  it('reports every problem, one line each with file, line and field, exit 2, no stack', async () => {
    writeFileSync(
      join(dir, 'earshot.yaml'),
      ['brands:', '  - name: Acme', '    alias: [AC]', '    fuzzy: maybe', 'sources:', '  - type: gopher', ''].join('\n'),
    );
    const r = await runCli(['scan'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContain('earshot: earshot.yaml:3: brands[0].alias: unknown key (did you mean "aliases"?)');
    expect(lines.some((l) => /^earshot: earshot\.yaml:4: brands\[0\]\.fuzzy: expected auto, off or a whole number/.test(l))).toBe(true);
    expect(lines.some((l) => /^earshot: earshot\.yaml:6: sources\[0\]\.type: expected type to be one of feed, hackernews, file/.test(l))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'earshot.db'))).toBe(false);
  });

  it('names a missing environment variable and never prints secrets', async () => {
    writeFileSync(
      join(dir, 'earshot.yaml'),
      'brands: [{name: Acme}]\nsources:\n  - type: hackernews\n    query: "${HN_QUERY} ${OTHER}"\n',
    );
    const r = await runCli(['scan'], { cwd: dir, env: { OTHER: 's3cret-value' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0].query: environment variable HN_QUERY is not set');
    expect(r.stderr).not.toContain('s3cret-value');
  });

  it('reports invalid YAML with its line', async () => {
    writeFileSync(join(dir, 'earshot.yaml'), 'brands:\n  - name: [Acme\n');
    const r = await runCli(['scan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^earshot: earshot\.yaml:\d+: /);
  });

  it('explains what to do when there is no config', async () => {
    const r = await runCli(['scan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('earshot init');
  });

  it('finds the config through EARSHOT_CONFIG and accepts JSON', async () => {
    const file = join(dir, 'brands.json');
    writeFileSync(file, JSON.stringify({ brands: [{ name: 'Globex', aliases: ['GBX'] }] }));
    const r = await runCli(['match', 'GBX is down', '--format', 'json'], { cwd: dir, env: { EARSHOT_CONFIG: file } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ brand: 'Globex', match_kind: 'alias' });
  });
});

describe('an error outside the command', () => {
  it('thrown from a callback after matching loaded Hunspell is one line and exit 1; --verbose adds the stack', async () => {
    // Preloaded: the first write to stdout schedules a throw that no promise of the command catches.
    writeFileSync(
      join(dir, 'throw-later.mjs'),
      "const write = process.stdout.write.bind(process.stdout);\nlet armed = true;\nprocess.stdout.write = (...a) => { if (armed) { armed = false; setImmediate(() => { throw new Error('boom outside'); }); } return write(...a); };\n",
    );
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    for (const verbose of [false, true]) {
      const args = ['match', 'my acme order is late again', ...(verbose ? ['--verbose'] : [])];
      const r = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--import ${join(dir, 'throw-later.mjs')}` } });
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      if (!verbose) expect(lines).toEqual(['earshot: internal error: boom outside (run with --verbose for details)']);
      else {
        expect(lines[0]).toBe('earshot: internal error: boom outside');
        expect(r.stderr).toContain('throw-later.mjs');
        expect(r.stderr.length).toBeLessThan(4000);
      }
    }
  });
});

it('warns when two files of one name go to one source, where the second\'s ids count as stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-same-name-'));
  try {
    writeFileSync(join(dir, 'earshot.yaml'), 'brands:\n  - name: Acme\n');
    for (const month of ['jan', 'feb']) {
      mkdirSync(join(dir, month));
      writeFileSync(join(dir, month, 'export.csv'), `id,text\n1,Acme ${month}\n`);
    }
    const r = await runCli(['--db', 'e.db', 'import', 'jan/export.csv', 'feb/export.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: feb/export.csv is stored under source "export", as jan/export.csv is: posts with the same ids count once; import it with its own --source to keep them apart\n',
    );
    const named = await runCli(['--db', 'f.db', 'import', 'jan/export.csv', 'feb/export.csv', '--source', 'exports'], { cwd: dir });
    // One source on purpose: the second file's post 1 repeats the first's, and is said to.
    expect(named.stderr).toBe(
      'warning: feb/export.csv: 1 post repeats an id read earlier in this import (the first: "1") and was not stored; if its ids are not unique, name a column that is with --field id=COLUMN\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
