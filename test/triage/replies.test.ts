import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer, type Analyzer } from '../../src/pipeline/analyze.js';
import { analyzeHere } from '../../src/pipeline/chunk-analyzer.js';
import { importPosts } from '../../src/pipeline/import-posts.js';
import type { Db } from '../../src/store/open-db.js';
import { queryMentions } from '../../src/store/query-mentions.js';
import { indexBrandHandles } from '../../src/triage/brand-handles.js';
import { slaTargets } from '../../src/triage/sla.js';
import type { Post } from '../../src/types.js';
import { makeBrand, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const brands = [
  makeBrand({ name: 'Ocado', handles: ['@OcadoSupport'], fuzzy: 'off', sla: 30 }),
  makeBrand({ name: 'Tesco', handles: ['@Tesco'], fuzzy: 'off', competitor: true }),
];
const handles = indexBrandHandles(brands);

let temp: TempDb;
let db: Db;
let analyzer: Analyzer;

beforeEach(async () => {
  temp = createTempDb();
  db = temp.db;
  analyzer = await createAnalyzer({ brands, topics: [], languages: ['en'] });
});
afterEach(() => temp.cleanup());

const customer = (id: string, createdAt: string, text = '@OcadoSupport my order is late again'): Post =>
  makePost({ source: 'tw', id, author: `cust${id}`, createdAt, text });
// The brand's reply names the brand: it must still not become a mention of its own.
const reply = (id: string, to: string, createdAt: string, author = 'ocadosupport', text = 'Sorry to hear that, Ocado will sort it. DM us.'): Post =>
  makePost({ source: 'tw', id, author, createdAt, replyTo: to, text });

function load(posts: Post[]) {
  return importPosts({ db, analyzer: analyzeHere(analyzer), source: 'tw', posts, now: () => new Date('2026-03-01T13:00:00Z'), handles });
}

function mentionsOf(brand = 'Ocado') {
  return queryMentions(db, { all: true, brands: [brand], order: 'id' }, { now: new Date('2026-03-01T13:00:00Z'), targets: slaTargets(brands) });
}

function events() {
  return db.prepare(`SELECT post_pk, brand, at, actor, action, value FROM mention_events ORDER BY id`).all();
}

describe('reply detection', () => {
  it('marks a mention responded at the reply time when the reply comes after the post', async () => {
    await load([customer('1', '2026-03-01T12:00:00Z'), reply('2', '1', '2026-03-01T12:12:00Z')]);
    const [m] = mentionsOf();
    expect(m).toMatchObject({ native_id: '1', status: 'responded', first_response_at: '2026-03-01T12:12:00Z', first_response_minutes: 12, sla_state: 'met' });
    expect(events()).toEqual([
      { post_pk: 1, brand: 'Ocado', at: '2026-03-01T12:12:00Z', actor: 'auto:ocadosupport', action: 'status', value: 'responded' },
    ]);
  });

  it("an edited post is answered by a reply that names the edit's id", async () => {
    const edited = (createdAt: string): Post => ({ ...customer('1', createdAt), aliases: ['1e'] });
    // The edit stored with the post, then the reply to the edit.
    await load([edited('2026-03-01T12:00:00Z')]);
    await load([reply('2', '1e', '2026-03-01T12:10:00Z')]);
    expect(mentionsOf()).toMatchObject([{ native_id: '1', status: 'responded', first_response_minutes: 10 }]);
  });

  it('an edit met after the reply to it, the post stored before both, links them then', async () => {
    await load([customer('1', '2026-03-01T12:00:00Z')]);
    await load([reply('2', '1e', '2026-03-01T12:20:00Z')]);
    expect(mentionsOf()).toMatchObject([{ native_id: '1', status: 'open' }]);
    await load([{ ...customer('1', '2026-03-01T12:00:00Z'), aliases: ['1e'] }]);
    expect(mentionsOf()).toMatchObject([{ native_id: '1', status: 'responded', first_response_minutes: 20 }]);
    expect(events()).toHaveLength(1);
  });

  it('of replies to a post and to its edit, the earliest is its answer, once', async () => {
    await load([reply('2', '1', '2026-03-01T12:30:00Z'), reply('3', '1e', '2026-03-01T12:10:00Z')]);
    await load([{ ...customer('1', '2026-03-01T12:00:00Z'), aliases: ['1e'] }]);
    expect(mentionsOf()).toMatchObject([{ native_id: '1', status: 'responded', first_response_minutes: 10 }]);
    expect(events()).toHaveLength(1);
  });

  it('links a reply that comes before its post in the same file', async () => {
    await load([reply('2', '1', '2026-03-01T12:45:00Z', '@OCADOSUPPORT'), customer('1', '2026-03-01T12:00:00Z')]);
    expect(mentionsOf()).toMatchObject([{ native_id: '1', status: 'responded', first_response_minutes: 45, sla_state: 'missed' }]);
  });

  it('links across runs, in either order, and keeps the first reply', async () => {
    await load([customer('1', '2026-03-01T12:00:00Z')]);
    expect(mentionsOf()).toMatchObject([{ status: 'open', sla_state: 'overdue', age_minutes: 60 }]);
    await load([reply('3', '1', '2026-03-01T12:40:00Z')]);
    await load([reply('2', '1', '2026-03-01T12:20:00Z')]);
    expect(mentionsOf()).toMatchObject([{ status: 'responded', first_response_minutes: 20 }]);

    await load([reply('5', '4', '2026-03-01T12:59:00Z')]);
    await load([customer('4', '2026-03-01T12:55:00Z')]);
    expect(mentionsOf()[1]).toMatchObject({ native_id: '4', status: 'responded', first_response_minutes: 4 });
  });

  it('ignores replies by anyone else and replies by another brand', async () => {
    await load([
      customer('1', '2026-03-01T12:00:00Z', '@OcadoSupport and @Tesco both late'),
      reply('2', '1', '2026-03-01T12:05:00Z', 'someone', 'same here'),
      reply('3', '1', '2026-03-01T12:06:00Z', 'tesco', 'sorry, DM us'),
    ]);
    expect(mentionsOf()).toMatchObject([{ status: 'open', first_response_at: null }]);
    expect(mentionsOf('Tesco')).toMatchObject([{ status: 'responded', first_response_minutes: 6, sla_state: null }]);
  });

  it('does not reopen or re-close what a person decided, but still records the first reply time', async () => {
    await load([customer('1', '2026-03-01T12:00:00Z')]);
    db.prepare(`UPDATE mentions SET status = 'ignored'`).run();
    await load([reply('2', '1', '2026-03-01T12:10:00Z')]);
    expect(mentionsOf()).toMatchObject([{ status: 'ignored', first_response_minutes: 10 }]);
  });

  it("does not make the brand's own posts into mentions", async () => {
    const r = await load([makePost({ source: 'tw', id: '9', author: 'OcadoSupport', text: 'Ocado: new delivery slots today @OcadoSupport' })]);
    expect(r.newPosts).toBe(1);
    expect(r.newMentions).toBe(0);
  });

  it('shows open mentions as ok, due soon and overdue against the brand target', async () => {
    await load([
      customer('1', '2026-03-01T12:50:00Z'),
      customer('2', '2026-03-01T12:35:00Z'),
      customer('3', '2026-03-01T12:29:00Z'),
    ]);
    expect(mentionsOf().map((m) => [m.native_id, m.age_minutes, m.sla_state])).toEqual([
      ['1', 10, 'ok'],
      ['2', 25, 'due_soon'],
      ['3', 31, 'overdue'],
    ]);
  });
});

describe('reply detection in a scan', () => {
  it('closes a mention answered within the same scan batch, and leaves the reply out of the mentions', async () => {
    const { createScanDb } = await import('../helpers/scan-db.js');
    const { createTestHttpClient } = await import('../helpers/source-context.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const scanDb = createScanDb();
    const http = createTestHttpClient();
    try {
      writeFileSync(
        join(scanDb.dir, 'posts.jsonl'),
        [
          { id: 'r', created_at: '2026-03-01T12:07:00Z', author: '@OcadoSupport', reply_to: 'p', text: 'Sorry! Ocado will refund you.' },
          { id: 'p', created_at: '2026-03-01T12:00:00Z', author: 'kim', text: 'Ocado forgot my eggs' },
        ]
          .map((p) => JSON.stringify(p))
          .join('\n') + '\n',
      );
      const yaml = `brands:\n  - name: Ocado\n    handles: ["@OcadoSupport"]\n    fuzzy: off\nsources:\n  - type: file\n    path: posts.jsonl\n`;
      const { result } = await scanDb.run({ yaml, http, now: new Date('2026-03-01T13:00:00Z') });
      expect(result.newPosts).toBe(2);
      expect(result.newMentions).toHaveLength(1);
      const dump = JSON.parse(scanDb.dump()) as Record<string, unknown>[][];
      const events = dump.flat().filter((row) => row.action === 'status');
      expect(events).toMatchObject([{ brand: 'Ocado', at: '2026-03-01T12:07:00.000Z', actor: 'auto:ocadosupport', value: 'responded' }]);
    } finally {
      await http.close();
      scanDb.cleanup();
    }
  });
});

describe('a brand account on Mastodon, stored with its instance', () => {
  it('is the brand when written with its instance, and an account of the same name elsewhere is not', async () => {
    const fedi = [makeBrand({ name: 'Ocado', handles: ['@OcadoSupport', '@OcadoSupport@social.example'], fuzzy: 'off' })];
    const local = await createAnalyzer({ brands: fedi, topics: [], languages: ['en'] });
    const toot = (id: string, author: string, createdAt: string, text: string, replyTo?: string) =>
      makePost({ source: 'fedi', id, author, createdAt, text, replyTo: replyTo ?? null });
    await importPosts({
      db,
      analyzer: analyzeHere(local),
      source: 'fedi',
      posts: [
        toot('1', 'gus@social.example', '2026-03-01T12:00:00Z', 'Is #ocado down? my order is late'),
        toot('2', 'OcadoSupport@elsewhere.example', '2026-03-01T12:05:00Z', 'Ocado here, all fixed', '1'),
        toot('3', 'OcadoSupport@social.example', '2026-03-01T12:09:00Z', 'Sorry, #ocado is back up now', '1'),
      ],
      now: () => new Date('2026-03-01T13:00:00Z'),
      handles: indexBrandHandles(fedi),
    });
    // The look-alike's post is a mention, and its reply closed nothing: the brand's did, at 9 minutes.
    expect(mentionsOf().map((m) => [m.native_id, m.status, m.first_response_minutes])).toEqual([
      ['1', 'responded', 9],
      ['2', 'open', null],
    ]);
  });
});
