import { appendFile, copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmailSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import { emailSource, trimReply } from '../../src/sources/email.js';
import { splitMbox } from '../../src/sources/mbox.js';
import type { Cursor } from '../../src/types.js';
import { createScanDb, type ScanDb } from '../helpers/scan-db.js';
import { FIXTURES_DIR } from '../helpers/serve-fixtures.js';
import { createTestHttpClient, makeSourceContext } from '../helpers/source-context.js';

type EmailConfig = EmailSourceConfig & { name: string };

const MBOX = path.join(FIXTURES_DIR, 'email/inbox.mbox');
const FOLDER = path.join(FIXTURES_DIR, 'email/folder');
const MBOX_IDS = ['CAF3x9Q+58213@mail.customer.example', 'case-58213.1@ocado.example', 'CAF3x9Q+58213-2@mail.customer.example'];

let dir: string;
let scanDb: ScanDb | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'earshot-email-'));
});

afterEach(async () => {
  scanDb?.cleanup();
  scanDb = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function fetchMail(mailPath: string, input: { cursor?: Cursor | null; config?: Partial<EmailConfig> } = {}) {
  const ctx = makeSourceContext({
    config: { type: 'email', name: 'support', channel: 'email', path: mailPath, ...input.config },
    cursor: input.cursor ?? null,
    baseDir: dir,
  });
  return { ...(await emailSource.fetch(ctx)), lines: ctx.lines };
}

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('emailSource: mbox', () => {
  it('splits messages and decodes encoded words, quoted-printable, charsets and multipart mail', async () => {
    const { posts, lines } = await fetchMail(MBOX);
    expect(lines).toEqual([]);
    expect(posts.map((p) => p.id)).toEqual(MBOX_IDS);
    expect(posts[0]).toEqual({
      source: 'support',
      id: 'CAF3x9Q+58213@mail.customer.example',
      channel: 'email',
      createdAt: '2026-03-02T08:41:07.000Z',
      text:
        'Missing items – order #58213\nHello Ocado,\n\n' +
        'my delivery this morning was missing the eggs and both loaves – the app says everything was delivered.\n\nDana',
      title: 'Missing items – order #58213',
      url: null,
      author: 'Dana Whitfield <dana.w@customer.example>',
      language: null,
      replyTo: null,
    });
    // windows-1252 text part of a multipart/alternative message.
    expect(posts[2]).toMatchObject({
      text: 'Re: Missing items\nThanks – refund received. Très bien, Ocado.',
      replyTo: 'case-58213.1@ocado.example',
    });
  });

  it('un-quotes >From lines and trims the quoted reply, its attribution and the signature', async () => {
    const { posts } = await fetchMail(MBOX);
    expect(posts[1]).toMatchObject({
      text: 'Re: Missing items – order #58213\nHi Dana, we have refunded the missing items.\nFrom our records the driver scanned the wrong crate.',
      author: 'Ocado Customer Care <help@ocado.example>',
      replyTo: 'CAF3x9Q+58213@mail.customer.example',
    });
  });

  it('separates only on From_ lines after a blank line, and strips one > from quoted ones', () => {
    const mbox = Buffer.from(
      ['From a@x.example Mon Mar  2 08:00:00 2026', 'Subject: one', '', 'body', 'From here on it is fine', '>>From kept once quoted', '', 'From b@x.example Mon Mar  2 09:00:00 2026', 'Subject: two', '', 'second', ''].join('\n'),
    );
    expect(splitMbox(mbox)?.map((m) => m.toString())).toEqual([
      'Subject: one\n\nbody\nFrom here on it is fine\n>From kept once quoted\n',
      'Subject: two\n\nsecond\n',
    ]);
    expect(splitMbox(Buffer.from('Subject: no separator\n\nhi\n'))).toBeNull();
  });

  it.each([
    ['a signature', 'Thanks, Ocado\n-- \nSam\nsent from my phone', 'Thanks, Ocado'],
    ['an Outlook original', 'Fine now.\n\n-----Original Message-----\nFrom: Ocado', 'Fine now.'],
    ['quoted lines and their attribution', 'Still broken.\n\nOn Tue, 3 Mar 2026, Ocado wrote:\n> Fixed?\n>> Yes', 'Still broken.'],
  ])('trims %s', (_, body, expected) => {
    expect(trimReply(body)).toBe(expected);
  });
});

describe('emailSource: folders of .eml', () => {
  it('reads .eml files only: HTML-only mail as text, base64 bodies, a hashed id without Message-ID', async () => {
    const { posts, lines } = await fetchMail(FOLDER);
    expect(lines).toEqual([]);
    expect(posts).toEqual([
      {
        source: 'support',
        id: '20260301182000.leo@shop.example',
        channel: 'email',
        createdAt: '2026-03-01T18:20:00.000Z',
        text: 'Your driver was brilliant\nJust wanted to say the Ocado driver today was “brilliant” & carried everything upstairs.\nLeo',
        title: 'Your driver was brilliant',
        url: null,
        author: 'Leo Brandt <leo@shop.example>',
        language: 'en',
        replyTo: null,
      },
      expect.objectContaining({
        id: expect.stringMatching(/^sha256:[0-9a-f]{32}$/),
        createdAt: '2026-03-01T21:05:00.000Z',
        text: 'Contact form: app crash\nThe Ocado app crashes when I open my basket.\nSent from the web form.',
        author: 'noreply@forms.example',
      }),
    ]);
  });

  it('reads a relative path against baseDir and honours a channel override', async () => {
    await cp(FOLDER, path.join(dir, 'exports'), { recursive: true });
    const { posts } = await fetchMail('exports', { config: { channel: 'social' } });
    expect(posts.map((p) => p.channel)).toEqual(['social', 'social']);
  });
});

describe('emailSource: incremental scans', () => {
  it('skips unchanged files and returns only new messages of a grown mbox', async () => {
    const mbox = path.join(dir, 'inbox.mbox');
    await copyFile(MBOX, mbox);
    const first = await fetchMail(mbox);
    expect(first.cursor).toEqual({ files: { 'inbox.mbox': { size: expect.any(Number), mtimeMs: expect.any(Number) } }, seen: MBOX_IDS });

    const second = await fetchMail(mbox, { cursor: first.cursor });
    expect(second).toMatchObject({ posts: [], cursor: first.cursor });

    await appendFile(
      mbox,
      '\nFrom dana.w@customer.example Tue Mar  3 08:00:00 2026\nFrom: dana.w@customer.example\nSubject: Ocado again\n' +
        'Date: Tue, 3 Mar 2026 08:00:00 +0000\nMessage-ID: <again@customer.example>\n\nEggs missing again.\n',
    );
    const third = await fetchMail(mbox, { cursor: first.cursor });
    expect(third.posts.map((p) => p.id)).toEqual(['again@customer.example']);
    expect((third.cursor as { seen: string[] }).seen).toEqual([...MBOX_IDS, 'again@customer.example']);
  });

  it('stores nothing twice across scans', async () => {
    await cp(FOLDER, path.join(dir, 'mail'), { recursive: true });
    await copyFile(MBOX, path.join(dir, 'mail', 'inbox.mbox'));
    scanDb = createScanDb();
    const http = createTestHttpClient();
    const yaml = `brands:\n  - name: Ocado\nsources:\n  - type: email\n    path: ${path.join(dir, 'mail')}\n`;
    const scanNow = () => scanDb!.run({ yaml, http, now: new Date('2026-03-03T00:00:00Z') });
    expect((await scanNow()).result).toMatchObject({ fetched: 5, newPosts: 5, failures: [] });
    expect((await scanNow()).result).toMatchObject({ fetched: 0, newPosts: 0, failures: [] });
    // A copy with a new mtime is read again, and the store keeps one of each.
    await copyFile(path.join(dir, 'mail', 'praise.eml'), path.join(dir, 'mail', 'praise-copy.eml'));
    expect((await scanNow()).result).toMatchObject({ fetched: 0, newPosts: 0, failures: [] });
    expect(scanDb.postIds()).toHaveLength(5);
    await http.close();
  });
});

describe('emailSource: files that are not mail', () => {
  it('reads a file without From_ separators as one message', async () => {
    const file = await writeTemp('single.mbox', 'From: a@x.example\nSubject: Ocado\nMessage-ID: <one@x.example>\n\nJust one.\n');
    const { posts } = await fetchMail(file);
    expect(posts.map((p) => [p.id, p.text])).toEqual([['one@x.example', 'Ocado\nJust one.']]);
  });

  it('uses the file mtime for a message without a readable Date', async () => {
    const file = await writeTemp('undated.eml', 'From: a@x.example\nDate: sometime soon\nSubject: Ocado\n\nUndated.\n');
    const { posts } = await fetchMail(file);
    expect(Date.parse(posts[0]!.createdAt)).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('skips text that is no message, binary files and empty files, with warnings where it matters', async () => {
    await writeTemp('notes.eml', 'Remember to call Ocado on Monday.\n');
    await writeTemp('photo.eml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    await writeTemp('empty.mbox', '');
    await writeTemp('broken.mbox', 'From someone Mon Mar  2 08:00:00 2026\n\x01\x02 garbage without headers\n');
    await copyFile(path.join(FOLDER, 'praise.eml'), path.join(dir, 'praise.eml'));
    const { posts, lines } = await fetchMail(dir);
    expect(posts.map((p) => p.id)).toEqual(['20260301182000.leo@shop.example']);
    expect(lines).toEqual([
      `warning: email "support": ${path.join(dir, 'broken.mbox')}: message 1: not an email message (no From, Date or Message-ID header); skipped`,
      `debug: email "support": ${path.join(dir, 'empty.mbox')} is empty`,
      `warning: email "support": ${path.join(dir, 'notes.eml')}: not an email message (no From, Date or Message-ID header); skipped`,
      `warning: email "support": ${path.join(dir, 'photo.eml')}: not a text file (binary data); skipped`,
    ]);
  });

  it('fails with the source name and path when the path is missing', async () => {
    const err = await fetchMail('gone.mbox').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toBe(`email "support": cannot read ${path.join(dir, 'gone.mbox')}: ENOENT: no such file or directory`);
  });
});
