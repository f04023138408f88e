// A database of `count` mentions, one per post, written through earshot's own store: posts over
// the last 30 days, every fourth brand a competitor, a third of the mentions answered.
import { rmSync, statSync } from 'node:fs';
import { openDb } from '../dist/store/open-db.js';
import { saveBatches } from '../dist/store/save-scan.js';
import { priorityOf } from '../dist/report/priority.js';
import { makePosts, prng } from './corpus.js';

const DAYS = 30;
const SENTIMENTS = ['negative', 'neutral', 'positive'];

export function buildMentionsDb(path, count, brands) {
  rmSync(path, { force: true });
  const t = performance.now();
  const db = openDb({ path });
  const rand = prng(99);
  const end = Date.now();
  const span = DAYS * 86_400_000;
  const save = db.transaction((items) => saveBatches(db, [{ source: 'bench', items }], new Date(end).toISOString()));
  const BATCH = 20_000;
  for (let from = 0; from < count; from += BATCH) {
    const posts = makePosts(Math.min(BATCH, count - from), brands, 7 + from);
    const items = posts.map((p, i) => {
      const n = from + i;
      const brandIndex = Math.floor(rand() * brands.length);
      const brand = brands[brandIndex];
      const createdAt = new Date(end - span + Math.floor((n / count) * span)).toISOString();
      const sentiment = SENTIMENTS[Math.floor(rand() * 3)];
      const tagged = rand() < 0.1;
      const text = `${brand.name} ${p.text}`;
      const mention = {
        brand: brand.name,
        competitor: brandIndex % 4 === 3,
        kind: 'name',
        variant: brand.name,
        matched: brand.name,
        start: 0,
        end: brand.name.length,
        distance: 0,
        tagged,
        sentiment,
        sentimentScore: sentiment === 'negative' ? -0.6 : sentiment === 'positive' ? 0.6 : 0,
        priority: priorityOf({ sentiment, tagged, followers: Math.floor(rand() * 10_000) }),
      };
      return { post: { ...p, id: String(n), createdAt, text, author: `user${n % 9973}` }, mentions: [mention] };
    });
    save(items);
  }
  // Answers, as the reply linker records them: an event and the status.
  db.exec(`INSERT INTO mention_events (post_pk, brand, at, actor, action, value)
             SELECT post_pk, brand, strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (id % 240) || ' minutes'), 'bench', 'status', 'responded'
             FROM mentions WHERE id % 3 = 0;
           UPDATE mentions SET status = 'responded' WHERE id % 3 = 0;`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const text = db.prepare('SELECT sum(length(CAST(text AS BLOB))) AS bytes FROM posts').get().bytes;
  db.close();
  const size = statSync(path).size;
  return {
    ms: performance.now() - t,
    since: `${DAYS}d`,
    storage: { mentions: count, database_bytes: size, text_bytes: text, bytes_per_mention_beyond_text: (size - text) / count },
  };
}
