import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-zoneless-'));
  mkdirSync(join(dir, 'mail'));
  writeFileSync(
    join(dir, 'news.xml'),
    `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><guid>n1</guid><title>Ocado van stuck</title><pubDate>Mon, 02 Mar 2026 09:14:03</pubDate></item>
<item><guid>n2</guid><title>Ocado opens a warehouse</title><pubDate>Mon, 02 Mar 2026 09:14:03 +0100</pubDate></item>
</channel></rss>`,
  );
  writeFileSync(
    join(dir, 'mail', 'late.eml'),
    ['From: Carla <carla@customer.example>', 'Message-ID: <m1@customer.example>', 'Date: Mon, 2 Mar 2026 10:00:00', 'Subject: Ocado order late', '', 'Still waiting.', ''].join('\r\n'),
  );
  writeFileSync(
    join(dir, 'earshot.yaml'),
    ['brands:', '  - name: Ocado', 'sources:', '  - type: feed', '    name: news', '    path: news.xml', '  - type: email', '    name: mail', '    path: mail', ''].join('\n'),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('dates that name no time zone', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Tokyo'])('are read as UTC whatever the machine’s zone (TZ=%s); those with one keep it', async (tz) => {
    const scan = await runCli(['scan', '--quiet'], { cwd: dir, env: { TZ: tz } });
    expect(scan.stderr).toBe('');
    const out = await runCli(['export', '--format', 'json', '--fields', 'source,created_at', '--since', '3650d'], { cwd: dir, env: { TZ: tz } });
    const rows = (JSON.parse(out.stdout) as { source: string; created_at: string }[]).map((r) => [r.source, r.created_at]).sort();
    expect(rows).toEqual([
      ['mail', '2026-03-02T10:00:00.000Z'],
      ['news', '2026-03-02T08:14:03.000Z'],
      ['news', '2026-03-02T09:14:03.000Z'],
    ]);
  });
});

describe('parseDateUtc, in a process of each zone', () => {
  const CASES: [string, string | null][] = [
    ['Mon, 02 Mar 2026 09:14:03', '2026-03-02T09:14:03.000Z'],
    ['Mon, 02 Mar 2026', '2026-03-02T00:00:00.000Z'],
    ['March 2, 2026', '2026-03-02T00:00:00.000Z'],
    ['2026/03/02', '2026-03-02T00:00:00.000Z'],
    ['02-03-2026', '2026-02-03T00:00:00.000Z'],
    ['Mar-02-2026', '2026-03-02T00:00:00.000Z'],
    ['Mon, 02 Mar 2026 9:14 AM', '2026-03-02T09:14:00.000Z'],
    ['Mon, 02 Mar 2026 09:14:03 (UTC)', '2026-03-02T09:14:03.000Z'],
    // Times that do not exist, or exist twice, in New York and London: UTC has neither.
    ['Sun, 08 Mar 2026 02:30:00', '2026-03-08T02:30:00.000Z'],
    ['Sun, 29 Mar 2026 01:30:00', '2026-03-29T01:30:00.000Z'],
    ['2026-03-02T09:14:03', '2026-03-02T09:14:03.000Z'],
    ['2026-03-02 09:14:03.5', '2026-03-02T09:14:03.500Z'],
    ['2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['Mon, 02 Mar 2026 09:14:03 +0100', '2026-03-02T08:14:03.000Z'],
    ['Mon, 02 Mar 2026 09:14:03 EST', '2026-03-02T14:14:03.000Z'],
    ['2026-03-02T09:14:03-05:00', '2026-03-02T14:14:03.000Z'],
    ['2026-03-02T09:14:03Z', '2026-03-02T09:14:03.000Z'],
    ['not a date', null],
  ];
  it.each(['America/New_York', 'Europe/London', 'Asia/Tokyo'])('reads every form the same under TZ=%s', (tz) => {
    const code = `import { parseDateUtc } from ${JSON.stringify(join(ROOT, 'dist/sources/date-string.js'))};
      process.stdout.write(JSON.stringify(${JSON.stringify(CASES.map(([t]) => t))}.map((t) => parseDateUtc(t)?.toISOString() ?? null)));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { PATH: process.env.PATH, TZ: tz } });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(CASES.map(([, iso]) => iso));
  });
});
