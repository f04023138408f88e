// The floor for `earshot import`: the same JSONL read and parsed, and the same rows inserted
// into a bare posts table with the same pragmas, in the same 5,000-row transactions. No
// pipeline that stores these posts can beat it. `node bench/floor.js FILE DB`
import { createReadStream } from 'node:fs';
import Database from 'better-sqlite3';

const [file, path] = process.argv.slice(2);
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE posts (pk INTEGER PRIMARY KEY, source TEXT NOT NULL, native_id TEXT NOT NULL, created_at TEXT NOT NULL,
  author TEXT, language TEXT, text TEXT NOT NULL, UNIQUE (source, native_id))`);
const insert = db.prepare(`INSERT INTO posts (source, native_id, created_at, author, language, text) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT DO NOTHING`);
const flush = db.transaction((rows) => {
  for (const r of rows) insert.run('bench', r.id, r.created_at, r.author ?? null, r.language ?? null, r.text);
});
let rows = [];
let rest = '';
for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = rest + chunk;
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    rows.push(JSON.parse(text.slice(start, end)));
    start = end + 1;
    if (rows.length === 5000) {
      flush(rows);
      rows = [];
    }
  }
  rest = text.slice(start);
}
flush(rows);
db.close();
