import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const angry = (id: string) =>
  JSON.stringify({ id, created_at: ago(5), author: `a${id}`, text: `Ocado lost my order again, terrible awful service ${id}` }) + '\n';

/**
 * A webhook whose receiving takes the database's write lock for longer than earshot's busy
 * timeout, as a rematch or an import started meanwhile would.
 */
describe('scan --notify while another process holds the write lock', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const received: number[] = [];
  let holdLockMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-notify-busy-'));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push((JSON.parse(body) as { id: number }).id);
        if (holdLockMs > 0) {
          const holder = new Database(join(dir, 'e.db'));
          holder.exec('BEGIN IMMEDIATE');
          setTimeout(() => {
            holder.exec('ROLLBACK');
            holder.close();
          }, holdLockMs);
        }
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    writeFileSync(join(dir, 'earshot.yaml'), `brands:\n  - name: Ocado\n    fuzzy: off\nsources:\n  - type: file\n    name: posts\n    path: posts.jsonl\nnotify:\n  - url: ${url}\n`);
    writeFileSync(join(dir, 'posts.jsonl'), angry('1'));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits to record a delivery past the busy timeout, so the next scan does not send it again', async () => {
    // A short busy timeout (2 s) keeps the test short; the lock is held past it.
    const cli = (args: string[]) => runCli(['--db', 'e.db', ...args], { cwd: dir, env: { EARSHOT_BUSY_TIMEOUT: '2' } });
    expect((await cli(['scan', '--notify'])).code).toBe(0);
    appendFileSync(join(dir, 'posts.jsonl'), angry('2'));
    holdLockMs = 4_000;
    const r = await cli(['scan', '--notify']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(received).toHaveLength(1);
    holdLockMs = 0;
    appendFileSync(join(dir, 'posts.jsonl'), angry('3'));
    expect((await cli(['scan', '--notify'])).code).toBe(0);
    expect(received).toHaveLength(2);
    expect(new Set(received).size).toBe(2);
  });
});
