// Writes a demo HTML report: two weeks of generated posts (Ocado answering some of them, two
// competitors) imported into a temp database. Usage: node scripts/demo-report.js OUT.html
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? 'earshot-report.html');
const dir = mkdtempSync(join(tmpdir(), 'earshot-demo-report-'));

// mulberry32: the same demo every run.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

const complaints = [
  '@OcadoSupport my delivery is two hours late and nobody answers',
  'Ocado substituted oat milk for cow milk again, not impressed',
  'ocado app crashed at checkout and lost my basket #OcadoFail',
  '@OcadoSupport the eggs arrived smashed, can I get a refund?',
  'Why does Ocado always run out of bananas <b>every</b> week?',
];
const praise = ['Ocado driver was lovely today, thank you!', 'Great service from @OcadoSupport this morning', 'Ocado delivered early, brilliant'];
const others = ['Tesco delivery slot booked for Friday', 'Sainsburys had everything in stock, nice', 'Tesco forgot my bread again, awful'];

const now = Date.now();
const lines = [];
let id = 1;
for (let day = 13; day >= 0; day--) {
  const perDay = 4 + Math.floor(rand() * 8);
  for (let i = 0; i < perDay; i++) {
    const created = now - day * 86_400_000 - Math.floor(rand() * 20 * 3_600_000) - 3_600_000;
    const own = rand() < 0.7;
    const text = own ? (rand() < 0.65 ? pick(complaints) : pick(praise)) : pick(others);
    const postId = String(id++);
    lines.push({ id: postId, created_at: new Date(created).toISOString(), author: `customer${Math.floor(rand() * 60)}`, author_followers: Math.floor(rand() ** 3 * 20000), text });
    if (own && rand() < 0.75) {
      const after = Math.floor((rand() < 0.7 ? rand() * 40 : 40 + rand() * 600) * 60_000);
      lines.push({ id: String(id++), created_at: new Date(created + after).toISOString(), author: 'OcadoSupport', reply_to: postId, text: 'Sorry about that, please DM us your order number.' });
    }
  }
}
writeFileSync(join(dir, 'posts.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
writeFileSync(
  join(dir, 'earshot.yaml'),
  `brands:
  - name: Ocado
    handles: ["@Ocado", "@OcadoSupport"]
    hashtags: ["#OcadoFail"]
    sla: 30m
  - name: Tesco
    competitor: true
  - name: Sainsbury's
    aliases: [Sainsburys]
    competitor: true
`,
);

function earshot(...args) {
  const r = spawnSync(process.execPath, [join(root, 'bin/earshot.js'), '--config', join(dir, 'earshot.yaml'), '--db', join(dir, 'demo.db'), ...args], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
earshot('--quiet', 'import', join(dir, 'posts.jsonl'), '--source', 'social');
earshot('report', '--since', '14d', '--format', 'html', '--out', out);
