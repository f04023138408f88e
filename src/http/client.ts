import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, interceptors, type Dispatcher } from 'undici';
import { SourceError } from '../errors.js';

/** A fully read, decompressed response; only 2xx and 304 ever come back. */
export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Decoded as UTF-8 (a leading BOM is dropped). */
  body: string;
  /** The URL as requested; redirects are followed transparently. */
  url: string;
}

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
}

/** The one way earshot talks HTTP: timeouts, redirects, retries, size caps and decompression. */
export interface HttpClient {
  /** Resolves with 2xx/304 responses; throws SourceError for anything else. */
  request(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpClientInput {
  userAgent?: string;
  /** Extra attempts after the first, for network errors, 5xx and 429. */
  retries?: number;
  /** First backoff delay; doubles on each retry. */
  minRetryMs?: number;
  /** Longest Retry-After we wait for; longer ones fail with the time to come back. */
  maxRetryAfterMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Cap on the body, both as sent and after decompression. */
  maxBodyBytes?: number;
}

const HEADERS_TIMEOUT_MS = 15_000;
const BODY_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTIONS = 5;
/** Per origin: be polite to the sites we poll. */
const CONNECTIONS_PER_ORIGIN = 4;
const DEFAULT_RETRIES = 2;
const MIN_RETRY_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
/** Errors where the server cannot have seen the request, so even a POST may be resent. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };
export const DEFAULT_USER_AGENT = `earshot/${version} (+https://github.com/earshot-cli/earshot)`;

interface ClientSettings {
  userAgent: string;
  retries: number;
  minRetryMs: number;
  maxRetryAfterMs: number;
  maxBodyBytes: number;
}

export function createHttpClient(input: HttpClientInput = {}): HttpClient {
  const agent = new Agent({
    connections: CONNECTIONS_PER_ORIGIN,
    headersTimeout: input.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
    bodyTimeout: input.bodyTimeoutMs ?? BODY_TIMEOUT_MS,
    connect: { timeout: CONNECT_TIMEOUT_MS },
  });
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
  const settings: ClientSettings = {
    userAgent: input.userAgent ?? DEFAULT_USER_AGENT,
    retries: input.retries ?? DEFAULT_RETRIES,
    minRetryMs: input.minRetryMs ?? MIN_RETRY_MS,
    maxRetryAfterMs: input.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS,
    maxBodyBytes: input.maxBodyBytes ?? MAX_BODY_BYTES,
  };
  return {
    request: (url, opts = {}) => requestWithRetries({ dispatcher, settings, url: parseUrl(url), opts }),
    close: () => agent.close(),
  };
}

interface RequestInput {
  dispatcher: Dispatcher;
  settings: ClientSettings;
  url: URL;
  opts: HttpRequestOptions;
}

async function requestWithRetries({ dispatcher, settings, url, opts }: RequestInput): Promise<HttpResponse> {
  const method = opts.method ?? 'GET';
  for (let attempt = 0; ; attempt++) {
    const retriesLeft = attempt < settings.retries;
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: buildHeaders(settings.userAgent, opts.headers),
        body: opts.body,
      });
    } catch (err) {
      if (retriesLeft && isRetryableError(err, method)) {
        await sleep(backoffMs(settings.minRetryMs, attempt));
        continue;
      }
      throw networkError(url, err, attempt);
    }

    const status = res.statusCode;
    if ((status >= 200 && status < 300) || status === 304) {
      try {
        return await readResponse(res, { url, maxBytes: settings.maxBodyBytes });
      } catch (err) {
        // A body cut off mid-way is as retryable as a refused connection.
        if (retriesLeft && method === 'GET' && isRetryableError(err, method)) {
          await sleep(backoffMs(settings.minRetryMs, attempt));
          continue;
        }
        throw err instanceof SourceError ? err : networkError(url, err, attempt);
      }
    }

    await discardBody(res.body);
    const retryAfterMs = parseRetryAfter(flattenHeaders(res.headers)['retry-after']);
    const next = decideRetry({ status, retryAfterMs, method, attempt, settings, retriesLeft });
    if ('giveUp' in next) throw statusError({ status, url, retryAfterMs, rateLimited: next.rateLimited });
    await sleep(next.waitMs);
  }
}

interface RetryInput {
  status: number;
  retryAfterMs: number | null;
  method: string;
  attempt: number;
  settings: ClientSettings;
  retriesLeft: boolean;
}

type RetryDecision = { waitMs: number } | { giveUp: true; rateLimited: boolean };

/** Wait and try again, or give up on a status that is not 2xx/304. */
function decideRetry({ status, retryAfterMs, method, attempt, settings, retriesLeft }: RetryInput): RetryDecision {
  const rateLimited = status === 429 || (status === 503 && retryAfterMs !== null);
  const tooLong = retryAfterMs !== null && retryAfterMs > settings.maxRetryAfterMs;
  if (!retriesLeft || (rateLimited && tooLong)) return { giveUp: true, rateLimited };
  if (rateLimited) return { waitMs: retryAfterMs ?? backoffMs(settings.minRetryMs, attempt) };
  // A 5xx POST may have been processed already; only idempotent requests are resent.
  if (status >= 500 && method === 'GET') return { waitMs: backoffMs(settings.minRetryMs, attempt) };
  return { giveUp: true, rateLimited };
}

function buildHeaders(userAgent: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate, br' };
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  return headers;
}

/** Where a body comes from and how big it may get, for reading and for error messages. */
interface BodyLimit {
  url: URL;
  maxBytes: number;
}

async function readResponse(res: Dispatcher.ResponseData, limit: BodyLimit): Promise<HttpResponse> {
  const headers = flattenHeaders(res.headers);
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit.maxBytes) {
    await discardBody(res.body);
    throw tooLargeError(limit);
  }
  const raw = await readCapped(res.body, limit);
  const decoded = await decompress(raw, headers['content-encoding'], limit);
  return {
    status: res.statusCode,
    headers,
    body: new TextDecoder('utf-8').decode(decoded),
    url: limit.url.href,
  };
}

async function readCapped(body: Dispatcher.ResponseData['body'], limit: BodyLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit.maxBytes) {
      body.destroy();
      throw tooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** Undoes each listed content-encoding, last applied first, never growing past maxBytes. */
async function decompress(raw: Buffer, encodingHeader: string | undefined, limit: BodyLimit): Promise<Buffer> {
  const encodings = (encodingHeader ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  let data = raw;
  for (const encoding of encodings.reverse()) {
    if (data.length === 0) break;
    try {
      data = await decodeOne(data, encoding, limit.maxBytes);
    } catch (err) {
      if (isCode(err, 'ERR_BUFFER_TOO_LARGE')) throw tooLargeError(limit, ' after decompression');
      const from = describeUrl(limit.url);
      if (err instanceof SourceError) throw new SourceError(`${err.message} from ${from}`);
      throw new SourceError(`cannot decompress ${encoding} body from ${from}: ${errorText(err)}`);
    }
  }
  return data;
}

async function decodeOne(data: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  const limit = { maxOutputLength: maxBytes };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return gunzip(data, limit);
    case 'br':
      return brotliDecompress(data, limit);
    case 'deflate':
      // Some servers send raw deflate without the zlib wrapper the spec asks for.
      return inflate(data, limit).catch((err: unknown) => {
        if (isCode(err, 'ERR_BUFFER_TOO_LARGE')) throw err;
        return inflateRaw(data, limit);
      });
    default:
      throw new SourceError(`unsupported content-encoding "${encoding}"`);
  }
}

function flattenHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Undici keeps the connection busy until a body is consumed; errors here don't matter. */
async function discardBody(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump();
  } catch {
    body.destroy();
  }
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function backoffMs(minRetryMs: number, attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, minRetryMs * 2 ** attempt);
}

function isRetryableError(err: unknown, method: string): boolean {
  const code = errorCode(err);
  if (code === undefined) return false;
  return method === 'GET' ? RETRYABLE_ERROR_CODES.has(code) : NOT_SENT_ERROR_CODES.has(code);
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : errorCode(cause);
}

function isCode(err: unknown, code: string): boolean {
  return errorCode(err) === code;
}

/** An error's message with query strings cut from any URL in it (undici names redirect targets). */
function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/(https?:\/\/[^\s?#]+)\?[^\s#]*/g, '$1');
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new SourceError(`invalid URL: ${url.split('?')[0]}`);
  }
}

/** host + path only: query strings and user info can hold credentials. */
export function describeUrl(url: URL): string {
  return url.host + url.pathname;
}

interface StatusErrorInput {
  status: number;
  url: URL;
  retryAfterMs: number | null;
  rateLimited: boolean;
}

/** `HTTP 429 from host/path: rate limited; retry after 2026-03-02T15:00:00Z (in 120 s)` */
function statusError({ status, url, retryAfterMs, rateLimited }: StatusErrorInput): SourceError {
  const limited = rateLimited ? ': rate limited' : '';
  const when = retryAfterMs === null ? '' : `; retry after ${retryTime(retryAfterMs)}`;
  return new SourceError(`HTTP ${status} from ${describeUrl(url)}${limited}${when}`);
}

function retryTime(delayMs: number): string {
  const at = new Date(Date.now() + delayMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${at} (in ${Math.ceil(delayMs / 1000)} s)`;
}

function tooLargeError({ url, maxBytes }: BodyLimit, when = ''): SourceError {
  return new SourceError(`response from ${describeUrl(url)} is larger than ${maxBytes} bytes${when}`);
}

function networkError(url: URL, err: unknown, attempt: number): SourceError {
  const code = errorCode(err);
  const detail = code && !errorText(err).includes(code) ? `${code} ${errorText(err)}` : errorText(err);
  const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
  return new SourceError(`cannot fetch ${describeUrl(url)}: ${detail}${tries}`);
}
