import { SourceError } from '../errors.js';
import type { HttpResponse } from './client.js';

/** The body as JSON, or a SourceError saying what came instead: an HTML block page, cut-off JSON. */
export function parseJsonBody(res: Pick<HttpResponse, 'body' | 'headers'>, what: string): unknown {
  try {
    return JSON.parse(res.body);
  } catch (err) {
    if (looksLikeHtml(res)) {
      const title = htmlTitle(res.body);
      throw new SourceError(`expected JSON from ${what}, got an HTML page${title ? ` ("${title}")` : ''} (blocked, or the wrong baseUrl?)`);
    }
    throw new SourceError(`expected JSON from ${what}, got invalid JSON (${(err as Error).message})`);
  }
}

/** An error response's JSON object (`{"error": …}` and the like), or null when it is not one. */
export function parseErrorJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Said so by Content-Type, or starts like a page (after any BOM, XML declaration and comments). */
export function looksLikeHtml({ body, headers }: Pick<HttpResponse, 'body' | 'headers'>): boolean {
  if (/html/i.test(headers['content-type'] ?? '')) return true;
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype html|html)[\s>]/i.test(body.replace(/^\uFEFF/, '').trimStart());
}

/** The page's <title>, whitespace collapsed and cut short, for error messages. */
export function htmlTitle(body: string): string | null {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 80) : null;
}
