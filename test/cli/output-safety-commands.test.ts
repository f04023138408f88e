import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const ESC = '\u001b';
const HOSTILE = `${ESC}[2J${ESC}]0;owned${ESC}\\Ocado is ${ESC}[31mbroken${ESC}[0m\u0007\u009b31m today`;
const SECRET_KEY = 'AIzaHostileFixtureKey-0000000000000042';
const SECRET_TOKEN = 'ghp_hostileFixtureToken0000000000000042';

/** No raw escape, BEL or C1 control character reaches the terminal. */
const expectClean = (out: string) => {
  expect(out).not.toContain(ESC);
  expect(out).not.toContain('\u0007');
  expect(out).not.toContain('\u009b');
};

describe('show, match, sources and doctor: hostile text never reaches output intact; credentials never at all', () => {
  let dir: string;
  let server: Server;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(['--config', join(dir, 'earshot.yaml'), '--db', join(dir, 'e.db'), ...args], {
      cwd: dir,
      env: { YT_KEY: SECRET_KEY, GH_TOKEN: SECRET_TOKEN, ...env },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-out2-'));
    // Every API answers with an error page that echoes the request, escape sequences included.
    server = createServer((req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' }).end(`<html>${ESC}[2J failed: ${req.url} ${JSON.stringify(req.headers)}</html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(
      join(dir, 'earshot.yaml'),
      [
        'brands:',
        '  - name: Ocado',
        'sources:',
        `  - name: "bad${ESC}[2Jname"`,
        '    type: file',
        `    path: "missing-${ESC}]0;title${ESC}\\\\.jsonl"`,
        '  - name: yt',
        '    type: youtube',
        `    baseUrl: ${url}`,
        '    query: ocado',
        '    key: ${YT_KEY}',
        '  - name: gh',
        '    type: github',
        `    baseUrl: ${url}`,
        '    query: ocado',
        '    token: ${GH_TOKEN}',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'posts.jsonl'), JSON.stringify({ id: 'esc', text: HOSTILE, author: `ev${ESC}[8mil`, created_at: '2026-11-20T10:00:00Z' }) + '\n');
    const r = await cli(['import', join(dir, 'posts.jsonl'), '--source', 'export']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['table', 'tsv', 'csv', 'json', 'ndjson'])('show (%s)', async (format) => {
    const r = await cli(['show', '1', '--format', format]);
    expect(r.code, r.stderr).toBe(0);
    expectClean(r.stdout);
    expect(r.stdout).toContain('Ocado is');
  });

  it('match, with and without --explain', async () => {
    for (const args of [['match', HOSTILE], ['match', '--explain', HOSTILE]]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(0);
      expectClean(r.stdout + r.stderr);
      expect(r.stdout).toContain('Ocado');
    }
  });

  it('a failing scan, then sources and doctor: errors cleaned, credentials redacted everywhere', async () => {
    const scan = await cli(['--verbose', 'scan']);
    expect(scan.code).toBe(1); // every source failed
    expectClean(scan.stderr + scan.stdout);
    expect(scan.stderr).toMatch(/source failed: file "badname": cannot read .*missing-\.jsonl/);
    const outputs = [scan.stdout, scan.stderr];
    for (const args of [['sources', '--format', 'table'], ['sources', '--format', 'json'], ['doctor', '--format', 'text'], ['doctor', '--format', 'json']]) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectClean(r.stdout);
      outputs.push(r.stdout, r.stderr);
    }
    const all = outputs.join('\n');
    expect(all).toMatch(/yt/);
    expect(all).not.toContain(SECRET_KEY);
    expect(all).not.toContain(SECRET_TOKEN);
    const { readFileSync, readdirSync } = await import('node:fs');
    const stored = readdirSync(dir)
      .filter((f) => f.startsWith('e.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
    expect(stored).toContain('youtube');
    expect(stored).not.toContain(SECRET_KEY);
    expect(stored).not.toContain(SECRET_TOKEN);
  });
});
