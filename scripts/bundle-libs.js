// Bundles dist/config/libs.js (zod and yaml, re-exported) into one file in place, run by
// `npm run build`. Node loads ES modules a file at a time: importing zod's and yaml's ~170 files
// took about twice as long as the one bundled file, and `earshot list` with the demo's config went
// from 234 to 187 ms (alternating runs). Neither library reads files relative to itself, so
// bundling changes nothing else.
import { renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const file = fileURLToPath(new URL('../dist/config/libs.js', import.meta.url));
const temp = `${file}.bundle.tmp`;
await build({
  input: file,
  platform: 'node',
  logLevel: 'warn',
  output: { file: temp, format: 'esm', sourcemap: false },
});
renameSync(temp, file);
