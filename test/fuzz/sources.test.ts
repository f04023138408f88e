import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { EarshotError } from '../../src/errors.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import { createLogger } from '../../src/log.js';
import { getSource } from '../../src/sources/index.js';
import type { Post } from '../../src/types.js';
import { seededRandom } from '../helpers/builders.js';
import { FIXTURES_DIR } from '../helpers/serve-fixtures.js';
import { mutateBytes, mutateJsonText, type Rand } from './mutate.js';

/** Mutated inputs per parser: enough to find crashes, few enough to keep the suite quick. */
const ITERATIONS = 40;

/** One source fed mutated fixtures; `routes` maps a path fragment to the fixture it answers with. */
interface FuzzCase {
  name: string;
  yaml: (url: string) => string;
  routes: [fragment: string, fixture: string][];
}

const HTTP_CASES: FuzzCase[] = [
  { name: 'feed (RSS)', yaml: (u) => `type: feed\n    url: ${u}/feed`, routes: [['/feed', 'feed/rss.xml']] },
  { name: 'feed (Atom)', yaml: (u) => `type: feed\n    url: ${u}/feed`, routes: [['/feed', 'feed/atom.xml']] },
  { name: 'feed (JSON Feed)', yaml: (u) => `type: feed\n    url: ${u}/feed`, routes: [['/feed', 'feed/jsonfeed.json']] },
  { name: 'hackernews', yaml: (u) => `type: hackernews\n    baseUrl: ${u}\n    query: ocado`, routes: [['/', 'hackernews/search-page-0.json']] },
  { name: 'mastodon', yaml: (u) => `type: mastodon\n    baseUrl: ${u}\n    token: \${SECRET}`, routes: [['/search', 'mastodon/search-ocado.json'], ['/', 'mastodon/tag-ocado.json']] },
  {
    name: 'bluesky',
    yaml: (u) => `type: bluesky\n    baseUrl: ${u}\n    handle: ocadowatch.bsky.social\n    appPassword: \${SECRET}`,
    routes: [
      ['createSession', 'bluesky/session.json'],
      ['getProfiles', 'bluesky/profiles.json'],
      ['/', 'bluesky/search-page-1.json'],
    ],
  },
  { name: 'reddit (feeds)', yaml: (u) => `type: reddit\n    baseUrl: ${u}\n    subreddits: [r/ocado]`, routes: [['/', 'reddit/new-feed.xml']] },
  {
    name: 'reddit (API)',
    yaml: (u) => `type: reddit\n    baseUrl: ${u}\n    apiBaseUrl: ${u}\n    subreddits: [ocado]\n    clientId: c\n    clientSecret: \${SECRET}`,
    routes: [
      ['access_token', 'reddit/token.json'],
      ['comments', 'reddit/api-comments.json'],
      ['/search', 'reddit/api-search.json'],
      ['/', 'reddit/api-new-page-1.json'],
    ],
  },
  { name: 'x', yaml: (u) => `type: x\n    baseUrl: ${u}\n    token: \${SECRET}`, routes: [['/', 'x/search-page-1.json']] },
  { name: 'stackexchange', yaml: (u) => `type: stackexchange\n    baseUrl: ${u}\n    query: ocado`, routes: [['/', 'stackexchange/search-page-1.json']] },
  {
    name: 'github',
    yaml: (u) => `type: github\n    baseUrl: ${u}\n    query: ocado\n    token: \${SECRET}`,
    routes: [
      ['/comments', 'github/issue-212-comments.json'],
      ['/', 'github/search-issues-page-1.json'],
    ],
  },
  {
    name: 'youtube',
    yaml: (u) => `type: youtube\n    baseUrl: ${u}\n    query: ocado\n    key: \${SECRET}\n    maxPages: 2`,
    routes: [
      ['commentThreads', 'youtube/comments-Qm3vT8aLp0E-page-1.json'],
      ['/', 'youtube/search-page-1.json'],
    ],
  },
];

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8' };
const fixtureText = (file: string) => readFileSync(join(FIXTURES_DIR, file), 'utf8');

/** A mutated fixture: JSON damaged structurally (and sometimes bytewise), anything else bytewise. */
function mutated(rand: Rand, file: string): Buffer {
  const text = fixtureText(file);
  if (extname(file) === '.json' && rand() < 0.8) return mutateJsonText(rand, text);
  return mutateBytes(rand, Buffer.from(text));
}

/** What a source may return: well-formed posts only, whatever it was fed. */
function expectWellFormed(posts: Post[]): void {
  for (const p of posts) {
    expect(typeof p.id === 'string' && p.id.length > 0, JSON.stringify(p).slice(0, 300)).toBe(true);
    expect(typeof p.text).toBe('string');
    expect(Number.isNaN(Date.parse(p.createdAt)), `createdAt ${p.createdAt}`).toBe(false);
  }
}

/** Runs a source's fetch; it may succeed or fail with a typed error, never anything else. */
async function fetchExpectingTypedOutcome(yaml: string, baseDir: string, http: HttpClient, label: string): Promise<'ok' | 'error'> {
  const config = parseConfig({ source: yaml, file: join(baseDir, 'earshot.yaml'), env: { SECRET: 'fuzz-secret-0042' } });
  const sourceConfig = config.sources[0]!;
  try {
    const result = await getSource(sourceConfig.type).fetch({
      config: sourceConfig,
      cursor: null,
      http,
      log: createLogger({ write: () => {} }),
      terms: ['Ocado'],
      baseDir,
      now: new Date('2026-03-03T00:00:00Z'),
    } as never);
    expectWellFormed(result.posts);
    return 'ok';
  } catch (err) {
    if (!(err instanceof EarshotError)) throw new Error(`${label}: untyped ${(err as Error)?.name}: ${(err as Error)?.message}\n${(err as Error)?.stack}`);
    if (process.env.FUZZ_DEBUG) console.log(label, err.message.slice(0, 200));
    return 'error';
  }
}

const configYaml = (sourceYaml: string) => `brands:\n  - name: Ocado\nsources:\n  - name: fuzzed\n    ${sourceYaml}\n`;

describe('fuzz: every HTTP source fed mutated fixtures fails cleanly or returns well-formed posts', () => {
  let server: Server;
  let url: string;
  let http: HttpClient;
  let answer: (path: string) => { body: Buffer; type: string };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const { body, type } = answer(req.url ?? '/');
      res.writeHead(200, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    http = createHttpClient({ retries: 0 });
  });
  afterAll(async () => {
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(HTTP_CASES)('$name', async (c) => {
    const rand = seededRandom(c.name.length * 7919 + c.name.charCodeAt(0));
    answer = (path) => {
      const file = c.routes.find(([fragment]) => path.includes(fragment))![1];
      return { body: mutated(rand, file), type: CONTENT_TYPES[extname(file)] ?? 'text/plain' };
    };
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < ITERATIONS; i++) outcomes[await fetchExpectingTypedOutcome(configYaml(c.yaml(url)), FIXTURES_DIR, http, `${c.name} #${i}`)]++;
    expect(outcomes.ok + outcomes.error).toBe(ITERATIONS);
  });
});

/** Local sources: the mutated fixture is written to a temp file the source then reads. */
const FILE_CASES: { name: string; fixture: string; file: string; yaml: string }[] = [
  { name: 'file (JSONL)', fixture: 'files/posts.jsonl', file: 'in.jsonl', yaml: 'type: file\n    path: in.jsonl' },
  { name: 'file (CSV)', fixture: 'files/posts.csv', file: 'in.csv', yaml: 'type: file\n    path: in.csv' },
  { name: 'email (mbox)', fixture: 'email/inbox.mbox', file: 'in.mbox', yaml: 'type: email\n    path: in.mbox' },
  { name: 'email (eml)', fixture: 'email/folder/praise.eml', file: 'in.eml', yaml: 'type: email\n    path: in.eml' },
  { name: 'transcript (WebVTT)', fixture: 'transcript/call-0193.vtt', file: 'in.vtt', yaml: 'type: transcript\n    path: in.vtt' },
  { name: 'transcript (JSON)', fixture: 'transcript/call-0201.json', file: 'in.json', yaml: 'type: transcript\n    path: in.json' },
  { name: 'transcript (Contact Lens JSON)', fixture: 'transcript/contact-lens-0207.json', file: 'in.json', yaml: 'type: transcript\n    path: in.json' },
  { name: 'transcript (JSONL)', fixture: 'transcript/calls.jsonl', file: 'in.jsonl', yaml: 'type: transcript\n    path: in.jsonl' },
];

describe('fuzz: every local source fed mutated files fails cleanly or returns well-formed posts', () => {
  let dir: string;
  let http: HttpClient;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-fuzz-'));
    http = createHttpClient({ retries: 0 });
  });
  afterAll(async () => {
    await http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(FILE_CASES)('$name', async (c) => {
    const rand = seededRandom(c.name.length * 104729 + c.name.charCodeAt(3));
    for (let i = 0; i < ITERATIONS; i++) {
      writeFileSync(join(dir, c.file), mutated(rand, c.fixture));
      await fetchExpectingTypedOutcome(configYaml(c.yaml), dir, http, `${c.name} #${i}`);
    }
  });
});
