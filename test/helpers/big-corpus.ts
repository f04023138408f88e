import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from './builders.js';

const WORDS = ['delivery', 'late', 'great', 'refund', 'app', 'driver', 'order', 'missing', 'fresh', 'thanks', 'awful', 'quick'];
const BRANDS = ['Ocado', '@Ocado', '#OcadoFail', 'Ocdao', 'Tesco', 'ocado.com', 'avocado'];

/** Writes `count` small posts as JSONL, the same bytes for the same seed: one in three names a brand. */
export async function writeJsonlCorpus(path: string, count: number, seed = 20260301): Promise<void> {
  const rand = seededRandom(seed);
  const out = createWriteStream(path);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const start = Date.UTC(2026, 0, 1);
  let buffer = '';
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 3 + Math.floor(rand() * 8) }, () => pick(WORDS));
    if (rand() < 0.34) words.splice(Math.floor(rand() * words.length), 0, pick(BRANDS));
    buffer +=
      JSON.stringify({
        id: `p${i}`,
        text: words.join(' '),
        author: `user${Math.floor(rand() * 500)}`,
        created_at: new Date(start + i * 7_000).toISOString(),
      }) + '\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'close');
}

export const CORPUS_CONFIG = `brands:
  - name: Ocado
    handles: ["@Ocado"]
    hashtags: ["#OcadoFail"]
    domains: [ocado.com]
  - name: Tesco
    competitor: true
sources:
  - name: big
    type: file
    path: big.jsonl
`;
