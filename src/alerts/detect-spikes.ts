/** Mentions in one window: all of them, and the negative ones. */
export interface WindowCount {
  total: number;
  negative: number;
}

/**
 * Mentions of one brand in consecutive windows, oldest first; the last is the window just ended.
 * Null is a window earshot was not yet listening in for the brand: unknown, not zero.
 */
export interface BrandWindows {
  brand: string;
  windows: (WindowCount | null)[];
}

export interface SpikeSettings {
  k: number;
  minMentions: number;
}

/** A window that stood out, with the numbers that made it one. */
export interface Spike {
  brand: string;
  kind: 'volume' | 'negative';
  /** Mentions in the window, or its negative share. */
  value: number;
  mean: number;
  sd: number;
  threshold: number;
  mentions: number;
}

/**
 * Flags a brand whose last window is above mean + k·sd of the windows before it: by volume, and
 * by negative share. Quiet windows (fewer than minMentions) never count as spikes.
 */
export function detectSpikes(brands: BrandWindows[], { k, minMentions }: SpikeSettings): Spike[] {
  const spikes: Spike[] = [];
  for (const { brand, windows } of brands) {
    const last = windows[windows.length - 1];
    const before = windows.slice(0, -1).filter((w): w is WindowCount => w !== null);
    // The whole baseline must have been observed (25 hours of listening, with the defaults): a few
    // windows give no deviation worth the name (two quiet hours: sd 0, so any minMentions is a
    // spike), and hourly windows short of a day would hold the first busy morning against the night.
    if (!last || before.length === 0 || before.length < windows.length - 1 || last.total < minMentions) continue;
    const volume = stats(before.map((w) => w.total));
    const volumeThreshold = volume.mean + k * volume.sd;
    if (last.total > volumeThreshold) {
      spikes.push({ brand, kind: 'volume', value: last.total, ...round(volume), threshold: round2(volumeThreshold), mentions: last.total });
    }
    const shares = before.filter((w) => w.total > 0).map((w) => w.negative / w.total);
    if (shares.length === 0) continue;
    const negative = stats(shares);
    const share = last.negative / last.total;
    const negativeThreshold = negative.mean + k * negative.sd;
    if (share > negativeThreshold) {
      spikes.push({ brand, kind: 'negative', value: round2(share), ...round(negative), threshold: round2(negativeThreshold), mentions: last.total });
    }
  }
  return spikes;
}

function stats(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

function round({ mean, sd }: { mean: number; sd: number }) {
  return { mean: round2(mean), sd: round2(sd) };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
