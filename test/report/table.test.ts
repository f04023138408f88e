import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderMentionDetail } from '../../src/report/formats/detail.js';
import { renderMentionTable } from '../../src/report/formats/table.js';
import type { MentionRow } from '../../src/store/query-mentions.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const plain = new Chalk({ level: 0 });

function row(id: number, over: Partial<MentionRow> = {}): MentionRow {
  return {
    id,
    created_at: '2026-03-10T11:00:00.000Z',
    source: 'x',
    channel: 'social',
    brand: 'Ocado',
    competitor: false,
    match_kind: 'name',
    variant: 'Ocado',
    matched: 'Ocado',
    span_start: 0,
    span_end: 5,
    distance: 0,
    tagged: false,
    sentiment: 'negative',
    sentiment_score: -0.5,
    language: 'en',
    priority: 350,
    status: 'open',
    author: 'jo',
    author_followers: null,
    url: null,
    title: null,
    text: 'Ocado lost my order',
    native_id: String(id),
    found_at: '2026-03-10T11:01:00.000Z',
    verdict: null,
    assigned_to: null,
    first_response_at: null,
    age_minutes: 60,
    sla_state: 'overdue',
    first_response_minutes: null,
    ...over,
  };
}

const lines = (rows: MentionRow[], timeZone?: string) => renderMentionTable({ rows, color: plain, width: 100, now: NOW, timeZone }).split('\n');

describe('the mention table', () => {
  it('draws a line under its header, so that without colour the header is not read as a row', () => {
    const [top, head, rule, first] = lines([row(1)]);
    expect(top).toMatch(/^┌─/);
    expect(head).toMatch(/^│ id │ age │ sla +│ brand │ sentiment │ via +│ author │ text/);
    expect(rule).toMatch(/^├─+┼/);
    expect(first).toMatch(/^│ 1 +│ 1h +│ overdue │ Ocado │ negative +│ name\* │ jo +│ Ocado lost my order/);
  });

  it('has a status column only when some mention is no longer open (list --all)', () => {
    expect(lines([row(1), row(2)])[1]).not.toContain('status');
    const mixed = lines([row(1), row(2, { status: 'responded', sla_state: 'met' })]);
    expect(mixed[1]).toMatch(/│ sla +│ status +│ brand │/);
    expect(mixed[3]).toMatch(/│ overdue │ open +│ Ocado │/);
    expect(mixed[4]).toMatch(/│ met +│ responded │ Ocado │/);
  });

  it('with --tz, says when each was posted instead of how long ago', () => {
    const [, head, , first] = lines([row(1)], 'Europe/London');
    expect(head).toMatch(/^│ id │ posted +│ sla/);
    expect(first).toContain('2026-03-10 11:00');
  });
});

describe('the mention table with awkward text', () => {
  const bold = new Chalk({ level: 1 });
  const marked = (r: MentionRow) => /\u001b\[1m\u001b\[4m(.*?)\u001b\[24m/.exec(renderMentionTable({ rows: [r], color: bold, width: 100, now: NOW }))?.[1];
  const width = (s: string) => stringWidth(s);

  it('highlights the match after runs of whitespace collapsed before it', () => {
    const text = 'hello\n\n\n     there   friends    Ocado is late';
    expect(marked(row(1, { text, span_start: text.indexOf('Ocado'), span_end: text.indexOf('Ocado') + 5 }))).toBe('Ocado');
  });

  it('never cuts an emoji in half (half of one prints as U+FFFD)', () => {
    const e = '😡'.repeat(41);
    const text = `${e} Ocado ${e}`;
    const out = lines([row(1, { text, span_start: text.indexOf('Ocado'), span_end: text.indexOf('Ocado') + 5, author: '😀'.repeat(10) })]).join('\n');
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(Buffer.from(out, 'utf8').toString('utf8')).not.toContain('\ufffd');
  });

  it('keeps each mention on one line when its author holds a newline or a tab', () => {
    const out = lines([row(1, { author: 'line1\nline2\tx' }), row(2)]);
    expect(out.filter((l) => l.startsWith('│ 1 ') || l.startsWith('│ 2 '))).toHaveLength(2);
    expect(out.join('\n')).toContain('line1 line2 x');
  });

  it('fits the terminal when the text is Chinese or Japanese (two columns a character)', () => {
    const text = `Ocado ${'日本語のテキストです。'.repeat(10)}`;
    for (const l of lines([row(1, { text, author: '日本語の名前です長い名前' })])) expect(width(l)).toBeLessThanOrEqual(100);
  });

  it('keeps a match in Japanese text whole in a narrow terminal', () => {
    const text = `${'日本語のテキストです。'.repeat(3)}ユニクロの服が届きません。${'日本語のテキストです。'.repeat(5)}`;
    const at = text.indexOf('ユニクロ');
    // From 90 columns the text column is wider than its least (20), so the table fits.
    for (const cols of [90, 100, 120]) {
      const out = renderMentionTable({ rows: [row(1, { text, span_start: at, span_end: at + 4 })], color: bold, width: cols, now: NOW });
      expect(/\u001b\[1m\u001b\[4m(.*?)\u001b\[24m/.exec(out)?.[1]).toBe('ユニクロ');
      for (const l of out.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect(width(l)).toBeLessThanOrEqual(cols);
    }
  });

  it('draws thousands of rows as one table, every line as wide as the header', () => {
    const many = Array.from({ length: 1_234 }, (_, i) => row(i + 1, { author: `a${i % 97}` }));
    const out = lines(many).filter(Boolean);
    expect(out.filter((l) => l.startsWith('│ ')).length).toBe(1_234 + 1);
    expect(out.filter((l) => /^[┌└├]/.test(l))).toHaveLength(3);
    expect(new Set(out.slice(0, -1).map((l) => l.length)).size).toBe(1);
  });
});

describe('show on a terminal', () => {
  it('keeps the author, the URL and the assignee each on their line', () => {
    const out = renderMentionDetail(row(1, { author: 'jo\nsmith\tx', url: 'https://e.example/a\nb', assigned_to: 'bo\nb' }), plain);
    expect(out.split('\n').filter((l) => /^(author|url|assigned) /.test(l))).toEqual([
      expect.stringMatching(/^assigned +bo b$/),
      expect.stringMatching(/^author +jo smith x$/),
      expect.stringMatching(/^url +https:\/\/e\.example\/a b$/),
    ]);
  });
});
