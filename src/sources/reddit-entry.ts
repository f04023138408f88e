import { htmlToText } from '../http/html-to-text.js';

/**
 * What a Reddit Atom entry says, without Reddit's own additions: the self text sits between
 * `<!-- SC_OFF -->` and `<!-- SC_ON -->`, followed by "submitted by /u/name [link] [comments]",
 * which would put every author's name in the text (a user called acme_fan names Acme). A link
 * post keeps the link it shares, when it is not the entry's own page. Shared by the reddit source
 * and by feeds that point at Reddit's .rss.
 */
export function redditEntryText(html: string, entryUrl: string | null): string {
  const selfText = /<!-- SC_OFF -->([\s\S]*?)<!-- SC_ON -->/.exec(html)?.[1];
  const link = /<a href="([^"]+)">\[link\]<\/a>/.exec(html)?.[1];
  const shared = link && link !== entryUrl ? link : null;
  return [selfText ? htmlToText(selfText) : null, shared].filter(Boolean).join('\n');
}

/** `/u/name` in feeds, `name` in listings; deleted accounts are no author. */
export function redditAuthor(name: string | null | undefined): string | null {
  const plain = name?.trim().replace(/^\/?u\//, '');
  return plain && plain !== '[deleted]' ? plain : null;
}

/** A Reddit entry's id: a post (t3_…) or a comment (t1_…). */
export const isRedditId = (id: string | null): boolean => id !== null && /^t[13]_[a-z0-9]+$/i.test(id);
