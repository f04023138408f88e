import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mentionQuery, type MentionFilter } from '../../src/store/query-mentions.js';
import { markMentions } from '../../src/store/mark-mentions.js';
import { probeStoredBrand, probeStoredSource } from '../../src/store/query-names.js';
import { queryReportData } from '../../src/store/query-report.js';
import { saveScan } from '../../src/store/save-scan.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

// Speed on a million mentions comes from the indexes these plans use (npm run bench measures
// it); the plans themselves are checked here, where a dropped index or a rewritten query shows.
let temp: TempDb;
beforeEach(() => {
  temp = createTempDb();
});
afterEach(() => temp.cleanup());

function plan(f: MentionFilter): string {
  const { sql, params } = mentionQuery(f);
  return (temp.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('query plans', () => {
  it('list walks the ranking index in order: no scan of all mentions, no sort', () => {
    const p = plan({ order: 'priority', limit: 50 });
    expect(p).toMatch(/SEARCH m USING INDEX mentions_rank \(status=\? AND competitor=\?\)/);
    expect(p).not.toMatch(/SCAN m\b|TEMP B-TREE/);
  });

  it('a --brand or --source name the totals lack is looked for with one seek, and found', () => {
    const post = makePost({ source: 'archive', id: '1' });
    saveScan(temp.db, { batches: [{ source: 'archive', items: [{ post, mentions: [makeMention({ brand: 'Party outfits', kind: 'topic' })] }] }], failures: [], startedAt: post.createdAt, at: post.createdAt });
    const seen: string[] = [];
    const spy = Object.assign(Object.create(temp.db) as typeof temp.db, {
      prepare: (sql: string) => {
        seen.push((temp.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(sql.split('?').length - 1).fill(null)) as { detail: string }[]).map((r) => r.detail).join('\n'));
        return temp.db.prepare(sql);
      },
    });
    expect(probeStoredBrand(spy, 'PARTY OUTFITS')).toEqual({ name: 'Party outfits', competitor: false, topic: true });
    expect(probeStoredSource(spy, 'archive')).toBe(true);
    expect(probeStoredSource(spy, 'other')).toBe(false);
    expect(seen[0]).toMatch(/^SEARCH mentions USING INDEX mentions_brand_rank \(brand=\?\)$/);
    expect(seen[1]).toMatch(/^SEARCH posts USING COVERING INDEX \w+ \(source=\?\)$/);
  });

  it("list --brand walks only that brand's part of the ranking", () => {
    const p = plan({ order: 'priority', limit: 50, brands: ['Ocado'] });
    expect(p).toMatch(/SEARCH m USING INDEX mentions_brand_rank \(brand=\? AND status=\? AND competitor=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('export --since reads the window from the created_at index instead of scanning every mention', () => {
    const p = plan({ order: 'id', all: true, since: '2026-03-01T00:00:00.000Z' });
    expect(p).toMatch(/SEARCH mentions USING COVERING INDEX mentions_created \(created_at>\?\)/);
    // Rows in id order from the window's ids: no scan of every mention, no sort of whole rows.
    expect(p).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).not.toMatch(/SCAN m\b|TEMP B-TREE/);
  });

  it("each mention's first response is read from the mention (kept by a trigger), not looked up per row", () => {
    expect(plan({ order: 'priority', limit: 50 })).not.toMatch(/mention_events/);
  });
});

describe('report query plans', () => {
  it('reads running totals and index ranges: never every mention or every post', () => {
    const statements: string[] = [];
    const db = temp.db;
    const prepare = db.prepare.bind(db);
    const spy = Object.assign(Object.create(db) as typeof db, {
      prepare: (sql: string) => {
        statements.push(sql);
        return prepare(sql);
      },
    });
    queryReportData(spy, { since: '2026-03-01T10:00:00.000Z', now: new Date('2026-03-10T00:00:00.000Z'), targets: () => 30 });
    expect(statements.length).toBeGreaterThan(3);
    for (const sql of statements) {
      const p = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(sql.split('?').length - 1).fill(null)) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      // The open backlog is walked oldest first and left as soon as nothing older can be overdue.
      // A whole scan only of the small partial indexes: open mentions by age, and those reopened.
      expect(p, sql).not.toMatch(/SCAN (m|p|mentions|posts)\b(?! USING (COVERING )?INDEX mentions_(open_age|reopened))/);
      // Totals of all time: the open backlog by its key, the whole history read in key order.
      if (sql.includes('FROM mention_totals')) expect(p, sql).not.toMatch(/TEMP B-TREE/);
      if (sql.includes(`FROM mention_totals WHERE status = 'open'`)) expect(p, sql).toMatch(/SEARCH mention_totals USING PRIMARY KEY \(status=\? AND competitor=\?\)/);
    }
    expect(statements.filter((sql) => sql.includes('FROM mention_totals'))).toHaveLength(2);
  });

  it('response times come from the answered index alone, top authors from the totals index', () => {
    const db = temp.db;
    const at = '2026-03-09T10:00:00.000Z';
    const items = ['1', '2'].map((id) => ({ post: makePost({ id, createdAt: at, author: `a${id}` }), mentions: [makeMention()] }));
    // And ten authors with follower counts: enough in the period to walk them from the most followed.
    const followed = Array.from({ length: 10 }, (_, i) => ({
      post: makePost({ id: `f${i}`, createdAt: at, author: `f${i}`, authorFollowers: 100 * (i + 1) }),
      mentions: [makeMention()],
    }));
    saveScan(db, { batches: [{ source: 'tw', items: [...items, ...followed] }], failures: [], startedAt: at, at });
    markMentions(db, { ids: [1], status: 'responded', actor: 'ana', at: '2026-03-09T10:12:00.000Z' });
    const plans = new Map<string, string>();
    const prepare = db.prepare.bind(db);
    const spy = Object.assign(Object.create(db) as typeof db, {
      prepare: (sql: string) => {
        const p = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(sql.split('?').length - 1).fill(null)) as { detail: string }[]).map((r) => r.detail);
        plans.set(sql, p.join('\n'));
        return prepare(sql);
      },
    });
    const data = queryReportData(spy, { since: '2026-03-01T00:00:00.000Z', now: new Date('2026-03-10T00:00:00.000Z'), targets: () => 30, topAuthors: 12 });
    expect(data.answered.find((a) => a.segment === 'all')).toMatchObject({ answered: 1, medianMinutes: 12 });
    expect(data.topAuthors.map((a) => a.author)).toEqual(['f9', 'f8', 'f7', 'f6', 'f5', 'f4', 'f3', 'f2', 'f1', 'f0', 'a1', 'a2']);
    // One read per brand of the period's answered mentions alone, from the index: no table, no SQL sort.
    const answered = [...plans].filter(([sql]) => sql.includes('INDEXED BY mentions_answered'));
    expect(answered).toHaveLength(1);
    for (const [sql, p] of answered) {
      expect(p, sql).toMatch(/SEARCH m USING COVERING INDEX mentions_answered \(brand=\? AND created_at>\?\)/);
      expect(p, sql).not.toMatch(/TEMP B-TREE/);
    }
    const walk = [...plans].find(([sql]) => sql.includes('FROM author_totals'));
    expect(walk?.[1]).toMatch(/(SCAN|SEARCH) author_totals USING (COVERING )?INDEX author_totals_top/);
    expect(walk?.[1]).not.toMatch(/TEMP B-TREE/);
    // Authors come from the mentions (migration 11): most followed first in index order, one
    // author's mentions by author, and no post read.
    const reach = [...plans].find(([sql]) => sql.includes('INDEXED BY mentions_reach'));
    expect(reach?.[1]).toMatch(/(SCAN|SEARCH) m USING INDEX mentions_reach/);
    expect(reach?.[1]).not.toMatch(/TEMP B-TREE|posts|\bp\b/);
    const byAuthor = [...plans].filter(([sql]) => sql.includes('INDEXED BY mentions_author'));
    expect(byAuthor.length).toBeGreaterThan(0);
    for (const [sql, p] of byAuthor) {
      // One author's mentions, or (past the walk's budget) every author's in author order, already grouped.
      expect(p, sql).toMatch(sql.includes('GROUP BY m.author') ? /SEARCH m USING INDEX mentions_author \(author>\?\)/ : /SEARCH m USING INDEX mentions_author \(author=\?\)/);
      expect(p, sql).not.toMatch(/posts|\bp\b|TEMP B-TREE/);
    }
  });

  it("top authors without followers over a short period read the period by date, not every author's mentions", () => {
    const db = temp.db;
    // A month of history by three authors, none with follower counts, and a report on its last day.
    const items = Array.from({ length: 30 }, (_, i) => ({
      post: makePost({ source: 'feed', channel: 'news', id: String(i), createdAt: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`, author: `a${i % 3}` }),
      mentions: [makeMention()],
    }));
    saveScan(db, { batches: [{ source: 'feed', items }], failures: [], startedAt: '2026-03-31T00:00:00.000Z', at: '2026-03-31T00:00:00.000Z' });
    const plans: string[] = [];
    const prepare = db.prepare.bind(db);
    const spy = Object.assign(Object.create(db) as typeof db, {
      prepare: (sql: string) => {
        if (sql.includes('json_group_array(m.author)')) {
          plans.push((db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(sql.split('?').length - 1).fill(null)) as { detail: string }[]).map((r) => r.detail).join('\n'));
        }
        return prepare(sql);
      },
    });
    const data = queryReportData(spy, { since: '2026-03-29T00:00:00.000Z', now: new Date('2026-03-31T00:00:00.000Z'), targets: () => 30 });
    expect(data.topAuthors.map((a) => a.author).sort()).toEqual(['a1', 'a2']);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/SEARCH m USING COVERING INDEX mentions_created \(created_at>\?\)/);
  });

  it("a period's totals: a short one read by its days, one covering most of the history as all time less the days before it", () => {
    const db = temp.db;
    // Two months of history, a mention a day.
    const items = Array.from({ length: 60 }, (_, i) => ({
      post: makePost({ id: String(i), createdAt: new Date(Date.UTC(2026, 0, 10 + i, 10)).toISOString() }),
      mentions: [makeMention()],
    }));
    saveScan(db, { batches: [{ source: 'tw', items }], failures: [], startedAt: '2026-03-11T00:00:00.000Z', at: '2026-03-11T00:00:00.000Z' });
    const periodPlan = (since: string) => {
      let found = '';
      const prepare = db.prepare.bind(db);
      const spy = Object.assign(Object.create(db) as typeof db, {
        prepare: (sql: string) => {
          if (sql.includes(`SELECT '' AS day`) && sql.includes('FROM mention_counts WHERE day')) {
            found = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(sql.split('?').length - 1).fill('2026-01-01')) as { detail: string }[]).map((r) => r.detail).join('\n');
          }
          return prepare(sql);
        },
      });
      const data = queryReportData(spy, { since, now: new Date('2026-03-11T00:00:00.000Z'), targets: () => 30 });
      return { plan: found, mentions: data.period.reduce((n, r) => n + r.n, 0) };
    };
    const week = periodPlan('2026-03-04T00:00:00.000Z');
    expect(week.mentions).toBe(7);
    expect(week.plan).toMatch(/SEARCH mention_counts USING PRIMARY KEY \(day>\?\)/);
    // All but the first day of the history: the totals of all time less that day.
    const all = periodPlan('2026-01-11T00:00:00.000Z');
    expect(all.mentions).toBe(59);
    expect(all.plan).toMatch(/SEARCH mention_counts USING PRIMARY KEY \(day<\?\)/);
  });
});
