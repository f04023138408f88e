import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const FILE = '/configs/earshot.yaml';
const ENV = { MASTO_TOKEN: 'm-token-value-123', BSKY_PASSWORD: 'abcd-efgh-ijkl-mnop', REDDIT_SECRET: 'r-secret-value-456', X_TOKEN: 'x-token-value-789' };

function parse(sources: string, env: NodeJS.ProcessEnv = ENV) {
  return parseConfig({ source: `brands:\n  - name: Ocado\nsources:\n${sources}`, file: FILE, env });
}

function problems(sources: string, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    parse(sources, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config: mastodon, bluesky, reddit and x sources', () => {
  it('fills in the defaults and substitutes credentials from the environment', () => {
    const { sources } = parse(`  - type: mastodon
    token: \${MASTO_TOKEN}
  - type: bluesky
    handle: ocadowatch.bsky.social
    appPassword: \${BSKY_PASSWORD}
  - type: reddit
    subreddits: [r/ocado, grocery]
  - type: x
    token: \${X_TOKEN}
`);
    expect(sources).toEqual([
      { type: 'mastodon', name: 'mastodon', channel: 'social', baseUrl: 'https://mastodon.social', token: ENV.MASTO_TOKEN, maxPages: 10 },
      {
        type: 'bluesky',
        name: 'bluesky',
        channel: 'social',
        baseUrl: 'https://bsky.social',
        handle: 'ocadowatch.bsky.social',
        appPassword: ENV.BSKY_PASSWORD,
        maxPages: 10,
      },
      {
        type: 'reddit',
        name: 'reddit',
        channel: 'forum',
        baseUrl: 'https://www.reddit.com',
        apiBaseUrl: 'https://oauth.reddit.com',
        subreddits: ['r/ocado', 'grocery'],
        maxPages: 10,
      },
      { type: 'x', name: 'x', channel: 'social', baseUrl: 'https://api.x.com', token: ENV.X_TOKEN, maxPages: 5 },
    ]);
  });

  it('refuses a credential written into the file, without repeating it', () => {
    const found = problems(`  - type: x
    token: AAAAliteralBearer
  - type: bluesky
    handle: a.bsky.social
    appPassword: "pass-\${BSKY_PASSWORD}"
  - type: reddit
    clientId: abc
    clientSecret: literal-secret
`);
    expect(found).toEqual([
      'earshot.yaml:5: sources[0].token: write the credential as ${ENV_VAR} and set ENV_VAR in the environment, not in this file',
      'earshot.yaml:8: sources[1].appPassword: write the credential as ${ENV_VAR} and set ENV_VAR in the environment, not in this file',
      'earshot.yaml:11: sources[2].clientSecret: write the credential as ${ENV_VAR} and set ENV_VAR in the environment, not in this file',
    ]);
    expect(found.join('\n')).not.toMatch(/AAAAliteralBearer|literal-secret/);
  });

  it('says which environment variable is missing', () => {
    expect(problems(`  - type: x\n    token: \${X_TOKEN}\n`, {})).toContain('earshot.yaml:5: sources[0].token: environment variable X_TOKEN is not set');
  });

  it('wants both reddit OAuth keys or neither', () => {
    expect(problems(`  - type: reddit\n    clientId: abc\n`)).toEqual(['earshot.yaml:4: sources[0].clientSecret: expected both clientId and clientSecret, or neither']);
  });

  it('checks subreddit names and suggests near-miss keys', () => {
    expect(problems(`  - type: reddit\n    subreddits: ["r/no spaces"]\n  - type: mastodon\n    hashtag: [ocado]\n`)).toEqual([
      'earshot.yaml:5: sources[0].subreddits[0]: expected a subreddit name such as r/productivity',
      'earshot.yaml:7: sources[1].hashtag: unknown key (did you mean "hashtags"?)',
    ]);
  });

  it('lists every source type when one is unknown', () => {
    expect(problems(`  - type: threads\n`)[0]).toMatch(/expected type to be one of .*mastodon, bluesky, reddit, x/);
  });
});
