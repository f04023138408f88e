import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** One canned answer. */
export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Path under fixtures/ served as the body; its extension sets a default content-type. */
  file?: string;
  /** Send the body gzip-compressed with `content-encoding: gzip`. */
  gzip?: boolean;
  /** Sent as ETag; a request whose If-None-Match equals it gets a bodiless 304. */
  etag?: string;
  /** Wait before sending anything (for header timeouts). */
  delayMs?: number;
  /** Send headers and the first bytes, then wait this long before the rest (a slow body). */
  bodyDelayMs?: number;
  /** Destroy the connection without answering: a network error for the client. */
  reset?: boolean;
}

/** One answer, or a sequence answered in turn (the last one repeats). */
export type Route = FixtureResponse | FixtureResponse[];

/**
 * Keys are a path with optional query parameters, all of which must be present with those
 * values: `/api/v1/search_by_date?page=1`. The most specific matching key wins.
 */
export type Routes = Record<string, Route>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface FixtureServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/x-ndjson',
};

interface CompiledRoute {
  key: string;
  path: string;
  query: [string, string][];
  route: Route;
}

/** A real HTTP server on 127.0.0.1 and a free port, answering from a route table. */
export async function serveFixtures(routes: Routes): Promise<FixtureServer> {
  const compiled = Object.entries(routes)
    .map(([key, route]) => compileRoute(key, route))
    .sort((a, b) => b.query.length - a.query.length);
  const hits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers });
    const match = compiled.find((r) => r.path === url.pathname && r.query.every(([k, v]) => query[k] === v));
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${req.url}`);
      return;
    }
    const count = hits.get(match.key) ?? 0;
    hits.set(match.key, count + 1);
    const steps = Array.isArray(match.route) ? match.route : [match.route];
    const step = steps[Math.min(count, steps.length - 1)]!;
    respond(req, res, step, wait).catch((err: unknown) => res.destroy(err as Error));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function compileRoute(key: string, route: Route): CompiledRoute {
  const url = new URL(key, 'http://127.0.0.1');
  return { key, path: url.pathname, query: [...url.searchParams], route };
}

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  step: FixtureResponse,
  wait: (ms: number) => Promise<void>,
): Promise<void> {
  if (step.delayMs) await wait(step.delayMs);
  if (step.reset) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (step.file) headers['content-type'] = CONTENT_TYPES[path.extname(step.file)] ?? 'text/plain; charset=utf-8';
  if (step.etag) headers['etag'] = step.etag;
  Object.assign(headers, step.headers);

  if (step.etag && req.headers['if-none-match'] === step.etag) {
    res.writeHead(304, { etag: step.etag }).end();
    return;
  }
  let body = step.file ? await readFile(path.join(FIXTURES_DIR, step.file)) : Buffer.from(step.body ?? '');
  if (step.gzip) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(step.status ?? 200, headers);
  if (step.bodyDelayMs) {
    res.write(body.subarray(0, 1));
    await wait(step.bodyDelayMs);
    res.end(body.subarray(1));
    return;
  }
  res.end(body);
}
