import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '../../src/report/columns.js';
import { recordWriter, renderCsv, renderJson, renderNdjson, renderTsv, type MachineFormat } from '../../src/report/formats/machine.js';

const COLUMNS = ['id', 'brand', 'tagged', 'sentiment_score', 'author', 'text'] as const;

const RECORDS: OutputRecord[] = [
  { id: 1, brand: 'Ocado', tagged: true, sentiment_score: -0.5, author: 'ann', text: 'plain text' },
  { id: 2, brand: 'Tesco', tagged: false, sentiment_score: 0.25, author: null, text: 'comma, "quotes" and\nnewline' },
  { id: 3, brand: 'Ocado', tagged: false, sentiment_score: 0, author: '=HYPERLINK("x")', text: 'tab\there \\ backslash' },
  { id: 4, brand: 'Ocádo', tagged: true, sentiment_score: 1, author: '@bob', text: '\u001b[31mred\u001b[0m 😀 \u202Eevil' },
];

/** Each record as the cells a machine format should carry: controls stripped, null empty, the rest as text. */
function expectedCells(r: OutputRecord): string[] {
  const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').replace(/\u202E/g, '');
  return COLUMNS.map((c) => {
    const v = r[c];
    return v === null || v === undefined ? '' : typeof v === 'string' ? strip(v) : String(v);
  });
}

describe('renderCsv', () => {
  it('parses back, with csv-parse, to a header of the columns and the same values', () => {
    const rows = parse(renderCsv(RECORDS, COLUMNS)) as string[][];
    expect(rows[0]).toEqual([...COLUMNS]);
    const body = rows.slice(1);
    expect(body).toHaveLength(RECORDS.length);
    const expected = RECORDS.map(expectedCells);
    // Formula-looking cells come back prefixed with an apostrophe; everything else unchanged.
    expected[2]![4] = `'=HYPERLINK("x")`;
    expected[3]![4] = "'@bob";
    expect(body).toEqual(expected);
  });

  it('takes its columns from the list, in order, ignoring other keys and filling absent ones', () => {
    const rows = parse(renderCsv([{ text: 'hi', extra: 'ignored', id: 9 }], ['text', 'id', 'brand'])) as string[][];
    expect(rows).toEqual([
      ['text', 'id', 'brand'],
      ['hi', '9', ''],
    ]);
  });

  it('keeps negative numbers as numbers', () => {
    const rows = parse(renderCsv([{ sentiment_score: -0.5 }], ['sentiment_score'])) as string[][];
    expect(rows[1]).toEqual(['-0.5']);
  });

  it('writes only the header when there are no records', () => {
    expect(parse(renderCsv([], COLUMNS))).toEqual([[...COLUMNS]]);
  });
});

describe('renderTsv', () => {
  function unescape(cell: string): string {
    return cell.replace(/\\([\\tnr])/g, (_, c: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c]!);
  }

  it('writes a header of the columns and one line per record', () => {
    const lines = renderTsv(RECORDS, COLUMNS).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(COLUMNS.join('\t'));
    expect(lines).toHaveLength(RECORDS.length + 1);
    for (const line of lines) expect(line.split('\t')).toHaveLength(COLUMNS.length);
  });

  it('escapes tabs, newlines and backslashes so the values read back exactly', () => {
    const lines = renderTsv(RECORDS, COLUMNS).trimEnd().split('\n').slice(1);
    expect(lines.map((l) => l.split('\t').map(unescape))).toEqual(RECORDS.map(expectedCells));
  });

  it.each([
    ['a\tb', 'a\\tb'],
    ['a\nb', 'a\\nb'],
    ['C:\\temp', 'C:\\\\temp'],
    ['\\n is not a newline', '\\\\n is not a newline'],
  ])('writes %j as %j', (text, cell) => {
    expect(renderTsv([{ text }], ['text'])).toBe(`text\n${cell}\n`);
  });
});

describe('renderNdjson', () => {
  it('writes one JSON object per line, controls stripped', () => {
    const out = renderNdjson(RECORDS);
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(RECORDS.length);
    const parsed = lines.map((l) => JSON.parse(l) as OutputRecord);
    expect(parsed[1]).toEqual(RECORDS[1]);
    expect(parsed[0]).toEqual(RECORDS[0]);
    expect(parsed[3]!.text).toBe('red 😀 evil');
    // Types survive: numbers, booleans and null stay what they were.
    expect(parsed[1]).toMatchObject({ id: 2, tagged: false, author: null, sentiment_score: 0.25 });
  });

  it('writes nothing for no records', () => {
    expect(renderNdjson([])).toBe('');
  });
});

describe('renderJson', () => {
  it('writes one array that parses back to the records, controls stripped', () => {
    const parsed = JSON.parse(renderJson(RECORDS)) as OutputRecord[];
    expect(parsed.slice(0, 3)).toEqual(RECORDS.slice(0, 3));
    expect(parsed[3]!.text).toBe('red 😀 evil');
  });
});

describe('recordWriter: batch by batch, as an export streams', () => {
  const whole: Record<MachineFormat, (records: OutputRecord[]) => string> = {
    csv: (r) => renderCsv(r, COLUMNS),
    tsv: (r) => renderTsv(r, COLUMNS),
    json: (r) => renderJson(r),
    ndjson: (r) => renderNdjson(r),
  };
  // Empty batches, one record, all at once: the bytes never depend on how rows were batched.
  const batchings = [[4], [1, 1, 1, 1], [0, 2, 0, 2, 0], [3, 1]];
  it.each(['csv', 'tsv', 'json', 'ndjson'] as const)('%s gives the same bytes however the records are batched', (format) => {
    for (const sizes of batchings) {
      const writer = recordWriter(format, COLUMNS);
      let out = writer.head;
      let at = 0;
      for (const n of sizes) {
        out += writer.rows(RECORDS.slice(at, at + n));
        at += n;
      }
      out += writer.tail();
      expect(out, sizes.join(',')).toBe(whole[format](RECORDS));
    }
  });

  it('json is exactly JSON.stringify of the whole array, empty or not', () => {
    const plain = RECORDS.slice(0, 2);
    expect(renderJson(plain)).toBe(JSON.stringify(plain, null, 2) + '\n');
    expect(renderJson([])).toBe('[]\n');
  });
});
