import { copyFile, cp, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TranscriptSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import { transcriptSource } from '../../src/sources/transcript.js';
import type { Cursor } from '../../src/types.js';
import { createScanDb, type ScanDb } from '../helpers/scan-db.js';
import { FIXTURES_DIR } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type TranscriptConfig = TranscriptSourceConfig & { name: string };

const FIXTURES = path.join(FIXTURES_DIR, 'transcript');
/** mtime given to copied files whose format has no call start. */
const MTIME = new Date('2026-03-02T16:00:00Z');

let dir: string;
let scanDb: ScanDb | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'earshot-transcript-'));
});

afterEach(async () => {
  scanDb?.cleanup();
  scanDb = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function fetchCalls(callPath: string, input: { cursor?: Cursor | null; config?: Partial<TranscriptConfig> } = {}) {
  const ctx = makeSourceContext({
    config: { type: 'transcript', name: 'calls', channel: 'call', path: callPath, agents: [], agentTurns: false, ...input.config },
    cursor: input.cursor ?? null,
    baseDir: dir,
  });
  return { ...(await transcriptSource.fetch(ctx)), lines: ctx.lines };
}

/** A fixture copied into the temp dir with a known mtime. */
async function copyFixture(name: string): Promise<string> {
  const file = path.join(dir, name);
  await copyFile(path.join(FIXTURES, name), file);
  await utimes(file, MTIME, MTIME);
  return file;
}

/** A later time than MTIME, long past: a file changed since a scan, and since rested. */
const LATER = new Date('2026-03-02T18:00:00Z');

/** The fixture transcripts copied into `name` in the temp dir, dated MTIME. */
async function copyFolder(name: string): Promise<void> {
  await cp(FIXTURES, path.join(dir, name), { recursive: true });
  for (const file of await readdir(path.join(dir, name))) await utimes(path.join(dir, name, file), MTIME, MTIME);
}

/** A file written in the temp dir, dated MTIME: a file changed a moment ago may still be being written. */
async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  await utimes(file, MTIME, MTIME);
  return file;
}

describe('transcriptSource: WebVTT', () => {
  it('posts customer turns with the call start from the NOTE plus each cue offset', async () => {
    const { posts, lines } = await fetchCalls(path.join(FIXTURES, 'call-0193.vtt'));
    expect(lines).toEqual([]);
    expect(posts).toEqual([
      {
        source: 'calls',
        id: 'call-0193.vtt#2',
        channel: 'call',
        createdAt: '2026-03-02T09:30:05.200Z',
        text: 'Hi. My Ocado order came without the frozen bag and the driver said it & the chilled one were on the van.',
        title: null,
        url: null,
        author: 'Customer',
        language: null,
        replyTo: null,
      },
      expect.objectContaining({
        id: 'call-0193.vtt#4',
        createdAt: '2026-03-02T09:31:02.250Z',
        text: 'Honestly, this is the third time <this month>.',
        author: 'Customer',
      }),
    ]);
  });

  it('stores agent turns too when asked, marked agent:NAME, with cue identifiers as ids', async () => {
    const { posts } = await fetchCalls(path.join(FIXTURES, 'call-0193.vtt'), { config: { agentTurns: true } });
    expect(posts.map((p) => [p.id, p.author])).toEqual([
      ['call-0193.vtt#greeting', 'agent:Agent'],
      ['call-0193.vtt#2', 'Customer'],
      ['call-0193.vtt#3', 'agent:Agent'],
      ['call-0193.vtt#4', 'Customer'],
    ]);
  });

  it('skips a file without the WEBVTT header and warns about cues it cannot read', async () => {
    await writeTemp('no-header.vtt', '00:00:01.000 --> 00:00:02.000\n<v Customer>Ocado again\n');
    await writeTemp(
      'broken-cue.vtt',
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Customer>Ocado was late\n\n1:2 --> 00:00:04.000\n<v Customer>garbled\n\njust some text\n\n00:00:05.000 --> 00:00:06.000\n<v Customer>and rude\n',
    );
    const { posts, lines } = await fetchCalls(dir);
    expect(posts.map((p) => [p.id, p.text])).toEqual([
      ['broken-cue.vtt#1', 'Ocado was late'],
      ['broken-cue.vtt#2', 'and rude'],
    ]);
    expect(lines).toEqual([
      `warning: transcript "calls": ${path.join(dir, 'broken-cue.vtt')}:6: cannot read cue timing "1:2 --> 00:00:04.000"`,
      `warning: transcript "calls": ${path.join(dir, 'broken-cue.vtt')}:9: not a cue (no "-->" timing line)`,
      `warning: transcript "calls": ${path.join(dir, 'no-header.vtt')}: not a WebVTT file (no WEBVTT header); skipped`,
    ]);
  });
});

describe('transcriptSource: Amazon Transcribe and Contact Lens', () => {
  it('joins Transcribe words into turns and takes the first speaker for the agent', async () => {
    const file = await copyFixture('call-0201.json');
    const { posts } = await fetchCalls(file, { config: { agentTurns: true } });
    expect(posts.map((p) => [p.id, p.author, p.text, p.createdAt])).toEqual([
      ['call-0201.json#1', 'agent:spk_0', 'Thanks for calling Ocado.', '2026-03-02T16:00:00.040Z'],
      ['call-0201.json#2', 'spk_1', 'Hi, my slot got cancelled.', '2026-03-02T16:00:01.900Z'],
      ['call-0201.json#3', 'agent:spk_0', 'Again?', '2026-03-02T16:00:04.600Z'],
    ]);
  });

  it('lets agents name the agent labels', async () => {
    const file = await copyFixture('call-0201.json');
    const { posts } = await fetchCalls(file, { config: { agents: ['SPK_1'] } });
    expect(posts.map((p) => p.id)).toEqual(['call-0201.json#1', 'call-0201.json#3']);
  });

  it('reads Contact Lens participants, offsets and language, skipping empty turns', async () => {
    const file = await copyFixture('contact-lens-0207.json');
    const { posts } = await fetchCalls(file);
    expect(posts).toEqual([
      {
        source: 'calls',
        id: 'contact-lens-0207.json#5a1c2e3d-0002-4bcd-9000-000000000002',
        channel: 'call',
        createdAt: '2026-03-02T16:00:03.400Z',
        text: 'Hi Tom, the Ocado app charged me twice for the same order.',
        title: null,
        url: null,
        author: 'CUSTOMER',
        language: 'en',
        replyTo: null,
      },
    ]);
  });

  it('skips invalid JSON and JSON that is no transcript', async () => {
    await writeTemp('cut.json', '{"results": {"items": [');
    await writeTemp('other.json', '{"jobName": "x", "status": "FAILED"}');
    await copyFixture('call-0193.vtt');
    const { posts, lines } = await fetchCalls(dir);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.filter((p) => !p.id.startsWith('call-0193.vtt#'))).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^warning: transcript "calls": ${escape(path.join(dir, 'cut.json'))}: invalid JSON \\(.+\\); skipped$`)),
      `warning: transcript "calls": ${path.join(dir, 'other.json')}: not an Amazon Transcribe or Contact Lens transcript (no results or Transcript); skipped`,
    ]);
  });
});

describe('transcriptSource: JSONL', () => {
  it('reads call and utterance ids, start offsets or times, and warns about bad lines', async () => {
    const { posts, lines } = await fetchCalls(path.join(FIXTURES, 'calls.jsonl'));
    expect(posts.map((p) => [p.id, p.author, p.createdAt, p.text])).toEqual([
      ['calls.jsonl#CALL-0210/2', 'customer', '2026-03-02T14:00:04.250Z', 'My Ocado delivery is two hours late.'],
      ['calls.jsonl#CALL-0211/1', 'customer', '2026-03-02T15:12:30.000Z', 'Can I change my Ocado slot?'],
    ]);
    const file = path.join(FIXTURES, 'calls.jsonl');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^warning: transcript "calls": ${escape(file)}:4: invalid JSON \\(.+\\)$`)),
      `warning: transcript "calls": ${file}:5: expected an object with "text"`,
    ]);
  });
});

describe('transcriptSource: folders and incremental scans', () => {
  it('reads every transcript in a folder once, then only files that changed', async () => {
    await copyFolder('calls');
    await writeTemp('calls/notes.txt', 'not a transcript');
    const first = await fetchCalls('calls');
    expect(first.posts).toHaveLength(6);
    expect(Object.keys((first.cursor as { files: object }).files)).toEqual([
      'call-0193.vtt',
      'call-0201.json',
      'calls.jsonl',
      'contact-lens-0207.json',
    ]);

    const second = await fetchCalls('calls', { cursor: first.cursor });
    expect(second.posts).toEqual([]);

    await utimes(path.join(dir, 'calls', 'call-0201.json'), LATER, LATER);
    const third = await fetchCalls('calls', { cursor: first.cursor });
    expect(third.posts.map((p) => p.id)).toEqual(['call-0201.json#2']);
  });

  it('stores nothing twice across scans', async () => {
    await copyFolder('calls');
    scanDb = createScanDb();
    const http = createTestHttpClient();
    const yaml = `brands:\n  - name: Ocado\nsources:\n  - type: transcript\n    path: ${path.join(dir, 'calls')}\n    agentTurns: true\n`;
    const scanNow = () => scanDb!.run({ yaml, http, now: new Date('2026-03-03T00:00:00Z') });
    expect((await scanNow()).result).toMatchObject({ fetched: 12, newPosts: 12, failures: [] });
    expect((await scanNow()).result).toMatchObject({ fetched: 0, newPosts: 0, failures: [] });
    // A changed file is read whole again; the store keeps one of each utterance.
    await writeFile(path.join(dir, 'calls', 'calls.jsonl'), '{"call_id":"CALL-0212","utterance_id":"1","speaker":"customer","text":"Ocado, thanks!","start":"2026-03-02T18:00:00Z"}\n', { flag: 'a' });
    expect((await scanNow()).result).toMatchObject({ fetched: 4, newPosts: 1, failures: [] });
    expect(scanDb.postIds()).toHaveLength(13);
    await http.close();
  });

  it('skips binary and empty files', async () => {
    await writeTemp('audio.json', Buffer.from([0x52, 0x49, 0x46, 0x46, 0x00, 0x00, 0x00, 0x00]));
    await writeTemp('empty.vtt', '');
    await copyFixture('call-0193.vtt');
    const { posts, lines } = await fetchCalls(dir);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.filter((p) => !p.id.startsWith('call-0193.vtt#'))).toEqual([]);
    expect(lines).toEqual([
      `warning: transcript "calls": ${path.join(dir, 'audio.json')}: not a text file (binary data); skipped`,
      `debug: transcript "calls": ${path.join(dir, 'empty.vtt')} is empty`,
    ]);
  });

  it('fails when none of its new files could be read, and reads them again next time', async () => {
    await writeTemp('cut.json', '{"results": {"items": [');
    await writeTemp('notes.jsonl', 'call notes, not JSON\n');
    const failed = await fetchCalls(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(SourceError);
    expect((failed as Error).message).toBe('transcript "calls": none of its 2 new or changed files could be read as a transcript (see the warnings above); nothing was stored from it');
    // An empty file (still being written) is not read yet: with it, one unreadable file still fails.
    await rm(path.join(dir, 'cut.json'));
    await writeTemp('later.vtt', '');
    await expect(fetchCalls(dir)).rejects.toThrow('transcript "calls": its new or changed file could not be read as a transcript');
    // Once a readable file comes, the source reads it, and passes the unreadable one from then on.
    await copyFixture('call-0193.vtt');
    const { posts, cursor } = await fetchCalls(dir);
    expect(posts.length).toBeGreaterThan(0);
    expect(Object.keys((cursor as { files: object }).files).map((f) => path.basename(f)).sort()).toEqual(['call-0193.vtt', 'later.vtt', 'notes.jsonl']);
  });

  it('leaves a file changed a moment ago of which nothing can be read for the next scan, rather than fail', async () => {
    const partial = await writeTemp('call-0201.json', '{"results": {"transcripts": [{"transcript": "Ocado');
    const now = new Date();
    await utimes(partial, now, now);
    const { posts, lines, cursor } = await fetchCalls(dir);
    expect(posts).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^warning: transcript "calls": ${escape(partial)} cannot be read yet \\(changed \\d+ s ago: still being written\\?\\); read again on the next scan$`))]);
    expect((cursor as { files: object }).files).toEqual({});
    // Once it has rested, it is read, and as it cannot be, the source fails.
    await utimes(partial, MTIME, MTIME);
    await expect(fetchCalls(dir)).rejects.toThrow('its new or changed file could not be read as a transcript');
  });

  it('fails with the source name and path when the path is missing', async () => {
    const err = await fetchCalls('nowhere').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toBe(`transcript "calls": cannot read ${path.join(dir, 'nowhere')}: ENOENT: no such file or directory`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
