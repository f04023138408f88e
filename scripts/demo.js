// `npm run demo`: scan the bundled fixtures into a fresh SQLite file, then print the actionable list.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const db = 'earshot-demo.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(`${root}/${db}${suffix}`, { force: true });

function earshot(...args) {
  const r = spawnSync(process.execPath, ['bin/earshot.js', '--config', 'fixtures/demo/earshot.yaml', '--db', db, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0 && r.status !== 3) process.exit(r.status ?? 1);
}

console.log(`$ earshot scan   (fixtures/demo/earshot.yaml → ${db})`);
earshot('scan');
console.log('\n$ earshot list   (open mentions of Ocado, most urgent first)');
earshot('list', '--format', 'table');
