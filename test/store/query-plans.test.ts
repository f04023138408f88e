import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mentionQuery, type MentionFilter } from '../../src/store/query-mentions.js';
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

  it("list --brand walks only that brand's part of the ranking", () => {
    const p = plan({ order: 'priority', limit: 50, brands: ['Ocado'] });
    expect(p).toMatch(/SEARCH m USING INDEX mentions_brand_rank \(brand=\? AND status=\? AND competitor=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('export --since reads the window from the created_at index instead of scanning every mention', () => {
    const p = plan({ order: 'id', all: true, since: '2026-03-01T00:00:00.000Z' });
    expect(p).toMatch(/SEARCH m USING INDEX mentions_created \(created_at>\?\)/);
    expect(p).not.toMatch(/SCAN m\b/);
  });

  it("each mention's first response comes from the events index, not a scan", () => {
    expect(plan({ order: 'priority', limit: 50 })).toMatch(/SEARCH e USING INDEX mention_events_target \(post_pk=\? AND brand=\?\)/);
  });
});
