import { z } from 'zod';
import { CHANNELS } from '../types.js';

const text = z.string().trim().min(1, 'expected a non-empty string');
const terms = z.array(text).default([]);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** A bounded whole number whose every failure says the same plain thing. */
export function wholeNumber(min: number, max: number) {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.number({ error }).int(error).min(min, error).max(max, error);
}

const FUZZY_ERROR = 'expected auto, off or a whole number from 0 to 3';
/** `auto` scales the allowed edit distance with term length; a number fixes it; `off` disables. */
const fuzzy = z
  .union([z.literal('auto'), z.literal('off'), z.number().int().min(0, FUZZY_ERROR).max(3, FUZZY_ERROR)], {
    error: FUZZY_ERROR,
  })
  .default('auto');

export const brandSchema = z.strictObject({
  name: text,
  handles: terms,
  aliases: terms,
  hashtags: terms,
  domains: terms,
  exclude: terms,
  fuzzy,
  competitor: z.boolean().default(false),
});

const channel = z.enum(CHANNELS as [string, ...string[]], {
  error: `expected one of ${CHANNELS.join(', ')}`,
});

const common = {
  name: text.optional(),
  channel: channel.optional(),
};

export const feedSourceSchema = z
  .strictObject({
    type: z.literal('feed'),
    ...common,
    url: httpUrl.optional(),
    path: text.optional(),
    baseUrl: httpUrl.optional(),
  })
  .refine((s) => Boolean(s.url) !== Boolean(s.path), {
    error: 'expected exactly one of url or path',
  });

export const hackernewsSourceSchema = z.strictObject({
  type: z.literal('hackernews'),
  ...common,
  query: text.optional(),
  baseUrl: httpUrl.default('https://hn.algolia.com'),
  /** Algolia tag filter: stories and comments by default. */
  tags: text.default('(story,comment)'),
  maxPages: wholeNumber(1, 50).default(10),
});

export const fileSourceSchema = z.strictObject({
  type: z.literal('file'),
  ...common,
  path: text,
  format: z.enum(['jsonl', 'csv'], { error: 'expected jsonl or csv' }).optional(),
  /** Maps earshot's field names to the file's own column or key names. */
  fields: z
    .strictObject({
      id: text.optional(),
      text: text.optional(),
      author: text.optional(),
      created_at: text.optional(),
      url: text.optional(),
      author_followers: text.optional(),
      language: text.optional(),
      reply_to: text.optional(),
      title: text.optional(),
    })
    .default({}),
});

export const sourceSchema = z.discriminatedUnion(
  'type',
  [feedSourceSchema, hackernewsSourceSchema, fileSourceSchema],
  { error: 'expected type to be one of feed, hackernews, file' },
);

export const configSchema = z.strictObject({
  brands: z.array(brandSchema).min(1, 'expected at least one brand'),
  sources: z.array(sourceSchema).default([]),
  /** Database file, relative to the config file; --db overrides it. */
  db: text.optional(),
});

export type BrandConfig = z.output<typeof brandSchema>;
export type FeedSourceConfig = z.output<typeof feedSourceSchema>;
export type HackernewsSourceConfig = z.output<typeof hackernewsSourceSchema>;
export type FileSourceConfig = z.output<typeof fileSourceSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type SourceKind = SourceConfig['type'];

/** A source after loading: its name is always set and unique. */
export type NamedSourceConfig = SourceConfig & { name: string };

export interface Config {
  brands: BrandConfig[];
  sources: NamedSourceConfig[];
  db?: string;
  /** File it came from, or null for the embedded default. */
  file: string | null;
  /** Directory relative paths in the config resolve against. */
  baseDir: string;
}
