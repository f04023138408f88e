import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
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
