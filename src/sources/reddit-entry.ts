import { htmlToText } from '../http/html-to-text.js';

/**
 * What a Reddit Atom entry says, without Reddit's own additions: the self text sits between
 * `<!-- SC_OFF -->` and `<!-- SC_ON -->`, followed by "submitted by /u/name [link] [comments]",
 * which would put every author's name in the text (a user called acme_fan names Acme). A link
 * post keeps the link it shares, when it is not the entry's own page. Shared by the reddit source
 * and by feeds that point at Reddit's .rss.
 */
export function redditEntryText(html: string, entryUrl: string | null): string {
  // A comment's entry is its text alone, without the markers: all of it but any footer.
  const link = LINK.exec(html)?.[1];
  const selfText = /<!-- SC_OFF -->([\s\S]*?)<!-- SC_ON -->/.exec(html)?.[1] ?? (link ? null : html.replace(FOOTER, ''));
  const shared = link && link !== entryUrl ? link : null;
  return [selfText ? htmlToText(selfText) : null, shared].filter(Boolean).join('\n');
}

/** Reddit's "submitted by /u/name [link] [comments]" to the end, by its markup: words alone may be the author's. */
const FOOTER = /(?:&#32;|\s)*submitted by(?:&#32;|\s)*<a href="[^"]*\/user\/[\s\S]*$/;
/** The [link] a link post shares, as Reddit marks it up. */
const LINK = /<a href="([^"]+)">\[link\]<\/a>/;

/** A comment's title is "/u/name on Post title": the post's title is what it is about. */
export function redditEntryTitle(title: string | null, id: string | null): string | null {
  return id?.startsWith('t1_') && title ? title.replace(/^\/?u\/\S+ on /, '') : title;
}

/** `/u/name` in feeds, `name` in listings; deleted accounts are no author. */
export function redditAuthor(name: string | null | undefined): string | null {
  const plain = name?.trim().replace(/^\/?u\//, '');
  return plain && plain !== '[deleted]' ? plain : null;
}

/** An entry of a Reddit feed: a post (t3_…) or a comment (t1_…) whose link is on reddit.com. */
export function isRedditEntry(id: string | null, url: string | null): boolean {
  if (id === null || !/^t[13]_[a-z0-9]+$/i.test(id) || !url) return false;
  try {
    return /(^|\.)reddit\.com$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
