import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalDump } from '../helpers/db-dump.js';
import { runCli } from '../helpers/run-cli.js';

const post = (id: string, text: string) => JSON.stringify({ id, created_at: '2026-03-01T10:00:00Z', author: `a${id}`, text }) + '\n';

describe('scan --dry-run', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(['--db', join(dir, 'e.db'), ...args], { cwd: dir });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-dry-'));
    writeFileSync(join(dir, 'earshot.yaml'), 'brands:\n  - name: Ocado\n    fuzzy: off\nsources:\n  - type: file\n    name: posts\n    path: posts.jsonl\n');
    writeFileSync(join(dir, 'posts.jsonl'), post('1', 'Ocado lost my order') + post('2', 'a walk in the park') + post('3', 'Ocado was early'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts what a scan would store: posts stored already are not new', async () => {
    const first = await cli(['scan', '--dry-run']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^dry run: fetched 3 posts from 1 source; 3 new posts, 2 new mentions would be stored \(nothing stored\)\n/);
    // Not even an empty database is left behind.
    expect(existsSync(join(dir, 'e.db'))).toBe(false);

    expect((await cli(['scan'])).stdout).toMatch(/^fetched 3 posts from 1 source; 3 new posts, 2 new mentions\n/);
    const stored = canonicalDump(join(dir, 'e.db'));
    // One more line: the file is read again whole, and only that line is new.
    appendFileSync(join(dir, 'posts.jsonl'), post('4', 'Ocado again, still no refund'));
    const again = await cli(['scan', '--dry-run', '--fail-on', 'urgent']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^dry run: fetched 4 posts from 1 source; 1 new posts, 1 new mentions would be stored \(nothing stored\)\n/);
    expect(again.stderr).toBe('earshot: note: a dry run sends no alerts and trips no --fail-on\n');
    expect(canonicalDump(join(dir, 'e.db'))).toEqual(stored);
    expect((await cli(['scan'])).stdout).toMatch(/^fetched 4 posts from 1 source; 1 new posts, 1 new mentions\n/);
  });
});
