import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const COLUMNS =
  'id,created_at,source,channel,brand,competitor,match_kind,matched,tagged,sentiment,sentiment_score,language,priority,status,author,author_followers,url,text,age_minutes,sla_state,first_response_minutes';

describe('scan → list → export on the demo fixtures', () => {
  let dir: string;
  let cli: (args: string[], env?: Record<string, string>) => ReturnType<typeof runCli>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-cli-'));
    cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
    cli = (args, env) => runCli(['--db', join(dir, 'test.db'), ...args], { cwd: dir, env });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores mentions on the first scan and nothing on the second', async () => {
    const first = await cli(['scan']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const found = /(\d+) new posts, (\d+) new mentions/.exec(first.stdout);
    expect(found).not.toBeNull();
    expect(Number(found![2])).toBeGreaterThan(5);

    const second = await cli(['scan']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new posts, 0 new mentions/);
  });

  it('lists open own-brand mentions, churn risk, complaints and questions before plain negatives, untagged first', async () => {
    const r = await cli(['list', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((x) => x.brand === 'Ocado' && x.status === 'open' && x.competitor === false)).toBe(true);
    // Priority bands are 100 wide (src/report/priority.ts); inside one, untagged comes first.
    const band = (x: Record<string, unknown>) => Math.floor(Number(x.priority) / 100);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(Number(a.priority)).toBeGreaterThanOrEqual(Number(b.priority));
      if (band(a) === band(b)) expect(Number(a.tagged)).toBeLessThanOrEqual(Number(b.tagged));
    }
    // The customer about to leave tops the list though the post reads neutral; the two refund
    // complaints and the question about delivery come before the plain negative posts.
    expect(rows[0]).toMatchObject({ sentiment: 'neutral', tagged: false });
    expect(String(rows[0]!.text)).toMatch(/Third week in a row/);
    const plainNegative = rows.findIndex((x) => band(x) === 3);
    expect(plainNegative).toBeGreaterThan(2);
    expect(rows.slice(0, plainNegative).some((x) => String(x.text).includes('refund'))).toBe(true);
    expect(rows.slice(plainNegative).every((x) => !/refund|\?/.test(String(x.text)))).toBe(true);
    expect(rows.at(-1)!.sentiment).toBe('positive');
    // The misspelling and the avocado false friend.
    expect(rows.some((x) => x.match_kind === 'fuzzy' || x.match_kind === 'hashtag')).toBe(true);
    expect(rows.some((x) => String(x.text).includes('avocado toast'))).toBe(false);
  });

  it('finds a misspelled, untagged mention', async () => {
    const r = await cli(['list', '--untagged', '--format', 'ndjson']);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const typo = rows.find((x) => x.matched === 'Ocaado');
    expect(typo).toMatchObject({ match_kind: 'fuzzy', tagged: false, brand: 'Ocado' });
  });

  it('exports every mention as CSV a standard reader parses, with the documented columns', async () => {
    const r = await cli(['export', '--format', 'csv']);
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(r.stdout.split('\n')[0]).toBe(COLUMNS);
    expect(records.some((x) => x.brand === 'Tesco' && x.competitor === 'true')).toBe(true);
    for (const x of records) expect(Date.parse(x.created_at!)).not.toBeNaN();
    expect(records.every((x) => /Z$/.test(x.created_at!))).toBe(true);
  });

  it('defaults to TSV with a header when piped', async () => {
    const r = await cli(['list']);
    expect(r.stdout.split('\n')[0]).toBe(COLUMNS.replaceAll(',', '\t'));
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('filters by sentiment, tagging, brand and limit', async () => {
    const neg = JSON.parse((await cli(['list', '--sentiment', 'negative', '--format', 'json'])).stdout) as { sentiment: string }[];
    expect(neg.length).toBeGreaterThan(0);
    expect(neg.every((x) => x.sentiment === 'negative')).toBe(true);
    const tagged = JSON.parse((await cli(['list', '--tagged', '--format', 'json'])).stdout) as { tagged: boolean }[];
    expect(tagged.every((x) => x.tagged)).toBe(true);
    const tesco = JSON.parse((await cli(['list', '--all', '--brand', 'tesco', '--format', 'json'])).stdout) as { brand: string }[];
    expect(tesco.length).toBeGreaterThan(0);
    expect(tesco.every((x) => x.brand === 'Tesco')).toBe(true);
    const one = JSON.parse((await cli(['list', '--limit', '1', '--format', 'json'])).stdout) as unknown[];
    expect(one).toHaveLength(1);
  });

  it('says on stderr when the limit cut the list, and not when everything fitted', async () => {
    const all = JSON.parse((await cli(['list', '--format', 'json'])).stdout) as unknown[];
    expect(all.length).toBeGreaterThan(2);
    for (const format of ['table', 'csv', 'ndjson']) {
      const cut = await cli(['list', '--limit', '2', '--format', format]);
      expect(cut.stderr, format).toBe('earshot: note: the first 2 shown; more match (--limit N shows more)\n');
      if (format !== 'table') expect(cut.stdout.trim().split('\n'), format).toHaveLength(format === 'ndjson' ? 2 : 3);
    }
    const whole = await cli(['list', '--limit', String(all.length), '--format', 'csv']);
    expect([whole.stderr, whole.stdout.trim().split('\n').length]).toEqual(['', all.length + 1]);
    expect((await cli(['--quiet', 'list', '--limit', '2', '--format', 'csv'])).stderr).toBe('');
  });

  it('shows one mention with why it matched', async () => {
    const [first] = JSON.parse((await cli(['list', '--format', 'json'])).stdout) as { id: number; matched: string }[];
    const r = await cli(['show', String(first!.id), '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Mention ${first!.id}: Ocado`);
    expect(r.stdout).toContain(`"${first!.matched}"`);
    const missing = await cli(['show', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('earshot: no mention with id 999999\n');
  });

  it('keeps machine output clean when a .env file sits in the working directory', async () => {
    writeFileSync(join(dir, '.env'), 'EARSHOT_TEST_SECRET=leaked\nDEBUG=*\n');
    try {
      const r = await cli(['export', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      expect(r.stdout.trimStart().startsWith('[')).toBe(true);
      const m = await cli(['match', 'my ocado order', '--format', 'json']);
      expect(() => JSON.parse(m.stdout)).not.toThrow();
      expect(m.stdout + m.stderr).not.toMatch(/dotenv|injecting env/i);
    } finally {
      rmSync(join(dir, '.env'));
    }
  });
});
