import { appendFile, copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileSourceConfig } from '../../src/config/schema.js';
import { SourceError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { fileSource, parseDate, readPostsFile, streamPostBatches, type ReadPostsFileInput } from '../../src/sources/file.js';
import type { Post } from '../../src/types.js';
import { FIXTURES_DIR } from '../helpers/serve-fixtures.js';
import { makeSourceContext } from '../helpers/source-context.js';

const NOW = new Date('2026-03-03T00:00:00Z');
const JSONL = path.join(FIXTURES_DIR, 'files/posts.jsonl');
const CSV = path.join(FIXTURES_DIR, 'files/posts.csv');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'earshot-file-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(input: Partial<ReadPostsFileInput> & { path: string }) {
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  const posts = await readPostsFile({ source: 'social-export', log, now: NOW, ...input });
  return { posts, lines };
}

async function writeTemp(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function readError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

function byId(posts: Post[], id: string): Post | undefined {
  return posts.find((p) => p.id === id);
}

describe('readPostsFile: JSONL', () => {
  it('maps rows to posts, normalising ids and dates', async () => {
    const { posts } = await read({ path: JSONL });
    expect(posts.map((p) => p.id)).toEqual(['1001', '1002', '1003', '1004', '1005', '1008']);
    expect(byId(posts, '1001')).toEqual({
      source: 'social-export',
      id: '1001',
      channel: 'social',
      createdAt: '2026-03-02T08:15:00.000Z',
      text: '@ocado my delivery is 2 hours late and nobody is answering the phone. #OcadoFail',
      title: null,
      url: 'https://social.example/sam_t/1001',
      author: 'sam_t',
      authorFollowers: 312,
      language: 'en',
      replyTo: null,
    });
    expect(byId(posts, '1002')?.createdAt).toBe('2026-03-02T09:30:00.000Z'); // epoch seconds
    expect(byId(posts, '1003')).toMatchObject({ createdAt: '2026-03-02T10:02:11.000Z', replyTo: '999' }); // Twitter's format
    expect(byId(posts, '1004')?.createdAt).toBe('2026-03-02T10:30:00.000Z'); // epoch ms
    expect(byId(posts, '1005')?.createdAt).toBe('2026-03-02T08:00:00.000Z'); // +01:00 offset
  });

  it('warns with file:line for an invalid line, a missing field and a bad date, and keeps the rest', async () => {
    const { lines } = await read({ path: JSONL });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^warning: ${escape(JSONL)}:6: invalid JSON \\(.+\\)$`));
    expect(lines[1]).toBe(`warning: ${JSONL}:8: missing "text"`);
    expect(lines[2]).toBe(`warning: ${JSONL}:10: cannot read date "last Tuesday" in "created_at"`);
  });

  it('maps fields, including dotted paths into nested objects', async () => {
    const file = await writeTemp(
      'tweets.ndjson',
      JSON.stringify({
        id_str: '9001',
        full_text: 'Ocdao lost my order #OcadoFail',
        created_at: 'Mon Mar 02 21:10:47 +0000 2026',
        user: { screen_name: 'late_larry', followers_count: 48 },
      }) + '\n',
    );
    const { posts } = await read({
      path: file,
      fields: { id: 'id_str', text: 'full_text', author: 'user.screen_name', author_followers: 'user.followers_count' },
      channel: 'forum',
    });
    expect(posts).toEqual([
      expect.objectContaining({
        id: '9001',
        text: 'Ocdao lost my order #OcadoFail',
        author: 'late_larry',
        authorFollowers: 48,
        createdAt: '2026-03-02T21:10:47.000Z',
        channel: 'forum',
      }),
    ]);
  });

  it('stops before any post at a key mapped on purpose that no record of the first block has; one some records lack is fine', async () => {
    const file = await writeTemp('keys.jsonl', '{"id":"1","text":"Ocado","time":"2026-03-01T00:00:00Z"}\n{"id":"2","text":"Ocado","user":{"name":"ann"}}\n');
    const typo = await readError(read({ path: file, fields: { created_at: 'timestamp' } }));
    expect([typo.message, typo.exitCode]).toEqual(['file "social-export": line 1: none of the first 2 records has "timestamp" for the post\'s created_at; fix fields: { created_at: KEY } in the source', 2]);
    const nested = await readError(read({ path: file, fields: { author: 'user.screen_name' } }));
    expect(nested.message).toContain('none of the first 2 records has "user.screen_name" for the post\'s author');
    const { posts } = await read({ path: file, fields: { created_at: 'time', author: 'user.name' } });
    expect(posts.map((p) => [p.id, p.createdAt, p.author])).toEqual([
      ['1', '2026-03-01T00:00:00.000Z', null],
      ['2', NOW.toISOString(), 'ann'],
    ]);
  });

  it('uses now for rows without a date and names the mapped column when text is missing', async () => {
    const file = await writeTemp('rows.jsonl', '{"id":"a","body":"Tesco was fine"}\n{"id":"b"}\n');
    const { posts, lines } = await read({ path: file, fields: { text: 'body' } });
    expect(posts).toEqual([expect.objectContaining({ id: 'a', createdAt: NOW.toISOString() })]);
    expect(lines).toEqual([`warning: ${file}:2: missing "body"`]);
  });

  it('skips, saying so, a row dated more than a day after the import; a few hours ahead (a zone written wrong) is kept', async () => {
    const file = await writeTemp('future.jsonl', '{"id":"a","text":"Tesco","created_at":"2150-01-01T00:00:00Z"}\n{"id":"b","text":"Tesco","created_at":"2026-03-03T10:00:00Z"}\n');
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.id)).toEqual(['b']);
    expect(lines).toEqual([`warning: ${file}:1: date "2150-01-01T00:00:00Z" in "created_at" is in the future`]);
  });

  it('caps per-row warnings and summarises the rest', async () => {
    const file = await writeTemp('noisy.jsonl', '{"id":"x"}\n'.repeat(25));
    const { lines } = await read({ path: file });
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe(`warning: ${file}: 5 more rows skipped`);
  });
});

describe('readPostsFile: CSV', () => {
  it('maps rows, including a quoted field spanning lines', async () => {
    const { posts } = await read({ path: CSV });
    expect(posts.map((p) => p.id)).toEqual(['2001', '2002', '2003', '2005', '2006']);
    expect(byId(posts, '2001')).toEqual({
      source: 'social-export',
      id: '2001',
      channel: 'social',
      createdAt: '2026-03-02T19:15:00.000Z',
      text: "@ocado where is my order? Booked 7-8pm, it's now 9:15",
      title: null,
      url: 'https://social.example/jo_b/2001',
      author: 'jo_b',
      authorFollowers: 1204,
      language: 'en',
      replyTo: null,
    });
    expect(byId(posts, '2002')?.createdAt).toBe('2026-03-02T18:00:00.000Z');
    expect(byId(posts, '2003')).toMatchObject({
      text: 'Multi-line complaint:\nthe Ocada app logged me out, "again"',
      createdAt: '2026-03-02T18:10:00.000Z',
      replyTo: '2001',
    });
  });

  it('reports a row with an unclosed quote by line number and keeps the rows after it', async () => {
    const { posts, lines } = await read({ path: CSV });
    expect(lines).toEqual([`warning: ${CSV}:6: quote not closed`, `warning: ${CSV}:9: missing "text"`]);
    expect(posts.map((p) => p.id)).toContain('2006');
  });

  it.each([
    ['a quote inside an unquoted field', '3,Ocado "fresh" my foot,x'],
    ['text after a closing quote', '3,"Ocado" is late again,x'],
  ])('reports %s and keeps the rest', async (_, broken) => {
    const file = await writeTemp('broken.csv', ['id,text,author', '1,Tesco on time,a', broken, '4,Ocado on time,b', ''].join('\n'));
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.id)).toEqual(['1', '4']);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^warning: ${escape(file)}:3: broken quoting \\(.+\\)$`))]);
  });

  it('drops only the first line of a quote that closes on a later broken line', async () => {
    const file = await writeTemp(
      'broken.csv',
      ['id,text', '1,"Ocado never came', '2,Tesco came', '3,he said "hi', '4,Ocado came at last', ''].join('\n'),
    );
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.id)).toEqual(['2', '4']);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^warning: ${escape(file)}:2: broken quoting`)),
      `warning: ${file}:4: quote not closed`,
    ]);
  });

  it('handles a BOM, CRLF line ends, blank lines and short rows', async () => {
    const file = await writeTemp('excel.csv', '\uFEFFid,text,author\r\n1,Ocado rocks,ann\r\n\r\n2,Ocado again\r\n');
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => [p.id, p.text, p.author])).toEqual([
      ['1', 'Ocado rocks', 'ann'],
      ['2', 'Ocado again', null],
    ]);
    expect(lines).toEqual([]);
  });

  it('ends lines at a lone CR too, and at a CRLF split across read chunks, with the right line numbers', async () => {
    // Reads come in 1 MiB chunks: the first row is padded so its \r is the chunk's last byte.
    const first = JSON.stringify({ id: 'a', text: 'Ocado ' + 'x'.repeat((1 << 20) - 27) });
    const content = first + '\r\n' + '{"id":"b","text":"Ocado b"}\r{broken\n{"id":"c","text":"Ocado c"}';
    expect(Buffer.byteLength(first) + 1).toBe(1 << 20);
    const file = await writeTemp('mixed.jsonl', content);
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^warning: ${escape(file)}:3: invalid JSON`))]);
  });

  it('streams posts in order and reports the bytes read', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: String(i), text: `Ocado ${'y'.repeat(500)}` }));
    const file = await writeTemp('big.jsonl', rows.join('\n') + '\n');
    const progress: number[] = [];
    const log = createLogger({ write: () => {} });
    let count = 0;
    for await (const batch of streamPostBatches({ path: file, source: 'big', log, now: NOW }, (b) => progress.push(b))) {
      for (const post of batch) expect(post.id).toBe(String(count++));
    }
    expect(count).toBe(3000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(Buffer.byteLength(rows.join('\n') + '\n'));
  });

  it('streams blocks of posts across read boundaries, CRLF line ends and bad lines included', async () => {
    // ~3 MB: several 1 MB reads, so lines and \r\n pairs are split between blocks.
    const rows = Array.from({ length: 8000 }, (_, i) => (i === 3999 ? '{broken' : JSON.stringify({ id: String(i), text: `Ocado ${'z'.repeat(i % 700)}` })));
    const file = await writeTemp('blocks.jsonl', rows.join('\r\n') + '\r\n');
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const batch of streamPostBatches({ path: file, source: 'blocks', log, now: NOW })) {
      sizes.push(batch.length);
      for (const post of batch) ids.push(post.id);
    }
    expect(sizes.length).toBeGreaterThan(2);
    expect(ids).toEqual(rows.map((_, i) => String(i)).filter((id) => id !== '3999'));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^warning: ${escape(file)}:4000: invalid JSON`))]);
  });

  it('warns about bad lines in line order, whatever was wrong with each', async () => {
    const file = await writeTemp('order.jsonl', ['{"id":"a","text":"Ocado"}', '{"id":"b"}', 'not json', '{"id":"c","text":"x","created_at":"yesterday"}', '[1]'].join('\n'));
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    for await (const batch of streamPostBatches({ path: file, source: 'order', log, now: NOW })) expect(batch.map((p) => p.id)).toEqual(['a']);
    expect(lines.map((l) => /:(\d+):/.exec(l)?.[1])).toEqual(['2', '3', '4', '5']);
  });

  it('labels a stream\'s errors with the source', async () => {
    const log = createLogger({ write: () => {} });
    const stream = streamPostBatches({ path: path.join(dir, 'missing.jsonl'), source: 'gone', log, now: NOW });
    const err = await readError(stream.next());
    expect(err.message).toMatch(/^file "gone": cannot read .*missing\.jsonl/);
  });

  it('maps columns and turns float-formatted ids back into integers', async () => {
    const file = await writeTemp(
      'support.csv',
      'tweet_id,author_id,created_at,text,in_response_to_tweet_id\n' +
        '12,OcadoSupport,Tue Mar 03 09:00:00 +0000 2026,@jo_b sorry about that,11.0\n',
    );
    const { posts } = await read({
      path: file,
      fields: { id: 'tweet_id', author: 'author_id', reply_to: 'in_response_to_tweet_id' },
    });
    expect(posts).toEqual([
      expect.objectContaining({ id: '12', author: 'OcadoSupport', replyTo: '11', createdAt: '2026-03-03T09:00:00.000Z' }),
    ]);
  });
});

describe('readPostsFile: formats and errors', () => {
  it('takes the format from the config over the extension', async () => {
    const file = await writeTemp('export.txt', 'id,text\n1,Ocado\n');
    const { posts } = await read({ path: file, format: 'csv' });
    expect(posts.map((p) => p.text)).toEqual(['Ocado']);
  });

  it('refuses an unknown extension as a usage error', async () => {
    const file = await writeTemp('export.txt', 'id,text\n');
    const err = await readError(read({ path: file }));
    expect(err.message).toBe(`file "social-export": cannot tell the format of ${file} from its extension; set format: jsonl, csv or tsv`);
    expect(err.exitCode).toBe(2);
  });

  it('fails on a CSV header row it cannot read', async () => {
    const file = await writeTemp('bad-header.csv', 'id,"text\n1,Ocado\n');
    const err = await readError(read({ path: file }));
    expect(err.message).toMatch(/^file "social-export": line 1: cannot read the header row: quote not closed/);
  });

  it('stops at a CSV header without the id or text column, naming the columns it has, before any row', async () => {
    const file = await writeTemp('mapped.csv', 'tweet_id,body,created_at\n1,Ocado,2026-03-01\n');
    const wrong = await readError(read({ path: file, fields: { id: 'tweet_id', text: 'nosuch' } }));
    expect(wrong.message).toBe(
      'file "social-export": line 1: no column "nosuch" for the post\'s text: the header has "tweet_id", "body", "created_at"; name the column that holds it with fields: { text: COLUMN } in the source',
    );
    expect(wrong.exitCode).toBe(2);
    // Blank lines before the header: the header's own line is named.
    const semicolons = await writeTemp('semi.csv', '\n\nid;text\n1;Ocado\n');
    const err = await readError(read({ path: semicolons }));
    expect(err.message).toBe(
      'file "social-export": line 3: no column "id" for the post\'s id: the header has "id;text"; its columns seem to be separated by ";", and earshot reads comma-separated CSV',
    );
    const { posts } = await read({ path: file, fields: { id: 'tweet_id', text: 'body' } });
    expect(posts.map((p) => p.text)).toEqual(['Ocado']);
    // Read by `import`, the file is named by its path, and the fix is a flag.
    const batches = streamPostBatches({ path: file, fields: { id: 'tweet_id', text: 'nosuch' }, source: 'mapped', log: createLogger({ write: () => {} }), now: NOW, reader: 'import' });
    await expect(batches.next()).rejects.toThrow(`${file}: line 1: no column "nosuch" for the post's text: the header has "tweet_id", "body", "created_at"; name the column that holds it with --field text=COLUMN`);
  });

  it('reads TSV as databases and earshot write it: escapes, no quoting, a BOM, blank lines, short rows', async () => {
    const file = await writeTemp(
      'posts.tsv',
      '\uFEFFid\ttext\tauthor\tcreated_at\n' +
        '1\tOcado late\\tagain\\nsecond line\tann\t2026-03-01T10:00:00Z\n' +
        '\n' +
        '2\t"Ocado" said C:\\\\temp and \\x\tbob\n' +
        '3\tOcado\tcat\t2026-03-01\tstray\n' +
        '4\tOcado fine\t\t2026-03-02\t\n' +
        // NULL as PostgreSQL's COPY writes it.
        '5\tOcado null\t\\N\t\\N\n',
    );
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => [p.id, p.text, p.author, p.createdAt.slice(0, 10)])).toEqual([
      ['1', 'Ocado late\tagain\nsecond line', 'ann', '2026-03-01'],
      ['2', '"Ocado" said C:\\temp and \\x', 'bob', NOW.toISOString().slice(0, 10)],
      ['4', 'Ocado fine', null, '2026-03-02'],
      ['5', 'Ocado null', null, NOW.toISOString().slice(0, 10)],
    ]);
    expect(lines).toEqual([`warning: ${file}:5: 5 cells where the header has 4 columns (a tab in a text must be written \\t)`]);
  });

  it('names the separator a header seems to use, and the format that reads it', async () => {
    const tabs = await writeTemp('tabs.csv', 'id\ttext\n1\tOcado\n');
    expect((await readError(read({ path: tabs }))).message).toBe(
      'file "social-export": line 1: no column "id" for the post\'s id: the header has "id\\ttext"; its columns seem to be separated by tabs: read it as TSV (format: tsv in the source)',
    );
    const commas = await writeTemp('commas.tsv', 'id,text\n1,Ocado\n');
    const err = await readError(read({ path: commas }));
    expect(err.message).toBe(
      'file "social-export": line 1: no column "id" for the post\'s id: the header has "id,text"; its columns seem to be separated by ",": read it as CSV (format: csv in the source)',
    );
    expect(err.exitCode).toBe(2);
  });

  it('stops at a CSV header without a column mapped on purpose (a typo would date every post at the import)', async () => {
    const file = await writeTemp('typo.csv', 'Tweet Id,Tweet Text,Time\n1,Ocado,2026-03-02 14:05:00\n');
    const fields = { id: 'Tweet Id', text: 'Tweet Text' };
    const err = await readError(read({ path: file, fields: { ...fields, created_at: 'Date' } }));
    expect(err.message).toBe(
      'file "social-export": line 1: no column "Date" for the post\'s created_at: the header has "Tweet Id", "Tweet Text", "Time"; fix fields: { created_at: COLUMN } in the source',
    );
    expect(err.exitCode).toBe(2);
    const { posts } = await read({ path: file, fields: { ...fields, created_at: 'Time' } });
    expect(posts.map((p) => p.createdAt)).toEqual(['2026-03-02T14:05:00.000Z']);
  });

  it('skips a CSV row with more cells than the header (an unquoted comma would cut its text short), saying so; empty extra cells are harmless', async () => {
    const file = await writeTemp('commas.csv', 'id,text\n1,Ocado, late again\n2,"Ocado, on time"\n3,Ocado fine,,\n');
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => [p.id, p.text])).toEqual([
      ['2', 'Ocado, on time'],
      ['3', 'Ocado fine'],
    ]);
    expect(lines).toEqual([`warning: ${file}:2: 3 cells where the header has 2 columns (a text with a comma must be in double quotes)`]);
  });

  it('stops at a header naming a column it reads twice, in CSV and TSV; a repeated column it does not read is left alone', async () => {
    const csv = await writeTemp('twice.csv', 'id,text,Date,text\n1,Ocado,2026-03-01,late again\n');
    const err = await readError(read({ path: csv }));
    expect(err.message).toBe(
      'file "social-export": line 1: the header has "text" twice (columns 2 and 4), so which holds the post\'s text is unclear: rename one',
    );
    expect(err.exitCode).toBe(2);
    const tsv = await writeTemp('twice.tsv', 'id\ttext\tTime\tTime\n1\tOcado\t2026-03-01\t2026-03-02\n');
    expect((await readError(read({ path: tsv, fields: { created_at: 'Time' } }))).message).toBe(
      'file "social-export": line 1: the header has "Time" twice (columns 3 and 4), so which holds the post\'s created_at is unclear: rename one',
    );
    // Not read: "Date" twice changes nothing earshot stores.
    const unread = await writeTemp('unread.csv', 'id,text,Date,Date\n1,Ocado,a,b\n');
    expect((await read({ path: unread })).posts.map((p) => p.text)).toEqual(['Ocado']);
  });

  it('says a folder is a folder, before asking its extension', async () => {
    const folder = path.join(dir, 'exports');
    await mkdir(folder, { recursive: true });
    const err = await readError(read({ path: folder }));
    expect([err.message, err.exitCode]).toEqual([`file "social-export": ${folder} is a folder: give the file of posts in it`, 2]);
  });

  it('says an id or text that is an object, a list or a boolean is one, not that it is missing', async () => {
    const file = await writeTemp(
      'ids.jsonl',
      '{"id":{"a":1},"text":"Acme"}\n{"id":[1],"text":"Acme"}\n{"id":"3","text":"Acme"}\n{"id":true,"text":"Acme"}\n{"id":"5","text":["Acme"]}\n{"id":"6","text":false}\n',
    );
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.id)).toEqual(['3']);
    expect(lines).toEqual([
      `warning: ${file}:1: "id" is an object, where a string or a number was expected`,
      `warning: ${file}:2: "id" is a list, where a string or a number was expected`,
      `warning: ${file}:4: "id" is a boolean (true), where a string or a number was expected`,
      `warning: ${file}:5: "text" is a list, where a string was expected`,
      `warning: ${file}:6: "text" is a boolean (false), where a string was expected`,
    ]);
  });

  it('names the source and path when the file is missing', async () => {
    const file = path.join(dir, 'gone.jsonl');
    const err = await readError(read({ path: file }));
    expect(err.message).toBe(`file "social-export": cannot read ${file}: ENOENT: no such file or directory`);
  });
});

describe('fileSource', () => {
  type FileConfig = FileSourceConfig & { name: string };
  const config = (overrides: Partial<FileConfig> = {}): FileConfig => ({
    type: 'file',
    name: 'exports',
    channel: 'social',
    path: 'posts.jsonl',
    fields: {},
    ...overrides,
  });

  it('reads the file relative to baseDir and skips it while size and mtime are unchanged', async () => {
    await copyFile(JSONL, path.join(dir, 'posts.jsonl'));
    const first = await fileSource.fetch(makeSourceContext({ config: config(), baseDir: dir, now: NOW }));
    expect(first.posts).toHaveLength(6);
    expect(first.posts[0]).toMatchObject({ source: 'exports', channel: 'social' });
    expect(first.cursor).toEqual({ size: expect.any(Number), mtimeMs: expect.any(Number) });

    const second = await fileSource.fetch(makeSourceContext({ config: config(), baseDir: dir, cursor: first.cursor }));
    expect(second).toEqual({ posts: [], cursor: first.cursor });

    await appendFile(path.join(dir, 'posts.jsonl'), '{"id":"1010","text":"Ocado, you star","created_at":"2026-03-02T23:00:00Z"}\n');
    const third = await fileSource.fetch(makeSourceContext({ config: config(), baseDir: dir, cursor: first.cursor }));
    // The whole file is read again; the store ignores ids it already has.
    expect(third.posts.map((p) => p.id)).toContain('1010');
    expect(third.cursor).not.toEqual(first.cursor);
  });

  it('leaves a last line not yet ended for the next scan while the file is fresh, and reads it once the file has rested', async () => {
    const file = path.join(dir, 'tickets.csv');
    await writeFile(file, 'id,text\n1,Ocado first\n2,Ocado my order is la');
    const csv = config({ path: 'tickets.csv' });
    const first = await fileSource.fetch(makeSourceContext({ config: csv, baseDir: dir, now: NOW }));
    expect(first.posts.map((p) => [p.id, p.text])).toEqual([['1', 'Ocado first']]);
    expect(first.cursor).toMatchObject({ size: 'id,text\n1,Ocado first\n'.length });
    await appendFile(file, 'te again\n3,Ocado third');
    const second = await fileSource.fetch(makeSourceContext({ config: csv, baseDir: dir, now: NOW, cursor: first.cursor }));
    expect(second.posts.map((p) => [p.id, p.text])).toEqual([
      ['1', 'Ocado first'],
      ['2', 'Ocado my order is late again'],
    ]);
    // Unchanged for a minute: the last line is whole, and is read.
    const rested = new Date(Date.now() - 120_000);
    await utimes(file, rested, rested);
    const third = await fileSource.fetch(makeSourceContext({ config: csv, baseDir: dir, now: NOW, cursor: second.cursor }));
    expect(third.posts.map((p) => p.id)).toEqual(['1', '2', '3']);
    const fourth = await fileSource.fetch(makeSourceContext({ config: csv, baseDir: dir, now: NOW, cursor: third.cursor }));
    expect(fourth.posts).toEqual([]);
  });

  it('warns through the context logger', async () => {
    const ctx = makeSourceContext({ config: config({ path: 'files/posts.csv', channel: 'email' }), baseDir: FIXTURES_DIR });
    const { posts } = await fileSource.fetch(ctx);
    expect(posts.every((p) => p.channel === 'email')).toBe(true);
    expect(ctx.lines).toContain(`warning: ${CSV}:6: quote not closed`);
  });

  it('fails when none of the rows could be read, so the file is read again next time; an empty file does not', async () => {
    await writeFile(path.join(dir, 'posts.jsonl'), 'garbage\n{"text":"no id"}\n');
    const ctx = makeSourceContext({ config: config(), baseDir: dir, now: NOW });
    const err = await readError(fileSource.fetch(ctx));
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toBe('file "exports": posts.jsonl: none of its 2 rows could be read (see the warnings above); nothing was stored from it');
    expect(ctx.lines).toHaveLength(2);
    await writeFile(path.join(dir, 'posts.jsonl'), '');
    expect(await fileSource.fetch(makeSourceContext({ config: config(), baseDir: dir, now: NOW }))).toMatchObject({ posts: [] });
  });

  it('leaves a fresh UTF-16 file\'s unended last line for the next scan too, in either byte order', async () => {
    for (const [encoding, mark] of [['utf16le', [0xff, 0xfe]], ['utf16be', [0xfe, 0xff]]] as const) {
      const text = 'id\ttext\n1\tOcado first\n2\tOcado my order is la';
      const units = Buffer.from(text, 'utf16le');
      if (encoding === 'utf16be') units.swap16();
      await writeFile(path.join(dir, 'desk.tsv'), Buffer.concat([Buffer.from(mark), units]));
      const { posts } = await fileSource.fetch(makeSourceContext({ config: config({ path: 'desk.tsv' }), baseDir: dir, now: NOW }));
      expect(posts.map((p) => [p.id, p.text]), encoding).toEqual([['1', 'Ocado first']]);
    }
  });

  it('says a path that is a folder is one, fresh or not', async () => {
    await mkdir(path.join(dir, 'exports'));
    const err = await readError(fileSource.fetch(makeSourceContext({ config: config({ path: 'exports' }), baseDir: dir })));
    expect([err.message, (err as SourceError).exitCode]).toEqual([`file "exports": ${path.join(dir, 'exports')} is a folder: give the file of posts in it`, 2]);
  });

  it('names the source when the file is missing', async () => {
    const ctx = makeSourceContext({ config: config({ path: 'nope.csv' }), baseDir: dir });
    const err = await readError(fileSource.fetch(ctx));
    expect(err.message).toBe(`file "exports": cannot read ${path.join(dir, 'nope.csv')}: ENOENT: no such file or directory`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('parseDate: the dates exports write', () => {
  it.each([
    ['2026-03-02T14:05:00Z', '2026-03-02T14:05:00.000Z'],
    ['2026-03-02 14:05:00', '2026-03-02T14:05:00.000Z'],
    ['2026/03/02 14:05:00', '2026-03-02T14:05:00.000Z'],
    ['2026-03-02 14:05:00 UTC', '2026-03-02T14:05:00.000Z'],
    ['Mar 2 2026', '2026-03-02T00:00:00.000Z'],
    ['Mon Mar 02 14:05:00 +0000 2026', '2026-03-02T14:05:00.000Z'],
    ['1772460300', '2026-03-02T14:05:00.000Z'],
    ['1772460300123', '2026-03-02T14:05:00.123Z'],
    ['1772460300123456', '2026-03-02T14:05:00.123Z'],
    ['20260302', '2026-03-02T00:00:00.000Z'],
  ])('reads %j', (text, iso) => {
    expect(parseDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['2026-02-30T10:00:00Z', 'a day that does not exist'],
    ['2026', 'a year, which as seconds would be 1970'],
    ['99999999999', 'seconds in the year 5138'],
    ['03/02/2026 14:05', 'day and month in an order only the locale tells'],
    ['02.03.2026', 'the same with dots'],
    ['last Tuesday', 'words'],
  ])('refuses %j: %s', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('JSONL ids too big for a JSON number', () => {
  it('keeps tweet-sized integer ids as written, so two posts stay two', async () => {
    const file = await writeTemp(
      'tweets.jsonl',
      [
        '{"id": 1897000000000000001, "text": "Acme one", "author_followers": 12}',
        '{"id": 1897000000000000002, "text": "Acme \\"id\\": 1897000000000000003 in words"}',
        // Digits after a colon inside a text, closing a brace: an earlier pattern quoted them and broke the line.
        '{"id":1897000000000000004,"text":": 12345678901234567891} Acme"}',
      ].join('\n'),
    );
    const { posts, lines } = await read({ path: file });
    expect(lines).toEqual([]);
    expect(posts.map((p) => [p.id, p.text, p.authorFollowers])).toEqual([
      ['1897000000000000001', 'Acme one', 12],
      ['1897000000000000002', 'Acme "id": 1897000000000000003 in words', null],
      ['1897000000000000004', ': 12345678901234567891} Acme', null],
    ]);
  });

  it('keeps them written with .0, and skips with a warning a number no id survives (1e400, 12.5)', async () => {
    const file = await writeTemp(
      'floats.jsonl',
      ['{"id":1897000000000000001.0,"text":"Acme one"}', '{"id":1897000000000000002.0,"text":"Acme two"}', '{"id":1e400,"text":"Acme e"}', '{"id":12.5,"text":"Acme f"}', '{"id":7,"text":"Acme g"}'].join('\n'),
    );
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.id)).toEqual(['1897000000000000001', '1897000000000000002', '7']);
    expect(lines).toEqual([
      `warning: ${file}:3: id is a number JSON cannot keep exactly (read as Infinity); write ids as strings`,
      `warning: ${file}:4: id is a number JSON cannot keep exactly (read as 12.5); write ids as strings`,
    ]);
  });
});

describe('files not in UTF-8', () => {
  it('reads Windows-1252 (Excel\'s CSV on Windows), saying so, with its accents and quotes intact', async () => {
    const file = path.join(dir, 'cp1252.csv');
    await writeFile(file, Buffer.from('id,text,author\r\n1,Acme caf\xe9 \x93great\x94,Jos\xe9\r\n', 'latin1'));
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => [p.text, p.author])).toEqual([['Acme café “great”', 'José']]);
    expect(lines).toEqual([`warning: ${file}: text that is not UTF-8, read as Windows-1252 (as Excel saves text files on Windows)`]);
  });

  it('reads UTF-8 that holds one stray byte as UTF-8: its accents intact, the stray byte as U+FFFD', async () => {
    const file = path.join(dir, 'stray.jsonl');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('{"id":"1","text":"Müller yoghurt was off 😡"}\n{"id":"2","text":"Acme late '),
        Buffer.from([0xe2, 0x80]),
        Buffer.from('"}\n'),
      ]),
    );
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => p.text)).toEqual(['Müller yoghurt was off 😡', 'Acme late \uFFFD']);
    expect(lines).toEqual([]);
  });

  it('tells Windows-1252 at its first byte past ASCII, even past the first megabyte', async () => {
    const file = path.join(dir, 'late-accent.csv');
    const ascii = Array.from({ length: 40_000 }, (_, i) => `${i},Acme plain row ${i}\n`).join('');
    expect(ascii.length).toBeGreaterThan(1 << 20);
    await writeFile(file, Buffer.concat([Buffer.from(`id,text\n${ascii}`), Buffer.from('99999,Acme caf\xe9 M\xfcller\n', 'latin1')]));
    const { posts, lines } = await read({ path: file });
    expect(posts.at(-1)!.text).toBe('Acme café Müller');
    expect(posts).toHaveLength(40_001);
    expect(lines).toEqual([`warning: ${file}: text that is not UTF-8, read as Windows-1252 (as Excel saves text files on Windows)`]);
  });

  it('reads UTF-16 after its byte-order mark (Excel\'s "Unicode text")', async () => {
    const file = path.join(dir, 'u16.csv');
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,text\r\n1,Acme café\r\n', 'utf16le')]));
    const { posts, lines } = await read({ path: file });
    expect(posts.map((p) => [p.id, p.text])).toEqual([['1', 'Acme café']]);
    expect(lines).toEqual([]);
  });

  it('reads UTF-8 whose first chunk ends inside a character as UTF-8', async () => {
    const file = path.join(dir, 'long.jsonl');
    // The 1 MB chunk boundary falls inside "é" (two bytes).
    const pad = 'x'.repeat((1 << 20) - '{"id":"1","text":"Acme '.length - 1);
    await writeFile(file, `{"id":"1","text":"Acme ${pad}é"}\n`);
    const { posts, lines } = await read({ path: file });
    expect(posts[0]!.text.endsWith('xé')).toBe(true);
    expect(lines).toEqual([]);
  });
});

describe('CSV cells of many lines', () => {
  it('keeps a quoted cell of 5,000 lines (a mail thread) as one post', async () => {
    const thread = Array.from({ length: 5_000 }, (_, i) => `> quoted ${i}, Acme`).join('\n');
    const file = await writeTemp('thread.csv', `id,text\nT-1,"Acme thread\n${thread}"\nT-2,Acme after\n`);
    const { posts, lines } = await read({ path: file });
    expect(lines).toEqual([]);
    expect(posts.map((p) => [p.id, p.text.split('\n').length])).toEqual([
      ['T-1', 5_001],
      ['T-2', 1],
    ]);
  });
});
