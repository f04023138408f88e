import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Spike } from '../../src/alerts/detect-spikes.js';
import { pendingNotifications, planNotifications, queryWindowCounts } from '../../src/store/notifications.js';
import { openDb } from '../../src/store/open-db.js';
import { saveBatches, saveScan } from '../../src/store/save-scan.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { createTempDb, openAtSchema, type TempDb } from '../helpers/temp-db.js';

const RECEIVER = 'http://127.0.0.1:9/hook';
const spike: Spike = { brand: 'Ocado', kind: 'volume', value: 9, mean: 2, sd: 0, threshold: 2, mentions: 9 };

let temp: TempDb;
beforeEach(() => {
  temp = createTempDb();
});
afterEach(() => temp.cleanup());

function store(id: string, createdAt: string, sentiment: 'negative' | 'neutral' = 'negative') {
  saveScan(temp.db, {
    batches: [{ source: 's', items: [{ post: makePost({ id, createdAt }), mentions: [makeMention({ sentiment })] }] }],
    failures: [],
    startedAt: createdAt,
    at: createdAt,
  });
}

describe('planNotifications', () => {
  it('baselines a new receiver, then queues only what is new, each once', () => {
    store('1', '2026-03-01T10:00:00.000Z');
    expect(planNotifications(temp.db, { receivers: [RECEIVER], spikes: [spike], at: '2026-03-01T10:05:00.000Z', cooldownMinutes: 60 })).toEqual({ baselined: [RECEIVER] });
    expect(pendingNotifications(temp.db, RECEIVER)).toEqual([]);

    store('2', '2026-03-01T10:10:00.000Z');
    store('3', '2026-03-01T10:11:00.000Z', 'neutral');
    planNotifications(temp.db, { receivers: [RECEIVER], spikes: [spike], at: '2026-03-01T10:15:00.000Z', cooldownMinutes: 60 });
    planNotifications(temp.db, { receivers: [RECEIVER], spikes: [spike], at: '2026-03-01T10:45:00.000Z', cooldownMinutes: 60 });
    expect(pendingNotifications(temp.db, RECEIVER).map((n) => [n.kind, JSON.parse(n.payload).type])).toEqual([
      ['mention', 'mention'],
      ['spike', 'spike'],
    ]);

    // After the cooldown the same brand and kind may alert again.
    planNotifications(temp.db, { receivers: [RECEIVER], spikes: [spike], at: '2026-03-01T11:20:00.000Z', cooldownMinutes: 60 });
    expect(pendingNotifications(temp.db, RECEIVER).filter((n) => n.kind === 'spike')).toHaveLength(2);
  });
});

describe('queryWindowCounts', () => {
  it('counts own mentions per window, oldest first, the current one last', () => {
    store('1', '2026-03-01T09:10:00.000Z');
    store('2', '2026-03-01T11:30:00.000Z', 'neutral');
    store('3', '2026-03-01T11:50:00.000Z');
    store('4', '2026-03-01T07:00:00.000Z');
    expect(queryWindowCounts(temp.db, { now: new Date('2026-03-01T12:00:00.000Z'), windowMinutes: 60, baseline: 3 })).toEqual([
      {
        brand: 'Ocado',
        windows: [
          { total: 0, negative: 0 },
          { total: 1, negative: 1 },
          { total: 0, negative: 0 },
          { total: 2, negative: 1 },
        ],
      },
    ]);
  });

  const at = (time: string) => `2026-03-01T${time}:00.000Z`;
  const found = (scannedAt: string, posts: { id: string; createdAt: string; brand?: string }[]) =>
    saveScan(temp.db, {
      batches: [{ source: 's', items: posts.map(({ id, createdAt, brand }) => ({ post: makePost({ id, createdAt }), mentions: [makeMention(brand ? { brand } : {})] })) }],
      failures: [],
      startedAt: scannedAt,
      at: scannedAt,
    });

  it('leaves the windows before the first scan unknown: its backlog is not a quiet baseline', () => {
    found(at('11:55'), [
      { id: '1', createdAt: at('09:10') },
      { id: '2', createdAt: at('11:30') },
      { id: '3', createdAt: at('11:50') },
    ]);
    expect(queryWindowCounts(temp.db, { now: new Date(at('12:00')), windowMinutes: 60, baseline: 3 })).toEqual([
      { brand: 'Ocado', windows: [null, null, null, { total: 2, negative: 0 }] },
    ]);
  });

  it('starts a brand added later at the first mention found of it; a window begun before then is unknown', () => {
    found(at('07:00'), [{ id: '1', createdAt: at('06:50') }]);
    found(at('09:00'), [
      { id: '2', createdAt: at('08:30'), brand: 'Waitrose' },
      { id: '3', createdAt: at('10:20'), brand: 'Waitrose' },
    ]);
    found(at('09:30'), [{ id: '4', createdAt: at('09:20'), brand: 'Tesco' }]);
    expect(queryWindowCounts(temp.db, { now: new Date(at('12:00')), windowMinutes: 60, baseline: 3 })).toEqual([
      { brand: 'Ocado', windows: [{ total: 0, negative: 0 }, { total: 0, negative: 0 }, { total: 0, negative: 0 }, { total: 0, negative: 0 }] },
      { brand: 'Tesco', windows: [null, null, { total: 0, negative: 0 }, { total: 0, negative: 0 }] },
      { brand: 'Waitrose', windows: [null, { total: 0, negative: 0 }, { total: 1, negative: 0 }, { total: 0, negative: 0 }] },
    ]);
  });
});

it('the upgrade to schema 17 finds each own brand\'s first mention, which new mentions then keep current', () => {
  // 15: the last schema the test helper sets up without earshot's own SQL functions.
  const path = join(temp.dir, 'v15.db');
  const old = openAtSchema(path, 15);
  // saveBatches: posts and mentions only, as an older earshot stored them.
  const save = (db: Database.Database, id: string, at: string, brand: string, competitor = false) =>
    saveBatches(db, [{ source: 's', items: [{ post: makePost({ id, createdAt: at }), mentions: [makeMention({ brand, competitor })] }] }], at);
  save(old, '1', '2026-03-01T10:00:00.000Z', 'Ocado');
  save(old, '2', '2026-03-01T09:00:00.000Z', 'Ocado');
  save(old, '3', '2026-03-01T08:00:00.000Z', 'Tesco', true);
  old.close();
  const db = openDb({ path });
  try {
    const firsts = () => db.prepare(`SELECT brand, found_at FROM brand_first_found ORDER BY brand`).raw().all();
    expect(firsts()).toEqual([['Ocado', '2026-03-01T09:00:00.000Z']]);
    save(db, '4', '2026-03-02T10:00:00.000Z', 'Asda');
    save(db, '5', '2026-03-02T11:00:00.000Z', 'Ocado');
    expect(firsts()).toEqual([
      ['Asda', '2026-03-02T10:00:00.000Z'],
      ['Ocado', '2026-03-01T09:00:00.000Z'],
    ]);
  } finally {
    db.close();
  }
});
