// Bundles zod and js-yaml (dist/config/libs.js, which re-exports them) into one CommonJS file,
// dist/config/libs.bundle.cjs, and turns dist/config/libs.js into a small module that runs it
// through src/config/compiled-bundle.ts, with V8's code cache. Run by `npm run build`.
// Node loads ES modules a file at a time: importing zod's (and then yaml's) ~170 files took about twice
// as long as one bundled file (`earshot list` with the demo's config: 234 → 187 ms), and
// compiling the bundle was then half of loading it, which the code cache saves from the second
// run on. Neither library reads files relative to itself, so bundling changes nothing else.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const file = fileURLToPath(new URL('../dist/config/libs.js', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/config/libs.bundle.cjs', import.meta.url));
await build({
  input: file,
  platform: 'node',
  logLevel: 'warn',
  output: { file: bundle, format: 'cjs', sourcemap: false },
});
const names = Object.keys(createRequire(import.meta.url)(bundle)).filter((n) => n !== '__esModule').sort();
writeFileSync(
  file,
  `// Written by scripts/bundle-libs.js: zod and js-yaml from one bundle, compiled with V8's code cache.
import { fileURLToPath } from 'node:url';
import { loadCompiledBundle } from './compiled-bundle.js';
const libs = loadCompiledBundle(fileURLToPath(new URL('./libs.bundle.cjs', import.meta.url)));
export const { ${names.join(', ')} } = libs;
`,
);
