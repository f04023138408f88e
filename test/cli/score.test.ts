import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-score-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Line {
  id: unknown;
  language: string | null;
  sentiment: string;
  sentiment_score: number;
  confidence: number;
  intents: string[];
  uncertain: boolean;
  explain?: { lexicon: string; cues: string[] };
}

function lines(stdout: string): Line[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
}

describe('earshot score', () => {
  it('scores a JSONL file in each line\'s language and writes NDJSON', async () => {
    const file = join(dir, 'posts.jsonl');
    writeFileSync(
      file,
      [
        { id: 'a', text: 'I love this, great service!', lang: 'en' },
        { id: 'b', text: 'Das ist wirklich schlecht und enttäuschend', lang: 'de' },
        '',
        { id: 3, text: 'Jestem bardzo zadowolony, super obsługa 😍', lang: 'pl' },
        { id: 'd', text: 'The parcel arrived on Tuesday', lang: 'en-GB' },
      ]
        .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
        .join('\n'),
    );
    const r = await runCli(['score', file], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((x) => [x.id, x.language, x.sentiment])).toEqual([
      ['a', 'en', 'positive'],
      ['b', 'de', 'negative'],
      [3, 'pl', 'positive'],
      ['d', 'en', 'neutral'],
    ]);
    for (const x of out) {
      expect(Object.keys(x)).toEqual(['id', 'language', 'sentiment', 'sentiment_score', 'confidence', 'intents', 'uncertain']);
      expect(x.uncertain).toBe(false);
      expect(x.confidence).toBeGreaterThanOrEqual(0);
      expect(x.confidence).toBeLessThanOrEqual(1);
      expect(Math.abs(x.sentiment_score)).toBeLessThanOrEqual(1);
    }
  });

  it('writes an id too big for a double as the input wrote it (a tweet id), so scores join back', async () => {
    const input = '{"id":1897000000000000001,"text":"love it"}\n{"text":": 12345678901234567891} meh", "id" : 12345678901234567890}\n{"id":7,"text":"ok"}\n';
    const r = await runCli(['score', '-'], { cwd: dir, input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3).map((l) => /^\{"id":([^,]+),/.exec(l)?.[1])).toEqual(['1897000000000000001', '12345678901234567890', '7']);
    expect(lines(r.stdout)[0]).toMatchObject({ sentiment: 'positive' });
    // Numbers JSON.parse cannot keep at all are written back as written too; one inside another member is not the id.
    const odd = '{"id":1e400,"text":"ok"}\n{"id":12345678901234567891.5,"text":"ok"}\n{"meta":{"id":1},"id":-1e999,"text":"ok"}\n{"id":12.5,"text":"ok"}\n';
    const kept = await runCli(['score', '-'], { cwd: dir, input: odd });
    expect(kept.stdout.split('\n').slice(0, 4).map((l) => /^\{"id":([^,]+),/.exec(l)?.[1])).toEqual(['1e400', '12345678901234567891.5', '-1e999', '12.5']);
  });

  it('writes back an id of any JSON kind (a list, an object, a boolean) and a missing one as null', async () => {
    const ids = [['thread-9', 42], { source: 'desk', n: 7 }, true, null];
    const input = ids.map((id) => JSON.stringify({ id, text: 'love it' })).concat(JSON.stringify({ text: 'love it' })).join('\n');
    const r = await runCli(['score', '-'], { cwd: dir, input });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout).map((l) => l.id)).toEqual([...ids, null]);
    // Numbers inside them that JSON.parse cannot keep are written back as written, and of a
    // repeated id the last, which JSON.parse keeps.
    const exact = '{"id":[1234567890123456789012, "a"],"text":"ok"}\n{"id":{"t":9007199254740993},"text":"ok"}\n{"id":5,"id":1e400,"text":"ok"}\n';
    const kept = await runCli(['score', '-'], { cwd: dir, input: exact });
    expect(kept.stdout.split('\n').slice(0, 3).map((l) => /^\{"id":(.+?),"language"/.exec(l)?.[1])).toEqual(['[1234567890123456789012, "a"]', '{"t":9007199254740993}', '1e400']);
  });

  it('reads standard input, detects the language and explains with --explain', async () => {
    const input = `${JSON.stringify({ id: 1, text: 'El servicio es muy malo, no lo recomiendo para nada' })}\n`;
    const r = await runCli(['score', '-', '--explain'], { cwd: dir, input });
    expect(r.code).toBe(0);
    const [x] = lines(r.stdout);
    expect(x).toMatchObject({ id: 1, language: 'es', sentiment: 'negative' });
    expect(x!.explain!.lexicon).toBe('es');
    expect(x!.explain!.cues.length).toBeGreaterThan(0);
  });

  it('reads a file that starts with a byte-order mark, UTF-8 or UTF-16, from a file or a pipe, as import does', async () => {
    const text = `\uFEFF${JSON.stringify({ id: 7, text: 'great service, thank you' })}\r\n${JSON.stringify({ id: 8, text: 'awful, never again' })}\r\n`;
    writeFileSync(join(dir, 'bom.jsonl'), text);
    // Excel and Notepad's "Unicode" is UTF-16 with its mark.
    writeFileSync(join(dir, 'utf16.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(1), 'utf16le')]));
    for (const r of [
      await runCli(['score', 'bom.jsonl', '--lang', 'en'], { cwd: dir }),
      await runCli(['score', '-', '--lang', 'en'], { cwd: dir, input: text }),
      await runCli(['score', 'utf16.jsonl', '--lang', 'en'], { cwd: dir }),
    ]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(lines(r.stdout).map((l) => [l.id, l.sentiment])).toEqual([
        [7, 'positive'],
        [8, 'negative'],
      ]);
    }
  });

  it('uses --lang for lines without one', async () => {
    const input = `${JSON.stringify({ id: 1, text: 'super' })}\n`;
    const r = await runCli(['score', '--lang', 'de', '--explain'], { cwd: dir, input });
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]).toMatchObject({ language: 'de', explain: { lexicon: 'de' } });
  });

  it('skips a line that is not a JSON object with text, naming it, scores the rest and exits 2', async () => {
    const input = [JSON.stringify({ id: 1, text: 'ok' }), '{"id": 2}', '{"id": 3, "text": "late ag', JSON.stringify({ id: 4, text: 'love it' }), ''].join('\n');
    const r = await runCli(['score'], { cwd: dir, input });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      'warning: stdin:2: expected a JSON object with a string "text"; skipped',
      'warning: stdin:3: not valid JSON; skipped',
      'earshot: stdin: 2 of 4 lines could not be read (see the warnings above); the others were scored',
      '',
    ]);
    expect(lines(r.stdout).map((l) => l.id)).toEqual([1, 4]);
  });

  it('warns about the first 20 bad lines only, then counts the rest', async () => {
    const input = Array.from({ length: 25 }, (_, i) => `not json ${i}`).concat(JSON.stringify({ id: 'ok', text: 'fine' })).join('\n');
    const r = await runCli(['score'], { cwd: dir, input });
    expect(r.code).toBe(2);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toHaveLength(21);
    expect(warnings[19]).toBe('warning: stdin:20: not valid JSON; skipped');
    expect(warnings[20]).toBe('warning: stdin: 5 more bad lines skipped');
    expect(lines(r.stdout).map((l) => l.id)).toEqual(['ok']);
  });

  it('scores a line of megabytes by its first 100,000 characters', async () => {
    const input = `${JSON.stringify({ id: 'huge', text: `This is awful ${'a'.repeat(4_000_000)}`, lang: 'en' })}\n`;
    const r = await runCli(['score'], { cwd: dir, input });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toMatchObject([{ id: 'huge', sentiment: 'negative' }]);
  });

  it('refuses a folder in one line, before reading', async () => {
    const r = await runCli(['score', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`earshot: ${dir}: is a folder; give a JSONL file, or - for standard input\n`);
  });

  it('reports a missing file as a usage error', async () => {
    const r = await runCli(['score', join(dir, 'nope.jsonl')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`earshot: cannot read ${join(dir, 'nope.jsonl')}: ENOENT: no such file or directory`);
  });

  it('stops quietly when the reader goes away (earshot score big.jsonl | head -1)', () => {
    const input = join(dir, 'big.jsonl');
    writeFileSync(input, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: i, text: `late again, never again ${i}`, lang: 'en' }) + '\n').join(''));
    const errFile = join(dir, 'stderr.txt');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" score "${input}" 2>"${errFile}" | head -1; echo "status=\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
    });
    const [first, status] = r.stdout.split('\n');
    expect(JSON.parse(first!)).toMatchObject({ id: 0, sentiment: 'negative' });
    expect(status).toBe('status=0');
    expect(readFileSync(errFile, 'utf8')).toBe('');
  });
});
