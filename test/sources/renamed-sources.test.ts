import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renamedSourceProblems } from '../../src/sources/renamed-sources.js';
import { runCli } from '../helpers/run-cli.js';

const source = (name: string, type = 'mastodon') => ({ name, type: type as 'mastodon' });

describe('renamedSourceProblems', () => {
  it('tells a source renamed by a second one of its type, and the other way round', () => {
    const added = renamedSourceProblems([source('mastodon-1'), source('mastodon-2')], new Set(['mastodon']));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^sources: the mastodon source stored as "mastodon" is now "mastodon-1", "mastodon-2", .*give it back its name \(name: mastodon\)/);
    const removed = renamedSourceProblems([source('mastodon')], new Set(['mastodon-1', 'mastodon-2']));
    expect(removed[0]).toMatch(/the mastodon sources stored as "mastodon-1", "mastodon-2" are now "mastodon"/);
  });

  it('says nothing where names still match their history, for new types, named sources, or other types', () => {
    expect(renamedSourceProblems([source('mastodon-1'), source('mastodon-2')], new Set(['mastodon-1', 'mastodon-2']))).toEqual([]);
    expect(renamedSourceProblems([source('mastodon-1'), source('mastodon-2')], new Set())).toEqual([]);
    expect(renamedSourceProblems([source('toots'), source('mastodon')], new Set(['toots', 'feed']))).toEqual([]);
    expect(renamedSourceProblems([source('feed-1', 'feed'), source('feed-2', 'feed')], new Set(['feed-1', 'feed-2', 'mastodon']))).toEqual([]);
    // Scanning one configured source: the others are configured, not orphans.
    const all = [source('mastodon-1'), source('mastodon-2')];
    expect(renamedSourceProblems(all, new Set(['mastodon-1']), [all[1]!])).toEqual([]);
  });
});

it('scan refuses, exit 2 and nothing stored twice, when adding a source renamed one that has history', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-renamed-'));
  try {
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"1","text":"Ocado late again","created_at":"2026-03-01T10:00:00Z"}\n');
    writeFileSync(join(dir, 'b.jsonl'), '{"id":"9","text":"Ocado fine","created_at":"2026-03-01T11:00:00Z"}\n');
    const config = (sources: string) => writeFileSync(join(dir, 'earshot.yaml'), `brands:\n  - name: Ocado\nsources:\n${sources}`);
    const cli = (args: string[]) => runCli(['--db', 'e.db', ...args], { cwd: dir });
    config('  - type: file\n    path: a.jsonl\n');
    expect((await cli(['scan'])).code).toBe(0);
    config('  - type: file\n    path: a.jsonl\n  - type: file\n    path: b.jsonl\n');
    const refused = await cli(['scan']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^earshot: sources: the file source stored as "file" is now "file-1", "file-2", .*: to keep its history, give it back its name \(name: file\) and the other file sources names of their own;/);
    config('  - type: file\n    name: file\n    path: a.jsonl\n  - type: file\n    name: b\n    path: b.jsonl\n');
    const named = await cli(['scan']);
    expect(named.code, named.stderr).toBe(0);
    const mentions = JSON.parse((await cli(['export', '--format', 'json'])).stdout) as { text: string }[];
    expect(mentions.map((m) => m.text).sort()).toEqual(['Ocado fine', 'Ocado late again']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
