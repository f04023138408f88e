import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/open-db.js';
import { saveScan } from '../../src/store/save-scan.js';
import { makeMention, makePost } from '../helpers/builders.js';
import { openAtSchema } from '../helpers/temp-db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-ids-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('mention ids across the upgrade to schema 14', () => {
  it('an id removed before the upgrade but already sent in a webhook is not given out again', () => {
    const path = join(dir, 'v13.db');
    const old = openAtSchema(path, 13);
    const at = '2026-03-01T10:00:00.000Z';
    const insertPost = old.prepare(`INSERT INTO posts (source, native_id, channel, created_at, fetched_at, text) VALUES ('s', ?, 'social', ?, ?, 'Ocado')`);
    const insertMention = old.prepare(
      `INSERT INTO mentions (post_pk, brand, competitor, match_kind, variant, matched, span_start, span_end, distance, tagged,
         sentiment, sentiment_score, priority, created_at, found_at, source, channel)
       VALUES (?, 'Ocado', 0, 'name', 'Ocado', 'Ocado', 0, 5, 0, 0, 'negative', -0.5, 350, ?, ?, 's', 'social')`,
    );
    for (const id of ['a', 'b', 'c']) insertMention.run(insertPost.run(id, at, at).lastInsertRowid, at, at);
    // Mention 3 went out in a webhook, then a rematch removed it (no record of removals yet).
    old
      .prepare(`INSERT INTO notifications (receiver, kind, key, brand, payload, created_at, sent_at) VALUES ('https://hook', 'mention', '3:Ocado', 'Ocado', ?, ?, ?)`)
      .run(JSON.stringify({ type: 'mention', id: 3, brand: 'Ocado' }), at, at);
    old.prepare(`DELETE FROM mentions WHERE id = 3`).run();
    old.close();

    const db = openDb({ path });
    try {
      const post = makePost({ source: 's', id: 'd', createdAt: at });
      saveScan(db, { batches: [{ source: 's', items: [{ post, mentions: [makeMention()] }] }], failures: [], startedAt: at, at });
      expect(db.prepare(`SELECT id FROM mentions ORDER BY id`).pluck().all()).toEqual([1, 2, 4]);
    } finally {
      db.close();
    }
  });
});
