import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfigFile, parseConfig } from '../../src/config/load.js';
import { ConfigError, EarshotError } from '../../src/errors.js';

const FILE = '/configs/earshot.yaml';

const VALID_YAML = `# a config using every brand key
db: data/earshot.db
brands:
  - name: Ocado
    handles: ["@Ocado", "@OcadoHelp"]
    aliases: [Ocado Retail]
    hashtags: ["#OcadoFail"]
    domains: [ocado.com]
    exclude: [ocado technology]
    fuzzy: 2
  - name: Tesco
    competitor: true
sources:
  - type: feed
    url: https://example.com/a.xml
  - type: feed
    path: feeds/b.xml
  - type: hackernews
  - type: file
    name: exports
    path: posts.csv
    fields: { id: tweet_id }
`;

const VALID_JSON = JSON.stringify(
  {
    db: 'data/earshot.db',
    brands: [
      {
        name: 'Ocado',
        handles: ['@Ocado', '@OcadoHelp'],
        aliases: ['Ocado Retail'],
        hashtags: ['#OcadoFail'],
        domains: ['ocado.com'],
        exclude: ['ocado technology'],
        fuzzy: 2,
      },
      { name: 'Tesco', competitor: true },
    ],
    sources: [
      { type: 'feed', url: 'https://example.com/a.xml' },
      { type: 'feed', path: 'feeds/b.xml' },
      { type: 'hackernews' },
      { type: 'file', name: 'exports', path: 'posts.csv', fields: { id: 'tweet_id' } },
    ],
  },
  null,
  2,
);

/** The ConfigError thrown by `fn`, failing the test if it throws anything else or nothing. */
function configError(fn: () => unknown): ConfigError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const err = thrown as ConfigError;
  expect(err).toBeInstanceOf(EarshotError);
  expect(err.exitCode).toBe(2);
  expect(err.message).toBe(err.problems.join('\n'));
  return err;
}

function problems(source: string, env: NodeJS.ProcessEnv = {}): string[] {
  return configError(() => parseConfig({ source, file: FILE, env })).problems;
}

describe('parseConfig: valid configs', () => {
  it('reads a YAML config and fills every default', () => {
    const config = parseConfig({ source: VALID_YAML, file: FILE, env: {} });
    expect(config.file).toBe(FILE);
    expect(config.baseDir).toBe('/configs');
    expect(config.db).toBe('data/earshot.db');
    expect(config.brands).toEqual([
      {
        name: 'Ocado',
        handles: ['@Ocado', '@OcadoHelp'],
        aliases: ['Ocado Retail'],
        hashtags: ['#OcadoFail'],
        domains: ['ocado.com'],
        exclude: ['ocado technology'],
        fuzzy: 2,
        competitor: false,
        context: [],
        caseSensitive: false,
        languages: [],
        sla: 30,
      },
      {
        name: 'Tesco',
        handles: [],
        aliases: [],
        hashtags: [],
        domains: [],
        exclude: [],
        fuzzy: 'auto',
        competitor: true,
        context: [],
        caseSensitive: false,
        languages: [],
        sla: 30,
      },
    ]);
    expect(config.sources).toEqual([
      { type: 'feed', name: 'feed-1', channel: 'news', url: 'https://example.com/a.xml' },
      { type: 'feed', name: 'feed-2', channel: 'news', path: 'feeds/b.xml' },
      { type: 'hackernews', name: 'hackernews', channel: 'forum', baseUrl: 'https://hn.algolia.com', tags: '(story,comment)', maxPages: 10 },
      { type: 'file', name: 'exports', channel: 'social', path: 'posts.csv', fields: { id: 'tweet_id' } },
    ]);
  });

  it('reads the same config written as JSON to the same result', () => {
    const fromYaml = parseConfig({ source: VALID_YAML, file: '/configs/earshot.yaml', env: {} });
    const fromJson = parseConfig({ source: VALID_JSON, file: '/configs/earshot.json', env: {} });
    expect({ ...fromJson, file: null }).toEqual({ ...fromYaml, file: null });
  });

  it('defaults sources to none', () => {
    expect(parseConfig({ source: 'brands: [{ name: Ocado }]', file: FILE, env: {} }).sources).toEqual([]);
  });

  it('does not number a source type that appears once', () => {
    const config = parseConfig({
      source: 'brands: [{ name: Ocado }]\nsources:\n  - type: feed\n    url: https://example.com/a\n  - type: hackernews\n',
      file: FILE,
      env: {},
    });
    expect(config.sources.map((s) => s.name)).toEqual(['feed', 'hackernews']);
  });

  it('trims names and terms', () => {
    const config = parseConfig({ source: 'brands:\n  - name: "  Ocado "\n    aliases: [" Ocado Retail "]\n', file: FILE, env: {} });
    expect(config.brands[0]).toMatchObject({ name: 'Ocado', aliases: ['Ocado Retail'] });
  });
});

describe('parseConfig: environment variables', () => {
  const source = `brands:
  - name: Ocado
sources:
  - type: feed
    name: \${FEED_NAME}
    url: https://example.com/feeds/\${FEED_TOKEN}.xml
`;

  it('substitutes ${VAR} from the environment', () => {
    const config = parseConfig({ source, file: FILE, env: { FEED_TOKEN: 's3cret', FEED_NAME: 'alerts' } });
    expect(config.sources[0]).toMatchObject({ name: 'alerts', url: 'https://example.com/feeds/s3cret.xml' });
  });

  it('substitutes after parsing, so a value is never read as YAML', () => {
    const config = parseConfig({ source, file: FILE, env: { FEED_TOKEN: 'x', FEED_NAME: 'a: b # c' } });
    expect(config.sources[0]!.name).toBe('a: b # c');
  });

  it('reports a missing variable with its line and field path', () => {
    const found = problems(source, { FEED_NAME: 'alerts' });
    expect(found).toEqual(['earshot.yaml:6: sources[0].url: environment variable FEED_TOKEN is not set']);
  });

  it('treats an empty variable as missing', () => {
    const found = problems(source, { FEED_NAME: 'alerts', FEED_TOKEN: '' });
    expect(found).toEqual(['earshot.yaml:6: sources[0].url: environment variable FEED_TOKEN is not set']);
  });

  it('reports every missing variable', () => {
    const found = problems(source, {});
    expect(found).toContain('earshot.yaml:5: sources[0].name: environment variable FEED_NAME is not set');
    expect(found).toContain('earshot.yaml:6: sources[0].url: environment variable FEED_TOKEN is not set');
  });

  it('where sources and webhooks will not be used, leaves their unset variables alone, but not a source name', () => {
    const webhook = `brands: [{ name: Ocado }]\nsources:\n  - type: bluesky\n    handle: me.bsky.social\n    appPassword: \${BSKY_PW}\nnotify:\n  - url: \${HOOK}\n`;
    expect(problems(webhook)).toEqual([
      'earshot.yaml:5: sources[0].appPassword: environment variable BSKY_PW is not set',
      'earshot.yaml:7: notify[0].url: environment variable HOOK is not set',
    ]);
    const config = parseConfig({ source: webhook, file: FILE, env: {}, needsSecrets: false });
    expect(config.brands.map((b) => b.name)).toEqual(['Ocado']);
    expect(config.sources.map((s) => s.name)).toEqual(['bluesky']);
    // The sources' secrets but not the webhooks' (a scan without --notify).
    expect(configError(() => parseConfig({ source: webhook, file: FILE, env: {}, needsWebhooks: false })).problems).toEqual([
      'earshot.yaml:5: sources[0].appPassword: environment variable BSKY_PW is not set',
    ]);
    expect(parseConfig({ source: webhook, file: FILE, env: { BSKY_PW: 'pw' }, needsWebhooks: false }).notify).toHaveLength(1);
    expect(configError(() => parseConfig({ source, file: FILE, env: { FEED_TOKEN: 'x' }, needsSecrets: false })).problems).toEqual([
      'earshot.yaml:5: sources[0].name: environment variable FEED_NAME is not set',
    ]);
  });

  it('leaves out a source whose field will not take the placeholder, naming the others as the whole file does', () => {
    const reddit = `brands: [{ name: Ocado }]\nsources:\n  - type: reddit\n    subreddits: ["\${SUB}"]\n  - type: reddit\n    subreddits: [ocado]\n`;
    expect(problems(reddit)).toEqual(['earshot.yaml:4: sources[0].subreddits[0]: environment variable SUB is not set']);
    const config = parseConfig({ source: reddit, file: FILE, env: {}, needsSecrets: false });
    expect(config.sources.map((s) => s.name)).toEqual(['reddit-2']);
    // Other problems are still reported, at their own lines.
    const broken = `${reddit}  - type: feed\n`;
    expect(configError(() => parseConfig({ source: broken, file: FILE, env: {}, needsSecrets: false })).problems).toEqual([
      'earshot.yaml:7: sources[2]: expected exactly one of url or path',
    ]);
  });

  it('leaves text that only looks like a variable alone', () => {
    const config = parseConfig({ source: 'brands:\n  - name: "$OCADO {x} $"\n', file: FILE, env: {} });
    expect(config.brands[0]!.name).toBe('$OCADO {x} $');
  });
});

describe('parseConfig: problems', () => {
  it('reports a bad field as FILE:LINE: path: message', () => {
    const source = `brands:
  - name: Ocado
  - name: Tesco
    aliases: ["  "]
`;
    expect(problems(source)).toEqual(['earshot.yaml:4: brands[1].aliases[0]: expected a non-empty string']);
  });

  it('reports every problem at once, one line each', () => {
    const source = `brands:
  - name: Ocado
    alias: [Ocado Retail]
    fuzzy: 7
  - name: ""
sources:
  - type: feed
    url: ftp://example.com/feed.xml
  - type: hackernews
    maxPages: 0
`;
    // In the order of the file's lines, as an editor shows them.
    expect(problems(source)).toEqual([
      'earshot.yaml:3: brands[0].alias: unknown key (did you mean "aliases"?)',
      expect.stringMatching(/^earshot\.yaml:4: brands\[0\]\.fuzzy: .*3$/),
      'earshot.yaml:5: brands[1].name: expected a non-empty string',
      'earshot.yaml:8: sources[0].url: expected an http(s) URL',
      expect.stringMatching(/^earshot\.yaml:10: sources\[1\]\.maxPages: /),
    ]);
  });

  it.each(['sometimes', 'true', '1.5'])('reports a fuzzy setting of %s', (value) => {
    expect(problems(`brands:\n  - name: Ocado\n    fuzzy: ${value}\n`)).toEqual([
      'earshot.yaml:3: brands[0].fuzzy: expected auto, off or a whole number from 0 to 3',
    ]);
  });

  it.each([
    ['alias', 'aliases'],
    ['hashtag', 'hashtags'],
    ['Handles', 'handles'],
    ['competitors', 'competitor'],
    ['fuzz', 'fuzzy'],
  ])('suggests a near key for %s', (key, suggestion) => {
    const found = problems(`brands:\n  - name: Ocado\n    ${key}: []\n`);
    expect(found).toEqual([`earshot.yaml:3: brands[0].${key}: unknown key (did you mean "${suggestion}"?)`]);
  });

  it('says a key belongs to other types of source, rather than suggest it back', () => {
    const found = problems('brands: [{ name: Ocado }]\nsources:\n  - type: feed\n    url: https://example.com/feed.xml\n    maxPages: 2\n');
    expect(found).toEqual(['earshot.yaml:5: sources[0].maxPages: unknown key for this type of source (other types take it)']);
  });

  it('reports an unknown key without a suggestion when nothing is close', () => {
    expect(problems('brands:\n  - name: Ocado\n    sentiment_model: big\n')).toEqual([
      'earshot.yaml:3: brands[0].sentiment_model: unknown key',
    ]);
  });

  it('reports an unknown top-level key', () => {
    expect(problems('brands: [{ name: Ocado }]\nsource: []\n')).toEqual([
      'earshot.yaml:2: source: unknown key (did you mean "sources"?)',
    ]);
  });

  it('reports invalid YAML with its line', () => {
    const found = problems('brands:\n  - name: Ocado\n    name: Tesco\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^earshot\.yaml:3: /);
  });

  it('reports an unclosed flow sequence with a line', () => {
    const found = problems('brands:\n  - name: Ocado\n    aliases: [Ocado Retail\nsources: []\n');
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(p).toMatch(/^earshot\.yaml:\d+: \S/);
  });

  it.each([
    ['an empty file', ''],
    ['a comment only', '# nothing here\n'],
    ['a list', '- name: Ocado\n'],
    ['a scalar', 'hello\n'],
  ])('reports %s as not a mapping', (_, source) => {
    expect(problems(source)).toEqual(['earshot.yaml: expected a mapping with brands and sources']);
  });

  it('reports an empty brands list', () => {
    expect(problems('brands: []\n')).toEqual(['earshot.yaml:1: brands: expected at least one brand']);
  });

  it('reports missing brands', () => {
    const found = problems('sources: []\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^earshot\.yaml(:\d+)?: brands: missing; expected a list$/);
  });

  it.each([
    ['not a url', 'not a url'],
    ['ftp', 'ftp://example.com/feed'],
    ['no scheme', 'example.com/feed'],
  ])('reports a bad URL (%s)', (_, url) => {
    expect(problems(`brands: [{ name: Ocado }]\nsources:\n  - type: feed\n    url: ${url}\n`)).toEqual([
      'earshot.yaml:4: sources[0].url: expected an http(s) URL',
    ]);
  });

  it('reports a feed with neither url nor path', () => {
    const found = problems('brands: [{ name: Ocado }]\nsources:\n  - type: feed\n    name: x\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^earshot\.yaml:\d+: sources\[0\]: expected exactly one of url or path$/);
  });

  it('reports an unknown source type', () => {
    const found = problems('brands: [{ name: Ocado }]\nsources:\n  - type: twitter\n    query: ocado\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^earshot\.yaml:3: sources\[0\](\.type)?: expected type to be one of feed, hackernews, file, [a-z, ]+ \("twitter" is type: x\)$/);
  });

  it('names the type earshot gives a source people know by another name', () => {
    const found = problems('brands: [{ name: Ocado }]\nsources:\n  - type: rss\n    url: https://example.com/feed.xml\n');
    expect(found).toEqual([expect.stringMatching(/^earshot\.yaml:3: sources\[0\]\.type: expected type to be one of feed, [a-z, ]+ \("rss" is type: feed\)$/)]);
  });

  it('reports a wrong type for a field', () => {
    expect(problems('brands:\n  - name: Ocado\n    competitor: "yes"\n')).toEqual([
      expect.stringMatching(/^earshot\.yaml:3: brands\[0\]\.competitor: .*boolean/),
    ]);
  });

  it('reports duplicate brand names, ignoring case, with the line of the duplicate', () => {
    const found = problems('brands:\n  - name: Ocado\n  - name: Tesco\n  - name: ocado\n');
    expect(found).toEqual(['earshot.yaml:4: brands[2].name: "ocado" is used by an earlier brand']);
  });

  it('reports a topic named as a brand or an earlier topic: their mentions share one name', () => {
    const found = problems('brands:\n  - name: Ocado\ntopics:\n  - name: OCADO\n    query: late\n  - name: Late\n    query: late\n  - name: late\n    query: slow\n');
    expect(found).toEqual(['earshot.yaml:4: topics[0].name: "OCADO" is used by a brand', 'earshot.yaml:8: topics[2].name: "late" is used by an earlier topic']);
  });

  it('reports brand names that are one once accents are set aside: they would match the same posts', () => {
    expect(problems('brands:\n  - name: Café Zoë\n  - name: Cafe Zoe\n    competitor: true\n')).toEqual([
      'earshot.yaml:3: brands[1].name: "Cafe Zoe" is used by an earlier brand ("Café Zoë": the same once case, accents and punctuation are set aside)',
    ]);
  });

  it('keeps initials with different signs apart: A&E and A+E match different posts', () => {
    expect(parseConfig({ source: 'brands:\n  - name: A&E\n  - name: A+E\n', file: FILE, env: {} }).brands.map((b) => b.name)).toEqual(['A&E', 'A+E']);
  });

  it('keeps names that end in different signs, or in one and none, apart: C++ and C#, Disney and Disney+', () => {
    const source = 'brands:\n  - name: C++\n  - name: C#\n  - name: Disney\n  - name: Disney+\n';
    expect(parseConfig({ source, file: FILE, env: {} }).brands.map((b) => b.name)).toEqual(['C++', 'C#', 'Disney', 'Disney+']);
  });

  it('reports rules that could never do what they say, each at its line', () => {
    const source = `brands:
  - name: Ocado
    exclude: ["#ocado", "😡", "avocado toast"]
    context: ["🛒"]
    handles: ["@", "@Ocado Help", OcadoSupport]
    hashtags: ["#ocado fail", "#OcadoFail"]
    domains: ["ocado", "*.ocado.com", "https://www.ocado.com/webshop"]
`;
    expect(problems(source)).toEqual([
      'earshot.yaml:3: brands[0].exclude[0]: "#ocado" reads as "Ocado" itself (marks and case aside): it would drop every mention of it',
      'earshot.yaml:3: brands[0].exclude[1]: "😡" has no letters or digits, so it can never be found',
      'earshot.yaml:4: brands[0].context[0]: "🛒" has no letters or digits, so it can never be found',
      'earshot.yaml:5: brands[0].handles[0]: expected one account name, such as @OcadoSupport, got "@"',
      'earshot.yaml:5: brands[0].handles[1]: expected one account name, such as @OcadoSupport, got "@Ocado Help"',
      'earshot.yaml:6: brands[0].hashtags[0]: expected one tag, such as #OcadoFail, got "#ocado fail"',
      'earshot.yaml:7: brands[0].domains[0]: expected a domain such as ocado.com (its subdomains count too), got "ocado"',
      'earshot.yaml:7: brands[0].domains[1]: expected a domain such as ocado.com (its subdomains count too), got "*.ocado.com"',
    ]);
  });

  it('reports a name or alias of marks alone, unless the brand can be found another way', () => {
    const source = `brands:
  - name: "!!!"
  - name: "?!"
    handles: ["@chkchkchk"]
  - name: Ocado
    aliases: ["***"]
`;
    expect(problems(source)).toEqual([
      'earshot.yaml:2: brands[0].name: "!!!" has no letters or digits, so it can never be found in a post; give the brand an alias, a handle, a hashtag or a domain',
      'earshot.yaml:6: brands[2].aliases[0]: "***" has no letters or digits, so it can never be found',
    ]);
  });

  it('refuses two letters that name no language', () => {
    expect(problems('languages: [en, xx]\nbrands: [{ name: Ocado, languages: [zz] }]\n')).toEqual([
      'earshot.yaml:1: languages[1]: expected a language code such as en, de, pl (ISO 639-1)',
      'earshot.yaml:2: brands[0].languages[0]: expected a language code such as en, de, pl (ISO 639-1)',
    ]);
  });

  it('reports duplicate source names, including defaulted ones, with the line of the duplicate', () => {
    const source = `brands: [{ name: Ocado }]
sources:
  - type: hackernews
  - type: feed
    name: hackernews
    url: https://example.com/a.xml
`;
    expect(problems(source)).toEqual(['earshot.yaml:5: sources[1].name: "hackernews" is used by an earlier source']);
  });

  it('reports a duplicate brand together with other problems', () => {
    const source = `brands:
  - name: Ocado
  - name: Ocado
sources:
  - type: feed
    url: ftp://example.com/feed.xml
`;
    const found = problems(source);
    expect(found).toHaveLength(2);
    expect(found).toContain('earshot.yaml:6: sources[0].url: expected an http(s) URL');
    expect(found.some((p) => p.includes('brands[1].name') && p.includes('earlier brand'))).toBe(true);
  });
});

describe('parseConfig: each problem once, in the words of its level', () => {
  it('suggests keys of the mapping the key is in, and channels under sla', () => {
    expect(problems('base: 1\nbrands:\n  - name: Ocado\n    sla: {sms: 5m, mail: 4h}\n')).toEqual([
      'earshot.yaml:1: base: unknown key',
      'earshot.yaml:4: brands[0].sla.sms: unknown channel; channels are social, forum, news, email, call',
      'earshot.yaml:4: brands[0].sla.mail: unknown channel (did you mean "email"?); channels are social, forum, news, email, call',
    ]);
  });

  it('says a key is missing before a colon, instead of suggesting one', () => {
    expect(problems('brands:\n  - name: Ocado\n: x\n')).toEqual(['earshot.yaml:3: null: no key before the ":" (a key was left out, or the line is indented wrongly)']);
  });

  it('says to write true or false where a yes or no was given for a boolean, and only there', () => {
    expect(problems('brands:\n  - name: Tesco\n    competitor: yes\n  - name: Asda\n    competitor: maybe\n  - name: Aldi\n    caseSensitive: Off\n')).toEqual([
      'earshot.yaml:3: brands[0].competitor: expected boolean, received string (write true or false: "yes" is text in YAML 1.2, as earshot reads it)',
      'earshot.yaml:5: brands[1].competitor: expected boolean, received string',
      'earshot.yaml:7: brands[2].caseSensitive: expected boolean, received string (write true or false: "Off" is text in YAML 1.2, as earshot reads it)',
    ]);
  });

  it('calls a key written null or ~ (which YAML reads as no key) an unknown key, as written', () => {
    for (const [key, said] of [['null', '"null"'], ['~', '"~"'], ['"null"', '"null"'], ["'null'", "'null'"]]) {
      expect(problems(`brands:\n  - name: Ocado\n    ${key}: 3\n`)).toEqual([`earshot.yaml:3: brands[0].null: unknown key ${said}`]);
    }
    // In flow style too, where the line holds other keys before it.
    expect(problems('brands:\n  - {name: Ocado, null: 3}\n')).toEqual(['earshot.yaml:2: brands[0].null: unknown key "null"']);
    expect(problems('brands:\n  - {name: Ocado, : 3}\n')).toEqual(['earshot.yaml:2: brands[0].null: no key before the ":" (a key was left out, or the line is indented wrongly)']);
  });

  it('says a YAML merge key is not read, instead of suggesting another key', () => {
    expect(problems('brands:\n  - &ocado\n    name: Ocado\n  - <<: *ocado\n    name: Tesco\n')).toEqual([
      'earshot.yaml:4: brands[1].<<: YAML merge keys (<<) are not read: write the keys out, or repeat the value with an alias',
    ]);
  });

  it('one line for one mistake: a three-letter language, a number that breaks two bounds, a handle that is no string', () => {
    expect(problems('brands:\n  - name: Ocado\n    languages: [eng]\n    handles: [{x: 1}]\nalerts:\n  baseline: 99999999999999999999\n')).toEqual([
      'earshot.yaml:3: brands[0].languages[0]: expected a two-letter language code such as en, de, pl',
      'earshot.yaml:4: brands[0].handles[0]: expected string, received object',
      'earshot.yaml:6: alerts.baseline: expected a whole number from 3 to 500',
    ]);
  });
});

describe('files', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-config-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text = 'brands: [{ name: Ocado }]\n'): string {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  describe('loadConfigFile', () => {
    it('reads a YAML file and resolves relative paths against its directory', () => {
      const path = write('conf/earshot.yaml', VALID_YAML);
      const config = loadConfigFile(path, {});
      expect(config.file).toBe(path);
      expect(config.baseDir).toBe(join(dir, 'conf'));
      expect(config.brands.map((b) => b.name)).toEqual(['Ocado', 'Tesco']);
    });

    it('reads a JSON file', () => {
      const path = write('earshot.json', VALID_JSON);
      expect(loadConfigFile(path, {}).sources.map((s) => s.name)).toEqual(['feed-1', 'feed-2', 'hackernews', 'exports']);
    });

    it('labels problems with the file name', () => {
      const path = write('custom.yml', 'brands: []\n');
      expect(configError(() => loadConfigFile(path, {})).problems).toEqual(['custom.yml:1: brands: expected at least one brand']);
    });

    it('reports a file it cannot read', () => {
      const path = join(dir, 'missing.yaml');
      const err = configError(() => loadConfigFile(path, {}));
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toContain(path);
      expect(err.problems[0]).toContain('ENOENT');
    });
  });

  describe('findConfigFile', () => {
    it('prefers the flag over EARSHOT_CONFIG and ./earshot.yaml', () => {
      write('earshot.yaml');
      write('from-env.yaml');
      const flagged = write('sub/from-flag.yaml');
      expect(findConfigFile({ flag: 'sub/from-flag.yaml', env: { EARSHOT_CONFIG: 'from-env.yaml' }, cwd: dir })).toBe(flagged);
    });

    it('uses EARSHOT_CONFIG over ./earshot.yaml', () => {
      write('earshot.yaml');
      const fromEnv = write('from-env.yaml');
      expect(findConfigFile({ env: { EARSHOT_CONFIG: 'from-env.yaml' }, cwd: dir })).toBe(fromEnv);
    });

    it('accepts an absolute path', () => {
      const other = mkdtempSync(join(tmpdir(), 'earshot-other-'));
      try {
        const path = join(other, 'x.yaml');
        writeFileSync(path, 'brands: [{ name: Ocado }]\n');
        expect(findConfigFile({ flag: path, env: {}, cwd: dir })).toBe(path);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('falls back to ./earshot.yaml, .yml or .json, and refuses to pick one of two', () => {
      for (const name of ['earshot.yaml', 'earshot.yml', 'earshot.json']) {
        const file = write(name);
        expect(findConfigFile({ env: {}, cwd: dir })).toBe(file);
        rmSync(file);
      }
      write('earshot.yml');
      write('earshot.json');
      expect(configError(() => findConfigFile({ env: {}, cwd: dir })).problems).toEqual([
        'earshot.yml and earshot.json are both here, and which to read is unclear: remove one, or pass --config FILE',
      ]);
      // Named, either is read.
      expect(findConfigFile({ flag: 'earshot.json', env: {}, cwd: dir })).toBe(join(dir, 'earshot.json'));
    });

    it('returns null when there is no config', () => {
      expect(findConfigFile({ env: {}, cwd: dir })).toBeNull();
    });

    it.each([
      ['flag', { flag: 'nope.yaml', env: {} }],
      ['EARSHOT_CONFIG', { env: { EARSHOT_CONFIG: 'nope.yaml' } }],
    ])('reports a missing file named by the %s, even when ./earshot.yaml exists', (_, input) => {
      write('earshot.yaml');
      const err = configError(() => findConfigFile({ ...input, cwd: dir }));
      expect(err.problems).toEqual(['nope.yaml: no such config file']);
    });

    it('ignores an empty EARSHOT_CONFIG', () => {
      const yaml = write('earshot.yaml');
      expect(findConfigFile({ env: { EARSHOT_CONFIG: '' }, cwd: dir })).toBe(yaml);
    });
  });
});
