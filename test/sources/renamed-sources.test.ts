import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NamedSourceConfig } from '../../src/config/schema.js';
import { renamedSourceProblems, sourceIdentity } from '../../src/sources/renamed-sources.js';
import { runCli } from '../helpers/run-cli.js';

const file = (name: string, identity: string) => ({ name, type: 'file' as const, identity });
const stored = (entries: Record<string, string | null>) => new Map(Object.entries(entries));

describe('renamedSourceProblems', () => {
  it('tells a source whose history is under another name it had by its place: one added, one removed, moved', () => {
    const added = renamedSourceProblems([file('file-1', 'a'), file('file-2', 'b')], stored({ file: 'a' }));
    expect(added).toEqual([expect.stringMatching(/^sources: the file source now named "file-1" has its history under "file", .* give it name: file /)]);
    // The first of three removed: the other two move up a place, onto each other's histories.
    const removed = renamedSourceProblems([file('file-1', 'b'), file('file-2', 'c')], stored({ 'file-1': 'a', 'file-2': 'b', 'file-3': 'c' }));
    expect(removed.map((p) => /now named "(.*?)" has its history under "(.*?)"/.exec(p)!.slice(1))).toEqual([
      ['file-1', 'file-2'],
      ['file-2', 'file-3'],
    ]);
  });

  it('tells two sources that read the same, named or not, once', () => {
    expect(renamedSourceProblems([file('a', 'x'), file('b', 'x'), file('c', 'y')], stored({}))).toEqual([
      'sources: "a" and "b" read the same: every post would be stored twice; remove one',
    ]);
  });

  it('says nothing where nothing moved: new sources, a source removed for good, settings edited, names given, no identity stored yet', () => {
    expect(renamedSourceProblems([file('file-1', 'a'), file('file-2', 'b')], stored({ 'file-1': 'a', 'file-2': 'b' }))).toEqual([]);
    expect(renamedSourceProblems([file('file-1', 'y'), file('file-2', 'z')], stored({ file: 'x' }))).toEqual([]);
    expect(renamedSourceProblems([file('file', 'y')], stored({ file: 'x' }))).toEqual([]);
    expect(renamedSourceProblems([file('mine', 'a'), file('file', 'b')], stored({ file: 'a' }))).toEqual([]);
    expect(renamedSourceProblems([file('file-1', 'a'), file('file-2', 'b')], stored({ file: null }))).toEqual([]);
    // Scanning one source checks that one only.
    expect(renamedSourceProblems([file('file-1', 'a'), file('file-2', 'b')], stored({ file: 'a' }), ['file-2'])).toEqual([]);
  });
});

describe('sourceIdentity', () => {
  const feed = (extra: Partial<NamedSourceConfig> = {}) => ({ type: 'file', name: 'f', channel: 'social', path: 'a.jsonl', fields: {}, ...extra }) as NamedSourceConfig;
  it('is what a source reads: not its name, channel or credentials; a path as resolved', () => {
    expect(sourceIdentity(feed(), '/srv')).toBe(sourceIdentity(feed({ name: 'g', channel: 'email' } as Partial<NamedSourceConfig>), '/srv'));
    expect(sourceIdentity(feed({ path: './a.jsonl' } as Partial<NamedSourceConfig>), '/srv')).toBe(sourceIdentity(feed(), '/srv'));
    expect(sourceIdentity(feed(), '/srv')).not.toBe(sourceIdentity(feed(), '/home'));
    const x = (token: string) => ({ type: 'x', name: 'x', channel: 'social', baseUrl: 'https://api.x.com', token, maxPages: 5 }) as NamedSourceConfig;
    expect(sourceIdentity(x('one'), '/')).toBe(sourceIdentity(x('two'), '/'));
    expect(sourceIdentity(x('one'), '/')).toMatch(/^[0-9a-f]{16}$/);
  });
});

it('scan refuses, exit 2 and nothing stored twice, when adding a source moved one that has history, or two read one file', async () => {
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
    expect(refused.stderr).toMatch(/^earshot: sources: the file source now named "file-1" has its history under "file", .*give it name: file \(and the other file sources names of their own\)/);
    config('  - type: file\n    path: a.jsonl\n  - type: file\n    path: ./a.jsonl\n');
    expect((await cli(['scan'])).stderr).toBe('earshot: sources: "file-1" and "file-2" read the same: every post would be stored twice; remove one\n');
    config('  - type: file\n    name: file\n    path: a.jsonl\n  - type: file\n    name: b\n    path: b.jsonl\n');
    const named = await cli(['scan']);
    expect(named.code, named.stderr).toBe(0);
    const mentions = JSON.parse((await cli(['export', '--format', 'json'])).stdout) as { text: string }[];
    expect(mentions.map((m) => m.text).sort()).toEqual(['Ocado fine', 'Ocado late again']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
