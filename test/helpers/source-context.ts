import type { NamedSourceConfig } from '../../src/config/schema.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import { createLogger } from '../../src/log.js';
import type { SourceContext } from '../../src/sources/source.js';
import type { Cursor } from '../../src/types.js';
import { FIXTURES_DIR } from './serve-fixtures.js';

export interface TestContext<C extends NamedSourceConfig> extends SourceContext<C> {
  /** Every line the logger wrote (warnings are prefixed `warning: `). */
  lines: string[];
}

export interface TestContextInput<C extends NamedSourceConfig> {
  config: C;
  cursor?: Cursor | null;
  http?: HttpClient;
  terms?: string[];
  accounts?: SourceContext['accounts'];
  baseDir?: string;
  now?: Date;
}

/** A client for 127.0.0.1 servers: millisecond backoff so retry tests stay quick. */
export function createTestHttpClient(): HttpClient {
  return createHttpClient({ retries: 2, minRetryMs: 5 });
}

/** A SourceContext with a real logger whose lines are collected for assertions. */
export function makeSourceContext<C extends NamedSourceConfig>(input: TestContextInput<C>): TestContext<C> {
  const lines: string[] = [];
  return {
    config: input.config,
    cursor: input.cursor ?? null,
    http: input.http ?? createTestHttpClient(),
    log: createLogger({ verbose: true, write: (line) => lines.push(line) }),
    terms: input.terms ?? ['Ocado'],
    accounts: input.accounts,
    baseDir: input.baseDir ?? FIXTURES_DIR,
    now: input.now ?? new Date('2026-03-03T00:00:00Z'),
    lines,
  };
}
