import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { createHttpClient, HttpStatusError, type HttpClient, type HttpClientInput } from '../../src/http/client.js';
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

async function requestError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

describe('createHttpClient', () => {
  it('returns status, lower-cased headers and the UTF-8 body, sending our user agent', async () => {
    const { server, client } = await setup({
      '/hello': { body: 'Grüße from Ocado', headers: { 'X-Custom': 'yes', 'content-type': 'text/plain' } },
    });
    const res = await client.request(`${server.url}/hello`, { headers: { Accept: 'text/plain' } });
    expect(res).toMatchObject({ status: 200, body: 'Grüße from Ocado', url: `${server.url}/hello` });
    expect(res.headers['x-custom']).toBe('yes');
    const sent = server.requests[0]!.headers;
    expect(sent['user-agent']).toMatch(/^earshot\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/earshot-cli\/earshot\)$/);
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent['accept']).toBe('text/plain');
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateRawSync],
  ])('decompresses a %s body', async (encoding, compress) => {
    const text = 'Ocado delivered everything on time. '.repeat(50);
    const { server, client } = await setup({
      '/z': { body: compress(Buffer.from(text)), headers: { 'content-encoding': encoding } },
    });
    const res = await client.request(`${server.url}/z`);
    expect(res.body).toBe(text);
  });

  it('decompresses a gzip fixture served by the helper', async () => {
    const { server, client } = await setup({ '/feed.xml': { file: 'feed/rss.xml', gzip: true } });
    const res = await client.request(`${server.url}/feed.xml`);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body).toContain('<title>Ocado app update wipes saved baskets</title>');
  });

  it('retries a 429 after its Retry-After and returns the success', async () => {
    const { server, client } = await setup({
      '/limited': [{ status: 429, headers: { 'retry-after': '0' } }, { body: 'ok' }],
    });
    const res = await client.request(`${server.url}/limited`);
    expect(res.body).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 503 with Retry-After as a rate limit', async () => {
    const { server, client } = await setup({
      '/busy': [{ status: 503, headers: { 'retry-after': '0' } }, { body: 'ok' }],
    });
    expect((await client.request(`${server.url}/busy`)).body).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 403 with Retry-After as a rate limit (GitHub\'s secondary limit)', async () => {
    const { server, client } = await setup({
      '/search': [{ status: 403, headers: { 'retry-after': '0' }, body: '{"message":"You have exceeded a secondary rate limit."}' }, { body: 'ok' }],
    });
    expect((await client.request(`${server.url}/search`)).body).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['requests left', { 'x-ratelimit-remaining': '4999' }],
    // Any refusal that used the window's last request says so: it is still a refusal, not a limit.
    ['the window spent', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) }],
  ])('does not retry a 403 without Retry-After, %s', async (_, headers) => {
    const { server, client } = await setup({ '/private': { status: 403, headers, body: 'Resource not accessible by integration' } });
    const err = await requestError(client.request(`${server.url}/private`));
    expect(err.message).toMatch(/^HTTP 403 from 127\.0\.0\.1:\d+\/private/);
    expect(err.message).not.toContain('rate limited');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['seconds', () => '7200'],
    ['an HTTP date', () => new Date(Date.now() + 2 * 3600_000).toUTCString()],
  ])('fails at once, saying when to retry, when Retry-After (%s) is too long', async (_, retryAfter) => {
    const { server, client } = await setup({ '/limited': { status: 429, headers: { 'retry-after': retryAfter() } } });
    const err = await requestError(client.request(`${server.url}/limited`));
    expect(err.message).toMatch(/^HTTP 429 from 127\.0\.0\.1:\d+\/limited: rate limited; retry after \d{4}-\d\d-\d\dT[\d:]+Z \(in \d+ s\)$/);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a 429 that persists, after the configured retries', async () => {
    const { server, client } = await setup({ '/limited': { status: 429, headers: { 'retry-after': '0' } } });
    const err = await requestError(client.request(`${server.url}/limited`));
    expect(err.message).toMatch(/^HTTP 429 from 127\.0\.0\.1:\d+\/limited: rate limited; retry after /);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 500 and returns the success', async () => {
    const { server, client } = await setup({ '/flaky': [{ status: 500 }, { status: 502 }, { body: 'ok' }] });
    expect((await client.request(`${server.url}/flaky`)).body).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('throws after retries when the 500s persist', async () => {
    const { server, client } = await setup({ '/down': { status: 500, body: 'Internal error' } });
    const err = await requestError(client.request(`${server.url}/down`));
    expect(err.message).toMatch(/^HTTP 500 from 127\.0\.0\.1:\d+\/down$/);
    expect(server.requests).toHaveLength(3);
  });

  it('does not resend a POST after a 500', async () => {
    const { server, client } = await setup({ '/submit': [{ status: 500 }, { body: 'ok' }] });
    await requestError(client.request(`${server.url}/submit`, { method: 'POST', body: '{}' }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe('POST');
  });

  it('throws a one-line SourceError for a 404 without the query string', async () => {
    const { server, client } = await setup({});
    const err = await requestError(client.request(`${server.url}/missing/feed.xml?token=s3cret&user=me`));
    expect(err.message).toMatch(/^HTTP 404 from 127\.0\.0\.1:\d+\/missing\/feed\.xml$/);
    expect(err.message).not.toContain('s3cret');
    expect(server.requests).toHaveLength(1);
  });

  it('returns a 304 as a response', async () => {
    const { server, client } = await setup({ '/feed': { body: 'x', etag: '"v1"' } });
    const res = await client.request(`${server.url}/feed`, { headers: { 'if-none-match': '"v1"' } });
    expect(res.status).toBe(304);
    expect(res.body).toBe('');
  });

  it('follows redirects', async () => {
    const { server, client } = await setup({
      '/old': { status: 301, headers: { location: '/new' } },
      '/new': { body: 'moved here' },
    });
    expect((await client.request(`${server.url}/old`)).body).toBe('moved here');
    expect(server.requests.map((r) => r.path)).toEqual(['/old', '/new']);
  });

  it('stops after five redirects', async () => {
    const hops: Routes = {};
    for (let n = 0; n < 10; n++) hops[`/hop?n=${n}`] = { status: 302, headers: { location: `/hop?n=${n + 1}` } };
    const { server, client } = await setup(hops);
    const err = await requestError(client.request(`${server.url}/hop?n=0`));
    expect(err.message).toMatch(/^HTTP 302 from 127\.0\.0\.1:\d+\/hop: more than 5 redirects \(the last to 127\.0\.0\.1:\d+\/hop\)$/);
    expect(server.requests).toHaveLength(6);
  });

  it('says a redirect loop is one, in its own words', async () => {
    const { server, client } = await setup({ '/loop': { status: 302, headers: { location: '/loop' } } });
    const err = await requestError(client.request(`${server.url}/loop`));
    expect(err.message).toMatch(/^cannot fetch 127\.0\.0\.1:\d+\/loop: it redirects in a loop$/);
  });

  it('retries a reset connection', async () => {
    const { server, client } = await setup({ '/reset': [{ reset: true }, { body: 'ok' }] });
    expect((await client.request(`${server.url}/reset`)).body).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('reports a connection that keeps failing', async () => {
    const { server, client } = await setup({ '/reset': { reset: true } });
    const err = await requestError(client.request(`${server.url}/reset`));
    expect(err.message).toMatch(/^cannot fetch 127\.0\.0\.1:\d+\/reset: .+ \(after 3 attempts\)$/);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    client = createHttpClient({ retries: 1, minRetryMs: 5 });
    const err = await requestError(client.request(`http://127.0.0.1:${port}/feed?key=abc`));
    expect(err.message).toContain(`cannot fetch 127.0.0.1:${port}/feed: `);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).not.toContain('key=abc');
  });

  it('retries a body that stalls past the body timeout', async () => {
    const { server, client } = await setup(
      { '/slow': [{ body: 'slow body', bodyDelayMs: 5_000 }, { body: 'fast body' }] },
      { bodyTimeoutMs: 100 },
    );
    expect((await client.request(`${server.url}/slow`)).body).toBe('fast body');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up when headers never arrive', async () => {
    const { server, client } = await setup({ '/hang': { delayMs: 5_000, body: 'late' } }, { headersTimeoutMs: 100, retries: 1 });
    const err = await requestError(client.request(`${server.url}/hang`));
    expect(err.message).toMatch(/^cannot fetch 127\.0\.0\.1:\d+\/hang: .*UND_ERR_HEADERS_TIMEOUT/);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a body over the size cap', async () => {
    const { server, client } = await setup({ '/big': { body: 'x'.repeat(5_000) } }, { maxBodyBytes: 1_000 });
    const err = await requestError(client.request(`${server.url}/big`));
    expect(err.message).toMatch(/^response from 127\.0\.0\.1:\d+\/big is larger than 1000 bytes$/);
  });

  it('refuses a body that decompresses past the size cap', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    expect(bomb.length).toBeLessThan(10_000);
    const { server, client } = await setup(
      { '/bomb': { body: bomb, headers: { 'content-encoding': 'gzip' } } },
      { maxBodyBytes: 10_000 },
    );
    const err = await requestError(client.request(`${server.url}/bomb`));
    expect(err.message).toMatch(/is larger than 10000 bytes after decompression$/);
  });

  it('keeps the start of a gzipped error body bigger than the error-body cut when compressed (B7)', async () => {
    // Random text barely compresses: over 256 KB even gzipped.
    const noise = Array.from({ length: 600_000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) ^ (i >> 3)) % 90)).join('');
    const body = gzipSync(Buffer.from(`{"message":"blocked"}${noise}`));
    expect(body.length).toBeGreaterThan(256 * 1024);
    const { server, client } = await setup({ '/big': { status: 403, body, headers: { 'content-encoding': 'gzip' } } });
    const err = await requestError(client.request(`${server.url}/big`));
    expect((err as HttpStatusError).body.startsWith('{"message":"blocked"}')).toBe(true);
    expect((err as HttpStatusError).body).toHaveLength(256 * 1024);
  });
});
