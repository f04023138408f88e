import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import type { z } from './libs.js';
import { readYaml } from './read-yaml.js';
import { ConfigError, fileErrorMessage } from '../errors.js';
import { foldTerm, joinerOf, signOf } from '../match/fold.js';
import { CHANNELS } from '../types.js';
import {
  alertsSchema,
  brandSchema,
  configSchema,
  topicSchema,
  fileSourceSchema,
  notifySchema,
  SOURCE_SCHEMAS,
  type Config,
  type NamedSourceConfig,
} from './schema.js';
import { ruleProblems } from './rule-problems.js';
import { literalSecretProblems } from './secrets.js';

export { DEFAULT_CONFIG_FILE, findConfigFile, type FindConfigInput } from './find.js';

export interface LoadOptions {
  /**
   * Whether the sources and webhooks will be used (scan, config check): then a variable they
   * name that is not set is a problem. Other commands only read brands and the database, and
   * should work for someone without the scan's credentials (an analyst listing and marking).
   */
  needsSecrets?: boolean;
  /**
   * Whether the webhooks will be used (scan --notify, config check); as needsSecrets when not
   * given. A scan without --notify should run on a host that has the sources' credentials only.
   */
  needsWebhooks?: boolean;
}

/** Reads, substitutes `${VAR}` from env, and validates; every problem is reported at once. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv, options: LoadOptions = {}): Config {
  return parseConfig({ source: readConfigText(path), file: path, env, ...options });
}

/**
 * The config file's text: UTF-8 (its byte-order mark dropped), or UTF-16 with its mark, as
 * Notepad saves "Unicode". Other bytes are refused at their line: read as UTF-8 anyway, "Café" in
 * Windows-1252 would become a name no post ever matches.
 */
export function readConfigText(path: string): string {
  let bytes: Buffer;
  try {
    // Standard input by its descriptor: opening /dev/stdin fails (ENXIO) where it is a socket, as
    // a parent process's pipe often is.
    bytes = readFileSync(path === '/dev/stdin' ? 0 : path);
  } catch (err) {
    throw new ConfigError([`${path}: cannot read: ${fileErrorMessage(err)}`]);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError([`${basename(path)}:${firstLineNotUtf8(bytes)}: not UTF-8 text: save the file as UTF-8`]);
  }
}

function firstLineNotUtf8(bytes: Buffer): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    try {
      strict.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    start = stop + 1;
  }
  return line;
}

export interface ParseConfigInput extends LoadOptions {
  source: string;
  file: string;
  env: NodeJS.ProcessEnv;
}

/** What an unset variable under sources or notify reads as where nothing will use it: valid as a URL and as a token. */
const UNUSED_UNSET = (name: string) => `https://unset.invalid/${name}`;

export function parseConfig({ source, file, env, needsSecrets = true, needsWebhooks = needsSecrets }: ParseConfigInput): Config {
  const label = basename(file);
  const { data: raw, locate } = readYaml(source, label);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`${label}: expected a mapping with brands and sources`]);
  }

  const problems: string[] = [];
  const at = (path: PropertyKey[]) => locate(path);
  problems.push(...literalSecretProblems(raw, at));
  // A field whose variable is missing is reported once, not again for being empty.
  const unset = new Set<string>();
  // Sources and webhooks ("sources.1") that read a placeholder for a variable not set.
  const placeheld = new Set<string>();
  const substituted = substituteEnv(raw, env, [], (path, name) => {
    // A source's name is not used by scan alone: it names what is stored.
    if (((!needsSecrets && path[0] === 'sources') || (!needsWebhooks && path[0] === 'notify')) && path[2] !== 'name') {
      placeheld.add(entryOf(path));
      return UNUSED_UNSET(name);
    }
    unset.add(path.map(String).join('.'));
    problems.push(`${at(path)}: environment variable ${name} is not set`);
    return '';
  });
  let parsed = configSchema.safeParse(substituted);
  // Entries whose placeholder a field does not take (a subreddit name, a pattern) are left out:
  // nothing but scan would use them.
  const leftOut = new Set(parsed.success ? [] : parsed.error.issues.map((i) => entryOf(i.path)).filter((e) => placeheld.has(e)));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (unset.has(issue.path.map(String).join('.')) || leftOut.has(entryOf(issue.path))) continue;
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const where = at([...issue.path, key]);
          problems.push(`${where}: ${describeUnknownKey(key, issue.path, keyWrittenAt(source, where))}`);
        }
      } else {
        problems.push(`${at(issue.path)}: ${describeIssue(issue)}${sourceTypeHint(substituted, issue.path)}${yesNoHint(substituted, issue)}`);
      }
    }
  }
  // On the raw data, so a duplicate is reported together with every other problem.
  problems.push(...duplicateNameProblems(substituted, at), ...ruleProblems(substituted, at));
  if (problems.length > 0 || (!parsed.success && leftOut.size === 0)) throw new ConfigError(inLineOrder(problems, label));
  // Named as in the whole file, so that leaving an entry out renames none of the others.
  const names = leftOut.size > 0 ? rawSourceNames(substituted).filter((_, i) => !leftOut.has(`sources.${i}`)) : null;
  if (leftOut.size > 0) parsed = configSchema.safeParse(withoutEntries(substituted, leftOut));
  if (!parsed.success) throw new ConfigError(inLineOrder([`${label}: ${describeIssue(parsed.error.issues[0]!)}`], label));

  const { brands, topics, languages, sources, db, notify, alerts } = parsed.data;
  const named = names ? sources.map((source, i) => ({ ...source, name: names[i]! })) : nameSources(sources);
  return { brands, topics, languages, sources: named, db, notify, alerts, file, baseDir: baseDirOf(file) };
}

/**
 * What the config's paths are relative to: its folder, or the working folder for a config read
 * from a pipe (`--config /dev/stdin`, `--config <(…)`), whose folder is /dev.
 */
function baseDirOf(file: string): string {
  return /^\/(dev|proc)\//.test(file) ? process.cwd() : dirname(file);
}

/** `sources.1` for a path into the second source (or `notify.0`, …): the entry it lies in. */
function entryOf(path: readonly PropertyKey[]): string {
  return `${String(path[0])}.${String(path[1])}`;
}

/** The raw config without the listed entries of sources and notify. */
function withoutEntries(raw: unknown, entries: ReadonlySet<string>): unknown {
  const config = { ...(raw as Record<string, unknown>) };
  for (const key of ['sources', 'notify']) {
    const list = config[key];
    if (Array.isArray(list)) config[key] = list.filter((_, i) => !entries.has(`${key}.${i}`));
  }
  return config;
}

/** Each source's name, given or defaulted, as the raw list names them (as duplicateNameProblems reads them). */
function rawSourceNames(raw: unknown): (string | undefined)[] {
  const { sources } = raw as { sources?: unknown };
  return Array.isArray(sources) ? nameSources(sources.map((s) => ({ ...(s as object) }) as z.output<typeof configSchema>['sources'][number])).map((s) => s.name) : [];
}

/** Problems as the file reads, top to bottom; those without a line after, as found; each once. */
function inLineOrder(problems: string[], label: string): string[] {
  problems = [...new Set(problems)];
  const lineOf = (p: string) => (p.startsWith(`${label}:`) ? Number(/^\d+/.exec(p.slice(label.length + 1))?.[0] ?? Infinity) : Infinity);
  return problems.map((p, i) => ({ p, i, line: lineOf(p) })).sort((a, b) => a.line - b.line || a.i - b.i).map((x) => x.p);
}

/** The keys a mapping at `path` takes: a brand's at brands.N, a source's at sources.N, … */
function keysAt(path: readonly PropertyKey[]): readonly string[] {
  const [top, , field] = path;
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (top === 'brands' && field === 'sla') return CHANNELS;
  if (top === 'brands') return Object.keys(brandSchema.shape);
  if (top === 'topics') return Object.keys(topicSchema.shape);
  if (top === 'sources' && field === 'fields') return Object.keys(fileSourceSchema.shape.fields.unwrap().shape);
  if (top === 'sources') return SOURCE_SCHEMAS.flatMap((schema) => Object.keys(schema.shape));
  if (top === 'notify') return Object.keys(notifySchema.shape);
  if (top === 'alerts') return Object.keys(alertsSchema.shape);
  return [];
}

/**
 * The key as written on the line a problem names ("label:3: path"), where YAML reads it as null:
 * `: x` and `null: x` are both the key null, and only the text tells a key left out from a key
 * "null". In block style the line's key; in flow style or JSON (`{name: X, null: 3}`) a null key
 * in it, or '' for a colon with nothing before it; undefined when the line does not tell.
 */
function keyWrittenAt(source: string, where: string): string | undefined {
  const line = /^.*?:(\d+):/.exec(where)?.[1];
  const text = line === undefined ? undefined : source.split(/\r\n?|\n/)[Number(line) - 1];
  if (text === undefined) return undefined;
  const block = /^\s*(?:-\s+)*(?![{[])(.*?)\s*:(?:\s|$)/.exec(text)?.[1];
  if (block !== undefined && !/[{}[\],]/.test(block)) return block;
  const flow = /(?:^|[{,\s])(null|Null|NULL|~|"null"|'null')\s*:/.exec(text)?.[1];
  if (flow !== undefined) return flow;
  return /[{,]\s*:/.test(text) ? '' : undefined;
}

function describeUnknownKey(key: string, path: readonly PropertyKey[], written?: string): string {
  // yaml reads `<<: *defaults` as a key: merging is YAML 1.1, which earshot does not read.
  if (key === '<<') return 'YAML merge keys (<<) are not read: write the keys out, or repeat the value with an alias';
  // `: value` with nothing before the colon reads as the key null, as `null: value` and `~: value` do.
  if ((key === 'null' && written === '') || key === '') return 'no key before the ":" (a key was left out, or the line is indented wrongly)';
  if (key === 'null' && written === undefined) return 'no key before a ":", or a key written null (a key was left out, or the line is indented wrongly)';
  if (key === 'null') return `unknown key ${/^["']/.test(written!) ? written : `"${written}"`}`;
  const known = keysAt(path);
  const near = suggestKey(key, known);
  // A key of other source types (maxPages on a feed): suggesting it back would say nothing.
  if (near === key) return 'unknown key for this type of source (other types take it)';
  if (path[0] === 'brands' && path[2] === 'sla') return `unknown channel${near ? ` (did you mean "${near}"?)` : ''}; channels are ${CHANNELS.join(', ')}`;
  return `unknown key${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** YAML 1.1's booleans, which YAML 1.2 (and earshot) read as text. */
const YAML11_BOOLEANS = /^(y|yes|n|no|on|off)$/i;

/** ` (write true or false: …)` after a boolean field given yes, no, on or off. */
function yesNoHint(raw: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type' || issue.expected !== 'boolean') return '';
  const value = issue.path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), raw);
  return typeof value === 'string' && YAML11_BOOLEANS.test(value) ? ` (write true or false: "${value}" is text in YAML 1.2, as earshot reads it)` : '';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `missing; expected ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/** Names people reach for that earshot spells otherwise. */
const SOURCE_TYPE_NAMES: Record<string, string> = { rss: 'feed', atom: 'feed', twitter: 'x', hn: 'hackernews', mail: 'email', mbox: 'email', jsonl: 'file', csv: 'file' };

/** ` ("rss" is type: feed)` after an unknown source type that earshot knows by another name. */
function sourceTypeHint(raw: unknown, path: PropertyKey[]): string {
  if (path[0] !== 'sources' || path[2] !== 'type') return '';
  const type = (raw as { sources?: { type?: unknown }[] }).sources?.[path[1] as number]?.type;
  const named = typeof type === 'string' ? SOURCE_TYPE_NAMES[type.toLowerCase()] : undefined;
  return named ? ` ("${type}" is type: ${named})` : '';
}

const require = createRequire(import.meta.url);

function suggestKey(key: string, keys: readonly string[]): string | undefined {
  // Loaded only for a misspelt key: loading it sets up an Intl.Collator, ~10 ms of every start-up.
  const levenshtein = require('fast-levenshtein') as typeof import('fast-levenshtein');
  let best: { key: string; d: number } | undefined;
  for (const known of new Set(keys)) {
    const d = levenshtein.get(key.toLowerCase(), known.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { key: known, d };
  }
  return best?.key;
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${VAR}` in every string value; secrets never pass through the YAML text itself. */
function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: PropertyKey[],
  /** Called for a variable not set (or empty); gives what to read in its place. */
  missing: (path: PropertyKey[], name: string) => string,
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_, name: string) => {
      const v = env[name];
      return v === undefined || v === '' ? missing(path, name) : v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, i], missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...path, k], missing)]),
    );
  }
  return value;
}

/** Unnamed sources are called after their type, numbered when a type repeats. */
function nameSources(sources: z.output<typeof configSchema>['sources']): NamedSourceConfig[] {
  const counts = new Map<string, number>();
  for (const s of sources) if (!s.name) counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
  const seen = new Map<string, number>();
  return sources.map((s) => {
    if (s.name) return { ...s, name: s.name };
    const n = (seen.get(s.type) ?? 0) + 1;
    seen.set(s.type, n);
    return { ...s, name: (counts.get(s.type) ?? 0) > 1 ? `${s.type}-${n}` : s.type };
  });
}

/** Brand names (ignoring case) and source names (after defaulting) must be unique. */
function duplicateNameProblems(raw: unknown, at: (path: PropertyKey[]) => string): string[] {
  const problems: string[] = [];
  const { brands, topics, sources } = raw as { brands?: unknown; topics?: unknown; sources?: unknown };
  // Names seen, keyed as `keyOf` folds them, and what named them: brands and topics share one,
  // as their mentions do.
  type Seen = Map<string, { kind: string; name: string }>;
  const check = (list: unknown, key: string, kind: string, nameOf: (item: Record<string, unknown>, i: number) => unknown, keyOf: (name: string) => string, seen: Seen = new Map()) => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (!item || typeof item !== 'object') return;
      const name = nameOf(item as Record<string, unknown>, i);
      if (typeof name !== 'string') return;
      const folded = keyOf(name);
      const earlier = seen.get(folded);
      if (!earlier) {
        seen.set(folded, { kind, name });
        return;
      }
      const by = earlier.kind === kind ? `an earlier ${kind}` : `a ${earlier.kind}`;
      const spelled = earlier.name.toLowerCase() === name.toLowerCase() ? '' : ` ("${earlier.name}": the same once case, accents and punctuation are set aside)`;
      problems.push(`${at([key, i, 'name'])}: "${name}" is used by ${by}${spelled}`);
    });
  };
  // As matching reads names: "Café Zoë" and "Cafe Zoe" are one, and would match the same posts;
  // two initials keep their sign ("A&E" and "A+E" are two), as does a name that ends in one
  // ("C++" and "C#", "Disney" and "Disney+").
  const asMatched = (name: string) => {
    const words = foldTerm(name);
    return words.length > 0 ? `${words.join(' ')}${joinerOf(name, words) ?? ''}${signOf(name) ?? ''}` : name.toLowerCase();
  };
  const mentionNames: Seen = new Map();
  check(brands, 'brands', 'brand', (b) => b.name, asMatched, mentionNames);
  check(topics, 'topics', 'topic', (t) => t.name, asMatched, mentionNames);
  const defaults = rawSourceNames(raw);
  check(sources, 'sources', 'source', (_, i) => defaults[i], (name) => name.toLowerCase());
  return problems;
}
