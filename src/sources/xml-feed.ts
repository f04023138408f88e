import { parseFeed } from '@rowanmanning/feed-parser';
import { SourceError } from '../errors.js';
import { htmlTitle, looksLikeHtml } from '../http/json-body.js';

export type XmlFeed = ReturnType<typeof parseFeed>;

export interface ParseXmlFeedInput {
  /** What was expected, for messages: `an Atom feed`. */
  what: string;
  /** Why an HTML page may have come instead: `blocked, or the wrong URL?`. */
  htmlHint: string;
  /** The response's Content-Type, when there is one; feeds' own are often wrong, so only html counts. */
  contentType?: string;
}

/**
 * RSS, RDF or Atom, or a SourceError saying what came instead: an HTML page, a document cut off
 * before its end (the parser forgives a missing end, so it would pass as fewer items), or XML
 * that is not a feed. Shared by the feed and reddit sources so both refuse the same bodies.
 */
export function parseXmlFeed(body: string, { what, htmlHint, contentType }: ParseXmlFeedInput): XmlFeed {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (looksLikeHtml({ body: text, headers: contentType ? { 'content-type': contentType } : {} })) {
    const title = htmlTitle(text);
    throw new SourceError(`expected ${what}, got an HTML page${title ? ` ("${title}")` : ''} (${htmlHint})`);
  }
  let feed: XmlFeed;
  try {
    feed = parseFeed(text);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'INVALID_FEED') throw new SourceError(`expected ${what}, got XML that is not one`);
    throw new SourceError(`expected ${what}, got invalid XML (${(err as Error).message})`);
  }
  if (!hasRootEnd(text)) throw new SourceError(`expected ${what}, got one cut off before its end`);
  return feed;
}

/** Ends with </feed>, </rss> or </rdf:RDF>, allowing comments after it (caching plugins add them). */
function hasRootEnd(text: string): boolean {
  let end = text.trimEnd();
  while (end.endsWith('-->')) {
    const start = end.lastIndexOf('<!--');
    if (start < 0) return false;
    end = end.slice(0, start).trimEnd();
  }
  return /<\/([\w.-]+:)?(feed|rss|RDF)>$/.test(end);
}
