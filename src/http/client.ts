import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Agent, Dispatcher } from 'undici';
import { SourceError } from '../errors.js';
import { deadlineError, type Deadline } from './deadline.js';
import { createRateLimiter, parseRetryAfter, rateLimitedUntil, type PlannedWait, type RateLimiter } from './rate-limit.js';

export { parseRetryAfter } from './rate-limit.js';

/** A fully read, decompressed response; only 2xx and 304 ever come back. */
export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Decoded as UTF-8 (a leading BOM is dropped). */
  body: string;
  /**
   * The decompressed bytes, for a caller that must pick the charset itself (feeds in ISO-8859-1
   * and the like). Optional so HttpClients written before it still fit.
   */
  bytes?: Buffer;
  /** The URL as requested; redirects are followed transparently. */
  url: string;
}

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  /** The scan's deadline (see withDeadline): the request, its retries and waits all end by then. */
  deadline?: Deadline;
}

/** A status that is not 2xx/304, with the start of its body so sources can explain it. */
export class HttpStatusError extends SourceError {
  constructor(
    message: string,
    readonly status: number,
    /** Lower-cased names. */
    readonly headers: Record<string, string>,
    /** At most MAX_ERROR_BODY_BYTES of it, decoded; '' when unreadable. */
    readonly body: string,
  ) {
    super(message);
  }

  /** The same error with what the server said after the status, and advice at the end. */
  explain(said: string | undefined, advice?: string): HttpStatusError {
    const detail = said?.trim() ? ` (${said.replace(/\s+/g, ' ').trim().slice(0, MAX_SAID_CHARS)})` : '';
    const message = this.message.replace(/^HTTP \d+ from \S+?(?=: |$)/, (head) => head + detail) + (advice ? `: ${advice}` : '');
    return new HttpStatusError(message, this.status, this.headers, this.body);
  }
}

/** Servers' own error text is quoted in messages only this far. */
const MAX_SAID_CHARS = 200;

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
  /** Hostname or parent domain → least ms between requests (merged over reddit.com: 60 s). */
  minIntervalMs?: Record<string, number>;
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
/** Enough of an error page to read its JSON error or HTML title (Reddit's block page is ~190 KB). */
const MAX_ERROR_BODY_BYTES = 256 * 1024;

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
  // undici (~0.1 s to load) is loaded by the first request: a scan of files and exports makes none.
  let agent: Agent | undefined;
  let dispatcher: Dispatcher | undefined;
  const dispatcherNow = (): Dispatcher => {
    if (dispatcher) return dispatcher;
    const undici = require('undici') as typeof import('undici');
    agent = new undici.Agent({
      connections: CONNECTIONS_PER_ORIGIN,
      headersTimeout: input.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
      bodyTimeout: input.bodyTimeoutMs ?? BODY_TIMEOUT_MS,
      connect: { timeout: CONNECT_TIMEOUT_MS },
    });
    return (dispatcher = agent.compose(undici.interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS })));
  };
  const limiter = createRateLimiter({ minIntervalMs: input.minIntervalMs });
  const settings: ClientSettings = {
    userAgent: input.userAgent ?? DEFAULT_USER_AGENT,
    retries: input.retries ?? DEFAULT_RETRIES,
    minRetryMs: input.minRetryMs ?? MIN_RETRY_MS,
    maxRetryAfterMs: input.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS,
    maxBodyBytes: input.maxBodyBytes ?? MAX_BODY_BYTES,
  };
  return {
    request: (url, opts = {}) => requestWithRetries({ dispatcher: dispatcherNow(), settings, limiter, url: parseUrl(url), opts }),
    close: async () => {
      await agent?.close();
    },
  };
}

interface RequestInput {
  dispatcher: Dispatcher;
  settings: ClientSettings;
  limiter: RateLimiter;
  url: URL;
  opts: HttpRequestOptions;
}

async function requestWithRetries({ dispatcher, settings, limiter, url, opts }: RequestInput): Promise<HttpResponse> {
  const method = opts.method ?? 'GET';
  const { deadline } = opts;
  const pause = (ms: number) => {
    if (deadline && Date.now() + ms > deadline.at) throw deadlineError(deadline, `retrying ${describeUrl(url)}`);
    return sleep(ms);
  };
  for (let attempt = 0; ; attempt++) {
    const retriesLeft = attempt < settings.retries;
    await limiter.acquire(url, (wait) => guardWait({ wait, url, deadline, settings }));
    const pastDeadline = () => deadlineError(deadline!, `fetching ${describeUrl(url)}`);
    if (deadline && Date.now() >= deadline.at) throw pastDeadline();
    // Aborts the request and its body at the deadline, whichever is under way.
    const signal = deadline ? AbortSignal.timeout(deadline.at - Date.now()) : undefined;
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: buildHeaders(settings.userAgent, opts.headers),
        body: opts.body,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw pastDeadline();
      if (retriesLeft && isRetryableError(err, method)) {
        await pause(backoffMs(settings.minRetryMs, attempt));
        continue;
      }
      throw networkError(url, err, attempt);
    }

    const status = res.statusCode;
    const headers = flattenHeaders(res.headers);
    const limitedUntil = rateLimitedUntil({ status, headers, now: Date.now() });
    if (limitedUntil !== null) limiter.defer(url, limitedUntil);
    if ((status >= 200 && status < 300) || status === 304) {
      try {
        return await readResponse(res, { url, maxBytes: settings.maxBodyBytes });
      } catch (err) {
        if (signal?.aborted) throw pastDeadline();
        // A body cut off mid-way is as retryable as a refused connection.
        if (retriesLeft && method === 'GET' && isRetryableError(err, method)) {
          await pause(backoffMs(settings.minRetryMs, attempt));
          continue;
        }
        throw err instanceof SourceError ? err : networkError(url, err, attempt);
      }
    }

    const retryAfterMs = limitedUntil === null ? null : Math.max(0, limitedUntil - Date.now());
    const saysRetryAfter = parseRetryAfter(headers['retry-after']) !== null;
    const next = decideRetry({ status, retryAfterMs, saysRetryAfter, method, attempt, settings, retriesLeft });
    if ('giveUp' in next) {
      const body = await readErrorBody(res, { url, maxBytes: settings.maxBodyBytes });
      throw statusError({ status, url, retryAfterMs, rateLimited: next.rateLimited, headers, body });
    }
    await discardBody(res.body);
    // A rate limit is the host's, so the limiter holds every request to it; a 5xx is this one's.
    if (next.rateLimited) limiter.defer(url, Date.now() + next.waitMs);
    else await pause(next.waitMs);
  }
}

interface GuardInput {
  wait: PlannedWait;
  url: URL;
  deadline: Deadline | undefined;
  settings: ClientSettings;
}

/** Refuses a wait for the host's turn that is longer than we wait for anyone, or ends past the deadline. */
function guardWait({ wait, url, deadline, settings }: GuardInput): void {
  if (wait.rateLimited && wait.waitMs > settings.maxRetryAfterMs) {
    throw new SourceError(`${describeUrl(url)}: rate limited; retry after ${retryTime(wait.waitMs)}`);
  }
  if (deadline && wait.until > deadline.at) {
    const why = wait.rateLimited ? 'its rate limit' : 'the least interval between requests';
    throw deadlineError(deadline, `waiting ${Math.ceil(wait.waitMs / 1000)} s for ${url.host} (${why}) before ${describeUrl(url)}`);
  }
}

interface RetryInput {
  status: number;
  retryAfterMs: number | null;
  /** Whether the answer carried a readable Retry-After. */
  saysRetryAfter: boolean;
  method: string;
  attempt: number;
  settings: ClientSettings;
  retriesLeft: boolean;
}

type RetryDecision = { waitMs: number; rateLimited: boolean } | { giveUp: true; rateLimited: boolean };

/** Wait and try again, or give up on a status that is not 2xx/304. */
function decideRetry({ status, retryAfterMs, saysRetryAfter, method, attempt, settings, retriesLeft }: RetryInput): RetryDecision {
  // A 503 is a rate limit when it says when to come back; a 403 only with Retry-After (GitHub's
  // secondary limit), since any refusal that spent a window's last request has its rate headers.
  const rateLimited = status === 429 || (status === 503 && retryAfterMs !== null) || (status === 403 && saysRetryAfter);
  const tooLong = retryAfterMs !== null && retryAfterMs > settings.maxRetryAfterMs;
  if (!retriesLeft || (rateLimited && tooLong)) return { giveUp: true, rateLimited };
  if (rateLimited) return { waitMs: retryAfterMs ?? backoffMs(settings.minRetryMs, attempt), rateLimited };
  // A 5xx POST may have been processed already; only idempotent requests are resent.
  if (status >= 500 && method === 'GET') return { waitMs: backoffMs(settings.minRetryMs, attempt), rateLimited };
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
    bytes: decoded,
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

/**
 * The first MAX_ERROR_BODY_BYTES of an error response, decompressed (within `limit`) and decoded;
 * '' when unreadable. Never throws: the status is the error, the body only explains it.
 */
async function readErrorBody(res: Dispatcher.ResponseData, limit: BodyLimit): Promise<string> {
  try {
    const encoding = flattenHeaders(res.headers)['content-encoding'];
    // A compressed stream cut short does not decompress at all, so it is read whole (within the
    // body cap) and the cut comes after decompression; a plain one can be cut right away.
    const compressed = (encoding ?? '').split(',').some((e) => !['', 'identity'].includes(e.trim().toLowerCase()));
    const maxRead = compressed ? limit.maxBytes : MAX_ERROR_BODY_BYTES;
    const chunks: Buffer[] = [];
    let total = 0;
    // Truncated rather than refused: the start of a big block page is enough to explain it.
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= maxRead) break;
    }
    const decoded = await decompress(Buffer.concat(chunks), encoding, limit);
    return new TextDecoder('utf-8').decode(decoded.subarray(0, MAX_ERROR_BODY_BYTES));
  } catch {
    return '';
  } finally {
    res.body.destroy();
  }
}

/** Undici keeps the connection busy until a body is consumed; errors here don't matter. */
async function discardBody(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump();
  } catch {
    body.destroy();
  }
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
  headers: Record<string, string>;
  body: string;
}

/** `HTTP 429 from host/path: rate limited; retry after 2026-03-02T15:00:00Z (in 120 s)` */
function statusError({ status, url, retryAfterMs, rateLimited, headers, body }: StatusErrorInput): HttpStatusError {
  const limited = rateLimited ? ': rate limited' : '';
  const when = rateLimited && retryAfterMs !== null ? `; retry after ${retryTime(retryAfterMs)}` : '';
  // A redirect still pointing on once the redirects allowed are used up.
  const next = status >= 300 && status < 400 && headers['location'] ? redirectTarget(url, headers['location']) : null;
  const onward = next ? `: more than ${MAX_REDIRECTIONS} redirects (the last to ${next})` : '';
  return new HttpStatusError(`HTTP ${status} from ${describeUrl(url)}${limited}${when}${onward}`, status, headers, body);
}

function redirectTarget(from: URL, location: string): string {
  try {
    return describeUrl(new URL(location, from));
  } catch {
    return 'an invalid URL';
  }
}

function retryTime(delayMs: number): string {
  const at = new Date(Date.now() + delayMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${at} (in ${Math.ceil(delayMs / 1000)} s)`;
}

function tooLargeError({ url, maxBytes }: BodyLimit, when = ''): SourceError {
  return new SourceError(`response from ${describeUrl(url)} is larger than ${maxBytes} bytes${when}`);
}

function networkError(url: URL, err: unknown, attempt: number): SourceError {
  // undici's own words suggest a fix (use an Agent) that does not apply: earshot uses one.
  if (/^Redirect loop detected/.test(errorText(err))) return new SourceError(`cannot fetch ${describeUrl(url)}: it redirects in a loop`);
  const code = errorCode(err);
  const detail = code && !errorText(err).includes(code) ? `${code} ${errorText(err)}` : errorText(err);
  const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
  return new SourceError(`cannot fetch ${describeUrl(url)}: ${detail}${tries}`);
}
