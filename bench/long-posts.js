// `node bench/long-posts.js DIR [BYTES]`: a JSONL file of long posts (each twelve of the bench's
// posts in one language, ~1.9 KB, as e-mail and call-centre exports are long) of at least BYTES
// (default 2 GB, written in steps of ~32 MB), and the earshot.yaml for its brands, both in DIR.
// For measuring a big import by hand:
//   /usr/bin/time -v earshot --config DIR/earshot.yaml --db DIR/long.db import DIR/long-posts.jsonl
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { makeBrands, makePosts } from './corpus.js';
import { writeConfig } from './pipeline.js';

const [dir, bytesArg = '2e9'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/long-posts.js DIR [BYTES]\n');
  process.exit(2);
}
const targetBytes = Number(bytesArg);
mkdirSync(dir, { recursive: true });
const brands = makeBrands(100, 10);
writeConfig(dir, brands);
const file = join(dir, 'long-posts.jsonl');
const out = createWriteStream(file);
let n = 0;
let bytes = 0;
for (let seed = 7; bytes < targetBytes; seed++) {
  const byLanguage = new Map();
  for (const p of makePosts(200_000, brands, seed * 1_000_003)) {
    if (!byLanguage.has(p.language)) byLanguage.set(p.language, []);
    byLanguage.get(p.language).push(p.text);
  }
  let text = '';
  for (const [language, texts] of byLanguage) {
    for (let i = 0; i + 12 <= texts.length; i += 12, n++) {
      const row = { id: String(n), text: texts.slice(i, i + 12).join('. '), author: `user${n % 997}`, created_at: new Date(1_767_225_600_000 + n * 1000).toISOString() };
      // One in five says no language, as feeds and e-mail do not.
      if (n % 5 !== 0) row.language = language;
      text += JSON.stringify(row) + '\n';
    }
  }
  bytes += Buffer.byteLength(text);
  if (!out.write(text)) await once(out, 'drain');
}
out.end();
await once(out, 'close');
process.stderr.write(`${file}: ${n} posts, ${bytes} bytes\n`);
