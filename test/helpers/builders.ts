import type { BrandConfig } from '../../src/config/schema.js';
import type { Post, ScoredMention } from '../../src/types.js';

/** A brand as the schema outputs it: every list empty, fuzzy auto, not a competitor. */
export function makeBrand(overrides: Partial<BrandConfig> = {}): BrandConfig {
  return {
    name: 'Ocado',
    handles: [],
    aliases: [],
    hashtags: [],
    domains: [],
    exclude: [],
    fuzzy: 'auto',
    competitor: false,
    context: [],
    caseSensitive: false,
    languages: [],
    sla: 30,
    ...overrides,
  };
}

/** A normalised post; only the fields a test cares about need passing. */
export function makePost(overrides: Partial<Post> = {}): Post {
  return {
    source: 'test-feed',
    id: 'post-1',
    channel: 'social',
    createdAt: '2026-03-01T12:00:00.000Z',
    text: 'Ocado delivered on time',
    ...overrides,
  };
}

/** A scored mention of Ocado spanning the first five characters of the post. */
export function makeMention(overrides: Partial<ScoredMention> = {}): ScoredMention {
  return {
    brand: 'Ocado',
    competitor: false,
    kind: 'name',
    variant: 'Ocado',
    matched: 'Ocado',
    start: 0,
    end: 5,
    distance: 0,
    tagged: false,
    sentiment: 'neutral',
    sentimentScore: 0,
    priority: 150,
    ...overrides,
  };
}

/** Deterministic PRNG (mulberry32) so randomised tests fail the same way every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string of `min..max` characters drawn from `alphabet`. */
export function randomWord(rand: () => number, alphabet: string, min: number, max: number): string {
  const length = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
