import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

interface ListRow {
  id: number;
  brand: string;
  match_kind: string;
  matched: string;
  status: string;
  text: string;
}

interface VariantRow {
  brand: string;
  match_kind: string;
  variant: string;
  matched: number;
  confirmed: number;
  rejected: number;
  precision: number | null;
}

describe('triage on the demo fixtures: mark, list, rules, rematch, match --explain', () => {
  let dir: string;
  let cli: (args: string[]) => ReturnType<typeof runCli>;

  const list = async (...args: string[]): Promise<ListRow[]> => {
    const r = await cli(['list', '--format', 'json', ...args]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ListRow[];
  };
  // What is stored, without the columns that move with the clock (age and SLA state).
  const exportAll = async (): Promise<string> => {
    const r = await cli(['export', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    return JSON.stringify(rows.map(({ age_minutes: _age, sla_state: _sla, ...stored }) => stored));
  };
  const rules = async (): Promise<{ variants: VariantRow[]; suggestions: unknown[] }> => {
    const r = await cli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as { variants: VariantRow[]; suggestions: unknown[] };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-triage-'));
    cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
    cli = (args) => runCli(['--db', join(dir, 'test.db'), ...args], { cwd: dir });
    const scan = await cli(['scan']);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/9 new posts, \d+ new mentions/);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mark --false-positive hides the mention from list, but not from list --all', async () => {
    const before = await list();
    const target = before.find((r) => r.match_kind === 'name' && r.text.startsWith('Honestly love'))!;
    expect(target).toBeDefined();

    const r = await cli(['mark', String(target.id), '--false-positive', '--by', 'tester', '--note', 'about Tesco really']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('marked 1 mention\n');

    const after = await list();
    expect(after.map((x) => x.id)).toEqual(before.map((x) => x.id).filter((id) => id !== target.id));
    expect((await list('--all')).map((x) => x.id)).toContain(target.id);
  });

  it('rules --format json counts the false positive against its variant', async () => {
    const { variants, suggestions } = await rules();
    // Precision over judged mentions: none confirmed of one judged; none judged yet is null.
    expect(variants).toContainEqual({ brand: 'Ocado', match_kind: 'name', variant: 'Ocado', matched: 3, confirmed: 0, rejected: 1, precision: 0 });
    expect(variants.find((v) => v.match_kind === 'fuzzy')).toEqual({
      brand: 'Ocado',
      match_kind: 'fuzzy',
      variant: 'Ocado',
      matched: 1,
      confirmed: 0,
      rejected: 0,
      precision: null,
    });
    expect(variants.filter((v) => v.brand === 'Tesco').reduce((n, v) => n + v.matched, 0)).toBe(3);
    // One false positive is not enough to suggest an exclusion.
    expect(suggestions).toEqual([]);
  });

  it('rules counts a confirmation, and several ids can be marked at once', async () => {
    const rows = await list();
    const handle = rows.find((r) => r.match_kind === 'handle')!;
    const hashtag = rows.find((r) => r.match_kind === 'hashtag')!;
    // An id given twice is marked and counted once.
    const r = await cli(['mark', String(handle.id), String(hashtag.id), String(handle.id), '--relevant']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('marked 2 mentions\n');
    const { variants } = await rules();
    expect(variants.find((v) => v.brand === 'Ocado' && v.match_kind === 'handle')).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(variants.find((v) => v.brand === 'Ocado' && v.match_kind === 'hashtag')).toMatchObject({ confirmed: 1, rejected: 0 });
  });

  it('list --brand with a competitor says where its mentions are instead of only listing nothing', async () => {
    const r = await cli(['list', '--brand', 'Tesco', '--format', 'json']);
    expect([r.code, r.stdout.trim()]).toEqual([0, '[]']);
    expect(r.stderr).toBe("earshot: note: Tesco is a competitor: the list holds your own brands' open mentions; add --all to see its mentions\n");
    const all = await cli(['list', '--brand', 'Tesco', '--all', '--format', 'json']);
    expect(all.stderr).toBe('');
    expect((JSON.parse(all.stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it('mark --responded closes a mention: it leaves the default list', async () => {
    const [first] = await list();
    const r = await cli(['mark', String(first!.id), '--responded', '--quiet']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await list()).map((x) => x.id)).not.toContain(first!.id);
    expect((await list('--all')).find((x) => x.id === first!.id)).toMatchObject({ status: 'responded' });
  });

  it.each([
    [['--responded', '--ignored'], 'earshot: choose one of --responded, --ignored, --open\n'],
    [['--open', '--responded'], 'earshot: choose one of --responded, --ignored, --open\n'],
    [['--false-positive', '--relevant'], 'earshot: choose one of --false-positive, --relevant\n'],
    [[], 'earshot: nothing to mark: give --responded, --ignored, --open, --false-positive, --relevant, --assign or --note\n'],
  ])('mark %j is a usage error (exit 2) that changes nothing', async (flags, message) => {
    const before = await exportAll();
    const [first] = await list('--all');
    const r = await cli(['mark', String(first!.id), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(message);
    expect(await exportAll()).toBe(before);
  });

  it('mark --assign takes the name without surrounding blanks, and a blank one unassigns; a blank note is none', async () => {
    const [first] = await list('--all');
    const assigned = async () => (JSON.parse((await cli(['show', String(first!.id), '--format', 'json'])).stdout) as { assigned_to: string | null }[])[0]!.assigned_to;
    expect((await cli(['mark', String(first!.id), '--assign', ' dana '])).code).toBe(0);
    expect(await assigned()).toBe('dana');
    expect((await cli(['mark', String(first!.id), '--assign', '  '])).code).toBe(0);
    expect(await assigned()).toBeNull();
    const blankNote = await cli(['mark', String(first!.id), '--note', '   ']);
    expect([blankNote.code, blankNote.stderr]).toEqual([2, 'earshot: nothing to mark: give --responded, --ignored, --open, --false-positive, --relevant, --assign or --note\n']);
  });

  it("show gives the mention's assignee and its history: who marked what, when, with their notes", async () => {
    const [first] = await list('--all');
    const id = String(first!.id);
    expect((await cli(['mark', id, '--assign', 'dana', '--note', 'refund case', '--by', 'ana'])).code).toBe(0);
    expect((await cli(['mark', id, '--note', 'called back', '--by', 'dana'])).code).toBe(0);
    const shown = (await cli(['show', id, '--format', 'table'])).stdout;
    expect(shown).toMatch(/^assigned +dana$/m);
    expect(shown).toMatch(/^History\n(?: {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}.+\n)*? {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}ana: assigned to dana — refund case\n {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}dana: note — called back\n/m);
    // One mark that changes two things keeps its note once.
    expect((await cli(['mark', id, '--ignored', '--assign', 'bo', '--note', 'duplicate of 12', '--by', 'ana'])).code).toBe(0);
    const again = (await cli(['show', id, '--format', 'table'])).stdout;
    expect(again.split('duplicate of 12').length - 1).toBe(1);
    expect(again).toMatch(/ana: marked ignored — duplicate of 12\n.*ana: assigned to bo\n/);
  });

  it('mark with an unknown id exits 1 with one line and marks none of the ids', async () => {
    const before = await exportAll();
    const [first] = await list();
    const r = await cli(['mark', String(first!.id), '999999', '--ignored']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('earshot: no mention with id 999999\n');
    expect(await exportAll()).toBe(before);
  });

  it('mark with an id that is not a number is a usage error', async () => {
    const r = await cli(['mark', 'abc', '--ignored']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^earshot: .*"abc"/);
  });

  it('rematch with unchanged rules changes nothing', async () => {
    const before = await exportAll();
    const r = await cli(['rematch']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('rematched 9 posts: 0 mentions added, 0 removed, 0 changed\n');
    expect(await exportAll()).toBe(before);
  });

  it('rematch --dry-run prints what a rule change would do and changes nothing; rematch then does it', async () => {
    const yamlPath = join(dir, 'earshot.yaml');
    const yaml = readFileSync(yamlPath, 'utf8');
    // Two new exclude phrases: "oat milk" removes the unjudged misspelling; "the eggs" would remove the
    // @Ocado mention, but it was confirmed relevant above, so it stays.
    writeFileSync(yamlPath, yaml.replace('exclude: [avocado toast]', 'exclude: [avocado toast, oat milk, the eggs]'));
    try {
      const before = await exportAll();
      const dry = await cli(['rematch', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toBe('dry run: rematched 9 posts: 0 mentions added, 1 removed, 0 changed\n');
      expect(await exportAll()).toBe(before);

      const real = await cli(['rematch']);
      expect(real.code).toBe(0);
      expect(real.stdout).toBe('rematched 9 posts: 0 mentions added, 1 removed, 0 changed\n');
      const rows = (await list('--all')).filter((x) => x.brand === 'Ocado');
      expect(rows.some((x) => x.matched === 'Ocaado')).toBe(false);
      expect(rows.some((x) => x.match_kind === 'handle')).toBe(true);
    } finally {
      writeFileSync(yamlPath, yaml);
    }
  });

  it('rematch --quiet prints nothing', async () => {
    const r = await cli(['rematch', '--dry-run', '--quiet']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('match --explain --format json shows why #avocado is not Ocado', async () => {
    const r = await cli(['match', '--explain', '--format', 'json', 'brunch: #avocado on sourdough']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { language: string | null; matches: unknown[]; rejected: Record<string, unknown>[] };
    expect(Object.keys(out).sort()).toEqual(['language', 'matches', 'rejected']);
    expect(out.matches).toEqual([]);
    expect(out.rejected).toHaveLength(1);
    expect(out.rejected[0]).toMatchObject({ brand: 'Ocado', kind: 'hashtag', match_kind: 'hashtag', matched: '#avocado', variant: 'Ocado' });
    expect(out.rejected[0]!.reason).toMatch(/"avocado".*word/);
  });

  it('match and rules write CSV and TSV for spreadsheets: the same rows as JSON', async () => {
    const text = 'love Tesco, but the ocdao app lost my order';
    const json = JSON.parse((await cli(['match', '--format', 'json', text])).stdout) as Record<string, unknown>[];
    const csv = await cli(['match', '--format', 'csv', text]);
    expect(csv.code).toBe(0);
    const [head, ...rows] = csv.stdout.trim().split('\n');
    expect(head).toBe('brand,competitor,match_kind,variant,matched,span_start,span_end,distance,tagged,sentiment,sentiment_score,priority');
    expect(rows).toEqual(json.map((m) => Object.values(m).map(String).join(',')));
    const ndjson = await cli(['match', '--explain', '--format', 'ndjson', 'the ocdao app crashed again #avocado']);
    expect(ndjson.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { rejected: unknown }).rejected)).toEqual([false, true]);
    const explained = await cli(['match', '--explain', '--format', 'tsv', 'Smashed avocado toast, then my ocdao order was late again']);
    const [explainedHead, dropped] = explained.stdout.trim().split('\n');
    expect(explainedHead!.split('\t').slice(-2)).toEqual(['rejected', 'reason']);
    expect(dropped).toMatch(/^Ocado\t\tfuzzy\tOcado\tocdao\t(\t){7}true\t.*avocado toast/);
    const variants = (await rules()).variants;
    const tsv = await cli(['rules', '--format', 'tsv']);
    expect(tsv.stdout.replace(/\n$/, '').split('\n')).toEqual([
      'brand\tmatch_kind\tvariant\tmatched\tconfirmed\trejected\tprecision',
      ...variants.map((v) => [v.brand, v.match_kind, v.variant, v.matched, v.confirmed, v.rejected, v.precision ?? ''].join('\t')),
    ]);
  });

  it('match --explain --format json shows an exclude phrase and keeps what matched', async () => {
    const r = await cli(['match', '--explain', '--format', 'json', 'Smashed avocado toast, then my ocdao order was late again']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { language: string | null; matches: unknown[]; rejected: Record<string, unknown>[] };
    expect(out.matches).toEqual([]);
    expect(out.rejected).toEqual([
      { brand: 'Ocado', kind: 'fuzzy', match_kind: 'fuzzy', matched: 'ocdao', variant: 'Ocado', reason: expect.stringMatching(/exclude.*"avocado toast"/) },
    ]);
  });

  it('match --explain --format json lists matches with the language and nothing rejected', async () => {
    const r = await cli(['match', '--explain', '--format', 'json', 'The ocdao app crashed again at checkout and lost my whole basket #OcadoFail']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { language: string | null; matches: Record<string, unknown>[]; rejected: unknown[] };
    expect(out.language).toBe('en');
    expect(out.matches).toMatchObject([{ brand: 'Ocado', match_kind: 'hashtag', matched: '#OcadoFail', tagged: false }]);
    expect(out.rejected).toEqual([]);
  });

  it('match --lang sets the language instead of detecting it', async () => {
    const r = await cli(['match', '--explain', '--lang', 'de', '--format', 'json', 'Ocado hat wieder alles falsch geliefert']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ language: 'de', matches: [{ brand: 'Ocado' }], rejected: [] });
  });

  it('match without --explain prints the matches as an array', async () => {
    const r = await cli(['match', '--format', 'json', '#avocado']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
