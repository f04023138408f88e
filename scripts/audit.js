// Checks the production dependencies against npm's advisory database.
// Usage: npm run audit [-- --registry URL]   (exit 1 on a high or critical advisory not explained in README.md)
//
// `npm audit` exits 1 both when it finds advisories and when the registry cannot answer (some
// mirrors and proxies refuse its POST). Its JSON tells the two apart: a report has
// `metadata.vulnerabilities`, a failure has `message`. An unreachable advisory database is
// reported and skipped, not passed off as clean.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync('npm', ['audit', '--omit=dev', '--json', ...process.argv.slice(2)], { cwd: root, encoding: 'utf8' });
if (run.error) {
  console.error(`audit: cannot run npm: ${run.error.message}`);
  process.exit(1);
}
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}
if (!report || typeof report !== 'object') {
  console.error(`audit: npm audit gave no JSON (exit ${run.status}): ${(run.stderr ?? '').trim().split('\n').pop() ?? ''}`);
  process.exit(1);
}
if (!report.metadata?.vulnerabilities) {
  console.error(`audit: skipped: the advisory database did not answer (${report.message ?? report.error?.summary ?? 'no report'})`);
  process.exit(0);
}

// A package named in the README's "Security advisories" list has been reviewed: why it cannot
// reach earshot's users is written there.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.split('### Security advisories')[1]?.split('\n## ')[0] ?? '';
const explained = new Set([...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));

const vulnerabilities = report.vulnerabilities ?? {};
/** Explained itself, or vulnerable only through packages that are (a parent of tar-fs, say). */
const verdicts = new Map();
function isExplained(v) {
  if (explained.has(v.name)) return true;
  if (verdicts.has(v.name)) return verdicts.get(v.name);
  verdicts.set(v.name, false); // a cycle explains nothing
  const ok = v.via.length > 0 && v.via.every((via) => typeof via === 'string' && vulnerabilities[via] && isExplained(vulnerabilities[via]));
  verdicts.set(v.name, ok);
  return ok;
}
const serious = Object.values(vulnerabilities).filter((v) => v.severity === 'high' || v.severity === 'critical');
const unexplained = serious.filter((v) => !isExplained(v));
for (const v of serious) {
  console.log(`${isExplained(v) ? 'explained' : 'OPEN'}\t${v.severity}\t${v.name}\t${v.range}`);
}
const counts = report.metadata.vulnerabilities;
console.log(`audit: ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low; ${unexplained.length} high or critical not explained in README.md`);
process.exit(unexplained.length > 0 ? 1 : 0);
