import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/open-db.js';
import { saveScan } from '../../src/store/save-scan.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { runCli } from '../helpers/run-cli.js';

/** A webhook receiver on 127.0.0.1 that records every body and can be told to fail. */
interface Receiver {
  url: string;
  bodies: unknown[];
  failing: boolean;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const state = { bodies: [] as unknown[], failing: false };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (state.failing) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('down');
        return;
      }
      state.bodies.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hooks/secret-token`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const angry = (id: string, minutes: number) =>
  JSON.stringify({ id, created_at: ago(minutes), author: `a${id}`, text: `Ocado lost my order again, terrible awful service ${id}` }) + '\n';

describe('scan --notify and --fail-on', () => {
  let dir: string;
  let json: Receiver;
  let slack: Receiver;
  let cli: (args: string[]) => ReturnType<typeof runCli>;
  const mentionBodies = (r: Receiver) => r.bodies.filter((b) => (b as { type?: string }).type === 'mention') as { id: number; text: string }[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-alerts-'));
    json = await startReceiver();
    slack = await startReceiver();
    writeFileSync(
      join(dir, 'earshot.yaml'),
      `brands:
  - name: Ocado
    fuzzy: off
    handles: ["@OcadoSupport"]
sources:
  - type: file
    name: posts
    path: posts.jsonl
notify:
  - url: ${json.url}
  - url: ${slack.url}
    format: slack
`,
    );
    writeFileSync(join(dir, 'posts.jsonl'), angry('1', 300) + angry('2', 200));
    cli = (args) => runCli(['--db', join(dir, 'e.db'), ...args], { cwd: dir });
  });
  afterAll(async () => {
    await json.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a baseline on the first run instead of sending the backlog', async () => {
    const r = await cli(['scan', '--notify']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/notify: first run for receiver 1 \(127\.0\.0\.1:\d+\): its backlog of urgent mentions recorded, not sent\n/);
    expect(r.stdout).toContain('first run for receiver 2 (127.0.0.1:');
    expect(r.stdout).not.toContain('secret-token');
    expect(json.bodies).toEqual([]);
    expect(slack.bodies).toEqual([]);
  });

  it('sends a new urgent mention once to each receiver, and exits 4 with --fail-on urgent', async () => {
    appendFileSync(join(dir, 'posts.jsonl'), angry('3', 100));
    const r = await cli(['scan', '--notify', '--fail-on', 'urgent']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('alert: 1 urgent');
    expect(mentionBodies(json)).toMatchObject([{ type: 'mention', brand: 'Ocado', text: expect.stringContaining('service 3') }]);
    expect(slack.bodies).toEqual([{ text: expect.stringMatching(/^Urgent Ocado mention #\d+ by a3 on posts: Ocado lost my order/) }]);

    const again = await cli(['scan', '--notify', '--fail-on', 'urgent']);
    expect(again.code).toBe(0);
    expect(mentionBodies(json)).toHaveLength(1);
  });

  it('keeps what a failing receiver missed and delivers it on the next scan; meanwhile exits 3, as for a source down', async () => {
    json.failing = true;
    appendFileSync(join(dir, 'posts.jsonl'), angry('4', 50));
    const r = await cli(['scan', '--notify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not delivered: HTTP 500 from 127\.0\.0\.1:\d+\n/);
    expect(r.stderr).not.toContain('secret-token');
    expect(r.stdout).toContain('1 sent, 1 failed (retried on the next scan)');
    expect(mentionBodies(json)).toHaveLength(1);

    json.failing = false;
    const retry = await cli(['scan', '--notify']);
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    expect(mentionBodies(json).map((b) => b.text.slice(-9))).toEqual(['service 3', 'service 4']);
    expect(slack.bodies).toHaveLength(2);
  });

  it('does not send a missed alert for a mention answered meanwhile; sends it if the mention is reopened', async () => {
    json.failing = true;
    slack.failing = true;
    appendFileSync(join(dir, 'posts.jsonl'), angry('41', 40));
    expect((await cli(['scan', '--notify'])).code).toBe(3);
    const rows = JSON.parse((await cli(['export', '--format', 'json'])).stdout) as { id: number; text: string }[];
    const id = String(rows.find((r) => r.text.endsWith('service 41'))!.id);
    expect((await cli(['mark', id, '--responded'])).code).toBe(0);
    json.failing = false;
    slack.failing = false;
    const retry = await cli(['scan', '--notify']);
    expect(retry.code, retry.stderr).toBe(0);
    expect(mentionBodies(json).map((b) => b.text.slice(-10))).not.toContain('service 41');
    expect(slack.bodies).toHaveLength(2);
    expect((await cli(['mark', id, '--open'])).code).toBe(0);
    expect((await cli(['scan', '--notify'])).code).toBe(0);
    expect(mentionBodies(json).map((b) => b.text.slice(-10))).toContain('service 41');
  });

  it('a receiver added later gets what the scan that first meets it found, not the backlog', async () => {
    const added = await startReceiver();
    try {
      const config = join(dir, 'earshot.yaml');
      writeFileSync(join(dir, 'rotated.yaml'), readFileSync(config, 'utf8').replace(json.url, added.url));
      appendFileSync(join(dir, 'posts.jsonl'), angry('5', 20));
      const r = await runCli(['--config', 'rotated.yaml', '--db', join(dir, 'e.db'), 'scan', '--notify'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('first run for receiver 1');
      expect(mentionBodies(added).map((b) => b.text.slice(-9))).toEqual(['service 5']);
    } finally {
      await added.close();
    }
  });

  it('a webhook whose URL changed while a delivery was pending gets that delivery on its first run', async () => {
    json.failing = true;
    appendFileSync(join(dir, 'posts.jsonl'), angry('6', 15));
    expect((await cli(['scan', '--notify'])).code).toBe(3);
    const rotated = await startReceiver();
    try {
      writeFileSync(join(dir, 'rotated2.yaml'), readFileSync(join(dir, 'earshot.yaml'), 'utf8').replace(json.url, rotated.url));
      const r = await runCli(['--config', 'rotated2.yaml', '--db', join(dir, 'e.db'), 'scan', '--notify'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      // 6 failed at the old URL; so had 5, found while that URL was left out of the config.
      expect(mentionBodies(rotated).map((b) => b.text.slice(-9))).toEqual(['service 5', 'service 6']);
      // Changed again: what was handed over once is not handed over again.
      const third = await startReceiver();
      try {
        writeFileSync(join(dir, 'rotated3.yaml'), readFileSync(join(dir, 'earshot.yaml'), 'utf8').replace(json.url, third.url));
        const again = await runCli(['--config', 'rotated3.yaml', '--db', join(dir, 'e.db'), 'scan', '--notify'], { cwd: dir });
        expect(again.code, again.stderr).toBe(0);
        expect(mentionBodies(third)).toEqual([]);
      } finally {
        await third.close();
      }
    } finally {
      json.failing = false;
      await rotated.close();
    }
  });

  it('--fail-on urgent does not count a mention the brand answered in the same scan', async () => {
    appendFileSync(
      join(dir, 'posts.jsonl'),
      angry('7', 10) + JSON.stringify({ id: 'r7', created_at: ago(5), author: 'OcadoSupport', reply_to: '7', text: 'So sorry, we are on it' }) + '\n',
    );
    const r = await cli(['scan', '--notify', '--fail-on', 'urgent']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('alert:');
    expect(mentionBodies(json).map((b) => b.text.slice(-9))).not.toContain('service 7');
  });

  it('keeps no webhook URL in the database: receivers are named by a digest', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'e.db'), { readonly: true });
    try {
      const receivers = db.prepare(`SELECT DISTINCT receiver FROM notifications WHERE receiver != ''`).pluck().all() as string[];
      expect(receivers.length).toBeGreaterThanOrEqual(2);
      for (const r of receivers) expect(r).toMatch(/^sha256:[0-9a-f]{32}$/);
    } finally {
      db.close();
    }
    for (const file of ['e.db', 'e.db-wal']) {
      const bytes = (() => {
        try {
          return readFileSync(join(dir, file));
        } catch {
          return Buffer.alloc(0);
        }
      })();
      expect(bytes.includes('secret-token'), file).toBe(false);
    }
  });

  it('refuses an unknown --fail-on value with the usage code', async () => {
    const r = await cli(['scan', '--fail-on', 'sad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fail-on: expected urgent, negative, spike, got "sad"');
  });
});

describe('scan --fail-on spike', () => {
  it('shows the numbers and exits 4 when the last hour is far above the hours before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-spike-'));
    try {
      // Eight hours of listening before: each calm post found by a scan as it was posted, the
      // first before the oldest of the six windows of the baseline began.
      const db = openDb({ path: join(dir, 'e.db') });
      for (const m of [470, 390, 330, 270, 210, 150, 90]) {
        const post = makePost({ source: 'earlier', id: `c${m}`, createdAt: ago(m), text: 'Ocado delivery today' });
        saveScan(db, { batches: [{ source: 'earlier', items: [{ post, mentions: [makeMention()] }] }], failures: [], startedAt: ago(m), at: ago(m) });
      }
      db.close();
      const busy = Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `b${i}`, created_at: ago(5 + i), text: 'Ocado delivery today' }));
      writeFileSync(join(dir, 'posts.jsonl'), busy.join('\n') + '\n');
      writeFileSync(
        join(dir, 'earshot.yaml'),
        `brands:
  - name: Ocado
    fuzzy: off
sources:
  - type: file
    path: posts.jsonl
alerts:
  window: 1h
  baseline: 6
  k: 2
  minMentions: 3
`,
      );
      const scan = (...flags: string[]) => runCli(['--db', join(dir, 'e.db'), 'scan', ...flags], { cwd: dir });
      // Stored by a scan that asks for no alerts, then a scan whose only source fails: neither
      // can trip --fail-on, so neither uses the spike up.
      expect((await scan()).code).toBe(0);
      renameSync(join(dir, 'posts.jsonl'), join(dir, 'away.jsonl'));
      expect((await scan('--fail-on', 'spike')).code).toBe(1);
      renameSync(join(dir, 'away.jsonl'), join(dir, 'posts.jsonl'));
      const r = await scan('--fail-on', 'spike');
      expect(r.stdout).toContain('spike: Ocado 6 mentions in the last 60m (mean 1, sd 0, threshold 1, k 2)\n');
      expect(r.code).toBe(4);
      // The same spike on the next scan: shown, but it trips once, not on every scan while it lasts.
      const again = await scan('--fail-on', 'spike');
      expect(again.stdout).toContain('spike: Ocado 6 mentions in the last 60m (mean 1, sd 0, threshold 1, k 2); raised before, within the cooldown\n');
      expect(again.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scan --fail-on spike on a new database', () => {
  it('finds no spike in what the first scans found: the hours before them were never observed, not quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-spike-new-'));
    const receiver = await startReceiver();
    try {
      // One mention three hours ago and seven in the last hour, as a first scan's backlog.
      const posts = [180, 50, 45, 40, 35, 30, 25, 20].map((m) => JSON.stringify({ id: `p${m}`, created_at: ago(m), text: 'Parcelly delivery today' }));
      writeFileSync(join(dir, 'posts.jsonl'), posts.join('\n') + '\n');
      writeFileSync(
        join(dir, 'earshot.yaml'),
        `brands:
  - name: Parcelly
    fuzzy: off
sources:
  - type: file
    path: posts.jsonl
notify:
  - url: ${receiver.url}
`,
      );
      const scan = () => runCli(['--db', join(dir, 'e.db'), 'scan', '--notify', '--fail-on', 'urgent,spike'], { cwd: dir });
      for (const r of [await scan(), await scan()]) {
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).not.toContain('spike:');
      }
      expect(receiver.bodies.filter((b) => (b as { type?: string }).type === 'spike')).toEqual([]);
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
