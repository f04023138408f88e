import { z } from './libs.js';
import { foldTerm } from '../match/fold.js';
import { looksFor, parseTopicQuery } from '../match/topic-query.js';
import { CHANNELS } from '../types.js';
import { LANGUAGE_CODES } from './language-codes.js';

const text = z.string().trim().min(1, 'expected a non-empty string');
const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  // One problem for one code: "eng" is not two letters, and two letters that name no language
  // ("xx") would silently keep every post out of a brand.
  .superRefine((code, ctx) => {
    if (!/^[a-z]{2}$/.test(code)) ctx.addIssue({ code: 'custom', message: 'expected a two-letter language code such as en, de, pl' });
    else if (!LANGUAGE_CODES.has(code)) ctx.addIssue({ code: 'custom', message: 'expected a language code such as en, de, pl (ISO 639-1)' });
  });
/** A name, alias, handle or keyword: longer than this is text pasted by mistake, never a name. */
const TERM_MAX = 200;
const term = text.max(TERM_MAX, `expected at most ${TERM_MAX} characters`);
const terms = z.array(term).default([]);
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

const SLA_ERROR = 'expected a duration such as 30m, 4h or 1d';
/** A first-response target, `30m`, `4h`, `1d` (or a number of minutes); output in minutes. */
const slaDuration = z
  .union([z.string(), z.number()], { error: SLA_ERROR })
  .transform((value, ctx) => {
    const m = typeof value === 'number' ? [String(value), String(value), 'm'] : /^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$/i.exec(value);
    const minutes = m ? Number(m[1]) * ({ m: 1, h: 60, d: 1440 } as Record<string, number>)[m[2]!.toLowerCase()]! : NaN;
    if (!(minutes > 0)) {
      ctx.addIssue({ code: 'custom', message: SLA_ERROR });
      return z.NEVER;
    }
    return minutes;
  });

/** One target for every channel, or per channel (channels left out keep the 30-minute default). */
const sla = z.union([
  slaDuration,
  z.strictObject(Object.fromEntries(CHANNELS.map((c) => [c, slaDuration.optional()])) as Record<
    (typeof CHANNELS)[number],
    z.ZodOptional<typeof slaDuration>
  >),
], { error: `${SLA_ERROR}, or one per channel such as { social: 30m, email: 24h }` });

export const brandSchema = z.strictObject({
  name: term,
  handles: terms,
  aliases: terms,
  hashtags: terms,
  domains: terms,
  exclude: terms,
  fuzzy,
  competitor: z.boolean().default(false),
  /** For names that are also common words ("Apple", "Shell"): at least one must appear too. */
  context: terms,
  /** Match the name and aliases only as cased here ("Next", not "next"). */
  caseSensitive: z.boolean().default(false),
  /** Only posts in these languages (ISO 639-1); empty means any. */
  languages: z.array(languageCode).default([]),
  /**
   * First-response target in minutes: `30m`, or per channel `{ social: 30m, email: 24h }`.
   * The default is DEFAULT_SLA_MINUTES (triage/sla.ts), written here so `config check` shows it.
   */
  sla: sla.default(30),
});

export const topicSchema = z.strictObject({
  name: term,
  /** Quoted phrases, AND, OR, NOT, NEAR/n and parentheses: `"need an outfit" AND (party OR wedding)`. */
  query: text.superRefine((query, ctx) => {
    try {
      if (!looksFor(parseTopicQuery(query, foldTerm))) {
        ctx.addIssue({ code: 'custom', message: 'invalid query: expected a word or "phrase" to look for: NOT alone would hold for nearly every post' });
      }
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid query: ${(err as Error).message}` });
    }
  }),
  languages: z.array(languageCode).default([]),
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
    channel: channel.default('news'),
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
  channel: channel.default('forum'),
  query: text.optional(),
  baseUrl: httpUrl.default('https://hn.algolia.com'),
  /** Algolia tag filter: stories and comments by default. */
  tags: text.default('(story,comment)'),
  maxPages: wholeNumber(1, 50).default(10),
});

export const fileSourceSchema = z.strictObject({
  type: z.literal('file'),
  ...common,
  channel: channel.default('social'),
  path: text,
  format: z.enum(['jsonl', 'csv', 'tsv'], { error: 'expected jsonl, csv or tsv' }).optional(),
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

/** Where credentials go: written as `${ENV_VAR}` in the file (see config/secrets.ts), substituted at load. */
const secret = text;
const subreddit = text.regex(/^(\/?r\/)?[A-Za-z0-9_]{2,21}$/, 'expected a subreddit name such as r/productivity');

export const mastodonSourceSchema = z.strictObject({
  type: z.literal('mastodon'),
  ...common,
  channel: channel.default('social'),
  baseUrl: httpUrl.default('https://mastodon.social'),
  /** Tag timelines to read, with or without '#'; default: the brand names and hashtags. */
  hashtags: z.array(text).optional(),
  /** Full-text search, used only with a token; default: one search per brand term. */
  query: text.optional(),
  /** A user access token with read:search. */
  token: secret.optional(),
  maxPages: wholeNumber(1, 50).default(10),
});

export const blueskySourceSchema = z.strictObject({
  type: z.literal('bluesky'),
  ...common,
  channel: channel.default('social'),
  /** The account's PDS; the bsky.social entryway by default. */
  baseUrl: httpUrl.default('https://bsky.social'),
  handle: text,
  /** An app password (Settings → Privacy and security → App passwords), never the account password. */
  appPassword: secret,
  query: text.optional(),
  maxPages: wholeNumber(1, 50).default(10),
});

export const redditSourceSchema = z
  .strictObject({
    type: z.literal('reddit'),
    ...common,
    channel: channel.default('forum'),
    /** Keyless Atom feeds and the OAuth token endpoint. */
    baseUrl: httpUrl.default('https://www.reddit.com'),
    /** The OAuth API, used when clientId and clientSecret are set. */
    apiBaseUrl: httpUrl.default('https://oauth.reddit.com'),
    subreddits: z.array(subreddit).default([]),
    query: text.optional(),
    clientId: text.optional(),
    clientSecret: secret.optional(),
    maxPages: wholeNumber(1, 50).default(10),
  })
  .refine((s) => Boolean(s.clientId) === Boolean(s.clientSecret), {
    error: 'expected both clientId and clientSecret, or neither',
    path: ['clientSecret'],
  });

export const xSourceSchema = z.strictObject({
  type: z.literal('x'),
  ...common,
  channel: channel.default('social'),
  baseUrl: httpUrl.default('https://api.x.com'),
  /** An app-only bearer token. */
  token: secret,
  query: text.optional(),
  /** X bills every post read: a small cap by default. */
  maxPages: wholeNumber(1, 50).default(5),
});

export const stackexchangeSourceSchema = z.strictObject({
  type: z.literal('stackexchange'),
  ...common,
  channel: channel.default('forum'),
  query: text.optional(),
  /** API site parameter: stackoverflow, superuser, serverfault … */
  site: text.default('stackoverflow'),
  /** Optional stackapps.com key (10,000 requests a day instead of 300); give it as ${ENV_VAR}. */
  key: text.optional(),
  baseUrl: httpUrl.default('https://api.stackexchange.com'),
  maxPages: wholeNumber(1, 10).default(3),
});

export const githubSourceSchema = z.strictObject({
  type: z.literal('github'),
  ...common,
  channel: channel.default('forum'),
  query: text.optional(),
  /** Optional personal access token (30 searches a minute instead of 10); give it as ${ENV_VAR}. */
  token: text.optional(),
  baseUrl: httpUrl.default('https://api.github.com'),
  maxPages: wholeNumber(1, 10).default(2),
  /** Issues and pull requests whose comments are read per scan, one request each; 0 turns comments off. */
  maxCommentThreads: wholeNumber(0, 50).default(5),
});

export const youtubeSourceSchema = z.strictObject({
  type: z.literal('youtube'),
  ...common,
  channel: channel.default('social'),
  query: text.optional(),
  /** YouTube Data API v3 key; give it as ${ENV_VAR}. */
  key: text,
  baseUrl: httpUrl.default('https://www.googleapis.com'),
  /** search.list pages per scan: the API allows about 100 searches a day. */
  maxPages: wholeNumber(1, 10).default(1),
  /** Newest videos whose comments are polled each scan; 0 turns comments off. */
  maxVideos: wholeNumber(0, 50).default(10),
});

export const emailSourceSchema = z.strictObject({
  type: z.literal('email'),
  ...common,
  channel: channel.default('email'),
  /** An mbox file, one .eml file, or a folder of .eml and .mbox files. */
  path: text,
});

export const transcriptSourceSchema = z.strictObject({
  type: z.literal('transcript'),
  ...common,
  channel: channel.default('call'),
  /** A .vtt, .json or .jsonl transcript, or a folder of them. */
  path: text,
  /** Speaker labels that are the agent, besides AGENT roles and names starting "agent" (e.g. spk_0). */
  agents: terms,
  /** Store agent turns too, as author "agent:NAME"; off so greetings naming the brand are not mentions. */
  agentTurns: z.boolean().default(false),
});

/** Every source type's schema: the union below and the loader's key list both come from here. */
export const SOURCE_SCHEMAS = [
  feedSourceSchema,
  hackernewsSourceSchema,
  fileSourceSchema,
  mastodonSourceSchema,
  blueskySourceSchema,
  redditSourceSchema,
  xSourceSchema,
  stackexchangeSourceSchema,
  githubSourceSchema,
  youtubeSourceSchema,
  emailSourceSchema,
  transcriptSourceSchema,
] as const;

export const SOURCE_TYPES = SOURCE_SCHEMAS.map((schema) => schema.shape.type.value);

export const sourceSchema = z.discriminatedUnion('type', SOURCE_SCHEMAS, {
  error: `expected type to be one of ${SOURCE_TYPES.join(', ')}`,
});

/** A webhook that gets new urgent mentions and spikes (`scan --notify`). */
export const notifySchema = z.strictObject({
  url: httpUrl,
  /** slack: an incoming-webhook `{ text }`; json: the alert as earshot's own JSON. */
  format: z.enum(['slack', 'json'], { error: 'expected slack or json' }).default('json'),
});

/** Spike detection: the last window against the mean + k·sd of the windows before it. */
export const alertsSchema = z.strictObject({
  window: slaDuration.default(60),
  /** How many earlier windows make the baseline: a brand has no spikes until all were observed. */
  baseline: wholeNumber(3, 500).default(24),
  k: z.number({ error: 'expected a number from 1 to 10' }).min(1).max(10).default(3),
  /** Fewer mentions than this in the window is never a spike. */
  minMentions: wholeNumber(1, 100_000).default(5),
  /** After a spike, the same brand and kind stay quiet this long. */
  cooldown: slaDuration.default(360),
});

export const configSchema = z.strictObject({
  brands: z.array(brandSchema).min(1, 'expected at least one brand'),
  topics: z.array(topicSchema).default([]),
  /** What customers write in: language detection, spelling dictionaries and sentiment use it. */
  languages: z.array(languageCode).min(1, 'expected at least one language').default(['en']),
  sources: z.array(sourceSchema).default([]),
  /** Database file, relative to the config file; --db overrides it. */
  db: text.optional(),
  notify: z.array(notifySchema).default([]),
  alerts: alertsSchema.default(() => alertsSchema.parse({})),
});

export type BrandConfig = z.output<typeof brandSchema>;
export type NotifyConfig = z.output<typeof notifySchema>;
export type AlertsConfig = z.output<typeof alertsSchema>;
export type TopicConfig = z.output<typeof topicSchema>;
export type FeedSourceConfig = z.output<typeof feedSourceSchema>;
export type HackernewsSourceConfig = z.output<typeof hackernewsSourceSchema>;
export type FileSourceConfig = z.output<typeof fileSourceSchema>;
export type MastodonSourceConfig = z.output<typeof mastodonSourceSchema>;
export type BlueskySourceConfig = z.output<typeof blueskySourceSchema>;
export type RedditSourceConfig = z.output<typeof redditSourceSchema>;
export type XSourceConfig = z.output<typeof xSourceSchema>;
export type StackexchangeSourceConfig = z.output<typeof stackexchangeSourceSchema>;
export type GithubSourceConfig = z.output<typeof githubSourceSchema>;
export type YoutubeSourceConfig = z.output<typeof youtubeSourceSchema>;
export type EmailSourceConfig = z.output<typeof emailSourceSchema>;
export type TranscriptSourceConfig = z.output<typeof transcriptSourceSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type SourceKind = SourceConfig['type'];

/** A source after loading: its name is always set and unique. */
export type NamedSourceConfig = SourceConfig & { name: string };

export interface Config {
  brands: BrandConfig[];
  topics: TopicConfig[];
  languages: string[];
  sources: NamedSourceConfig[];
  db?: string;
  /** Webhooks for `scan --notify`; none when absent. */
  notify?: NotifyConfig[];
  alerts?: AlertsConfig;
  /** File it came from, or null for the embedded default. */
  file: string | null;
  /** Directory relative paths in the config resolve against. */
  baseDir: string;
}
