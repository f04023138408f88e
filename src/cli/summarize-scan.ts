import type { ScanResult } from '../pipeline/scan.js';

/** The few lines a scan prints: how much came in, and what it found per brand. */
export function summarizeScan(r: ScanResult, { dryRun }: { dryRun: boolean }): string {
  const lines: string[] = [];
  const failed = r.failures.length ? `, ${r.failures.length} failed` : '';
  lines.push(
    `${dryRun ? 'dry run: ' : ''}fetched ${r.fetched} posts from ${r.sources.length} source${r.sources.length === 1 ? '' : 's'}${failed}` +
      (dryRun
        ? `; ${r.newPosts} new posts, ${r.newMentions.length} new mentions would be stored (nothing stored)`
        : `; ${r.newPosts} new posts, ${r.newMentions.length} new mentions`),
  );
  const byBrand = new Map<string, { total: number; negative: number; neutral: number; positive: number; untagged: number }>();
  for (const m of r.newMentions) {
    const b = byBrand.get(m.brand) ?? { total: 0, negative: 0, neutral: 0, positive: 0, untagged: 0 };
    b.total++;
    b[m.sentiment]++;
    if (!m.tagged) b.untagged++;
    byBrand.set(m.brand, b);
  }
  const width = Math.max(0, ...[...byBrand.keys()].map((k) => k.length));
  for (const [brand, b] of [...byBrand].sort((a, b) => b[1].total - a[1].total)) {
    lines.push(
      `  ${brand.padEnd(width)}  ${b.total} (negative ${b.negative}, neutral ${b.neutral}, positive ${b.positive}; untagged ${b.untagged})`,
    );
  }
  return lines.join('\n') + '\n';
}
