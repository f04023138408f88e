import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { createHttpClient, HttpStatusError, type HttpClient, type HttpClientInput } from '../../src/http/client.js';
import { DeadlineError, withDeadline } from '../../src/http/deadline.js';
import { serveFixtures, type FixtureServer, type Routes } from '../helpers/serve-fixtures.js';

let server: FixtureServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

async function setup(routes: Routes, input: HttpClientInput = {}) {
  server = await serveFixtures(routes);
  client = createHttpClient({ retries: 2, minRetryMs: 5, ...input });
  return { server, client };
}

async function requestError<E extends Error = SourceError>(promise: Promise<unknown>, type: new (...args: never[]) => E = SourceError as never): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}

describe('createHttpClient: the per-host rate limiter', () => {
  it('asks a host nothing more once its headers say the window is spent, and says when to come back', async () => {
    const spent = { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '1', 'x-ratelimit-reset': '3600' };
    const { server, client } = await setup({ '/a': { body: 'ok', headers: spent }, '/b': { body: 'ok' } });
    expect((await client.request(`${server.url}/a`)).body).toBe('ok');
    const err = await requestError(client.request(`${server.url}/b?q=secret`));
    expect(err.message).toMatch(/^127\.0\.0\.1:\d+\/b: rate limited; retry after \d{4}-\d\d-\d\dT[\d:]+Z \(in 3600 s\)$/);
    expect(server.requests.map((r) => r.path)).toEqual(['/a']);
  });

  it('carries on at once when the window has already reset', async () => {
    const reset = { 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(Date.now() / 1000) - 1) };
    const { server, client } = await setup({ '/a': { body: 'ok', headers: reset }, '/b': { body: 'ok' } });
    await client.request(`${server.url}/a`);
    expect((await client.request(`${server.url}/b`)).body).toBe('ok');
  });

  it('holds the other requests to a host that answered 429, then lets them through', async () => {
    const { server, client } = await setup({
      '/a': [{ status: 429, headers: { 'retry-after': '0' } }, { body: 'a' }],
      '/b': { body: 'b' },
    });
    const bodies = await Promise.all([client.request(`${server.url}/a`), client.request(`${server.url}/b`)]);
    expect(bodies.map((r) => r.body)).toEqual(['a', 'b']);
  });
});

describe('withDeadline', () => {
  it('fails a request still running at the deadline', async () => {
    const { server, client } = await setup({ '/slow': { delayMs: 5_000, body: 'late' } });
    const err = await requestError(withDeadline(client, 100).request(`${server.url}/slow?token=x`), DeadlineError);
    expect(err.message).toMatch(/^scan deadline \(0\.1 s\) reached fetching 127\.0\.0\.1:\d+\/slow$/);
  });

  it('fails a body still arriving at the deadline', async () => {
    const { server, client } = await setup({ '/trickle': { body: 'x'.repeat(100), bodyDelayMs: 5_000 } }, { bodyTimeoutMs: 60_000 });
    const err = await requestError(withDeadline(client, 100).request(`${server.url}/trickle`), DeadlineError);
    expect(err.message).toMatch(/^scan deadline \(0\.1 s\) reached fetching /);
  });

  it('will not wait for a host past the deadline', async () => {
    const { server, client } = await setup({ '/a': { body: 'ok' }, '/b': { body: 'ok' } }, { minIntervalMs: { '127.0.0.1': 3_600_000 } });
    const scoped = withDeadline(client, 1_000);
    await scoped.request(`${server.url}/a`);
    const err = await requestError(scoped.request(`${server.url}/b`), DeadlineError);
    expect(err.message).toMatch(
      /^scan deadline \(1 s\) reached waiting 3600 s for 127\.0\.0\.1:\d+ \(the least interval between requests\) before 127\.0\.0\.1:\d+\/b$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('will not wait out a Retry-After past the deadline', async () => {
    const { server, client } = await setup({ '/a': { status: 429, headers: { 'retry-after': '30' } } });
    const err = await requestError(withDeadline(client, 1_000).request(`${server.url}/a`), DeadlineError);
    expect(err.message).toMatch(/reached waiting 30 s for 127\.0\.0\.1:\d+ \(its rate limit\) before /);
    expect(server.requests).toHaveLength(1);
  });

  it('will not back off past the deadline', async () => {
    const { server, client } = await setup({ '/down': { status: 500 } }, { minRetryMs: 5_000 });
    const err = await requestError(withDeadline(client, 1_000).request(`${server.url}/down`), DeadlineError);
    expect(err.message).toMatch(/^scan deadline \(1 s\) reached retrying 127\.0\.0\.1:\d+\/down$/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('HttpStatusError', () => {
  it('keeps the status, headers and body so a source can explain them', async () => {
    const { server, client } = await setup({
      '/x': { status: 401, body: '{"error":"ExpiredToken"}', headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
    });
    const err = await requestError(client.request(`${server.url}/x`), HttpStatusError);
    expect(err).toMatchObject({ status: 401, body: '{"error":"ExpiredToken"}' });
    expect(err.headers['www-authenticate']).toBe('Bearer');
    expect(err.explain('ExpiredToken', 'log in again').message).toMatch(/^HTTP 401 from 127\.0\.0\.1:\d+\/x \(ExpiredToken\): log in again$/);
  });

  it('keeps only the start of a huge error page, decompressed', async () => {
    const { server, client } = await setup({ '/blocked': { status: 403, body: `<title>Blocked</title>${'x'.repeat(1_000_000)}`, gzip: true } });
    const err = await requestError(client.request(`${server.url}/blocked`), HttpStatusError);
    expect(err.body.startsWith('<title>Blocked</title>')).toBe(true);
    expect(err.body.length).toBeLessThanOrEqual(256 * 1024);
  });
});
