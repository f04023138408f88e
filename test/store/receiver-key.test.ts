import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pendingNotifications } from '../../src/store/notifications.js';
import { openDb } from '../../src/store/open-db.js';
import { receiverKey } from '../../src/store/receiver-key.js';
import { openAtSchema } from '../helpers/temp-db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-receivers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HOOK = 'https://hooks.example.com/services/T000/B000/very-secret-token';

it('the upgrade to schema 16 names stored webhooks by digest, keeps what is pending, and leaves no URL in the file', () => {
  const path = join(dir, 'v15.db');
  const old = openAtSchema(path, 15);
  const add = old.prepare(`INSERT INTO notifications (receiver, kind, key, brand, payload, created_at, sent_at) VALUES (?, ?, ?, 'Ocado', '{}', ?, ?)`);
  const at = '2026-03-01T10:00:00.000Z';
  add.run(HOOK, 'mention', '1:Ocado', at, at);
  // Pending: a spike, whose delivery does not hang on a stored mention still being urgent.
  add.run(HOOK, 'spike', 'Ocado:volume:2026-03-01', at, null);
  add.run('', 'spike', 'Ocado:volume:x', at, at);
  old.close();

  const db = openDb({ path });
  try {
    expect(db.prepare(`SELECT receiver, key FROM notifications ORDER BY id`).raw().all()).toEqual([
      [receiverKey(HOOK), '1:Ocado'],
      [receiverKey(HOOK), 'Ocado:volume:2026-03-01'],
      ['', 'Ocado:volume:x'],
    ]);
    // The same webhook, configured as before, still has its pending delivery.
    expect(pendingNotifications(db, receiverKey(HOOK)).map((n) => n.id)).toEqual([2]);
  } finally {
    db.close();
  }
  expect(readFileSync(path).includes('very-secret-token')).toBe(false);
});

it('names a webhook by a digest that changes with the URL and shows nothing of it', () => {
  expect(receiverKey(HOOK)).toMatch(/^sha256:[0-9a-f]{32}$/);
  expect(receiverKey(HOOK)).toBe(receiverKey(HOOK));
  expect(receiverKey(`${HOOK}x`)).not.toBe(receiverKey(HOOK));
});
