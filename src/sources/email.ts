import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import PostalMime, { type Address, type Email } from 'postal-mime';
import type { EmailSourceConfig } from '../config/schema.js';
import { htmlToText } from '../http/html-to-text.js';
import type { Channel, Cursor, Post } from '../types.js';
import {
  isUnchanged,
  listLocalFiles,
  looksBinary,
  readFileStamps,
  stampFiles,
  type FileStamps,
  type LocalFile,
} from './local-files.js';
import { parseDateUtc } from './date-string.js';
import { primaryLanguage } from './language-tag.js';
import { splitMbox } from './mbox.js';
import { rememberIds } from './remember-ids.js';
import { cannotReadFile, labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';

/** Message ids remembered so an mbox that grew yields only its new messages. */
const MAX_SEEN_IDS = 2000;
/** What a folder source reads; a file named in `path` is read whatever its name. */
const MAIL_EXTENSIONS = new Set(['.eml', '.mbox', '.mbx']);

/** What an email source leaves behind between scans. */
export type EmailCursor = {
  files: FileStamps;
  /** Ids already returned, oldest first, at most MAX_SEEN_IDS. */
  seen: string[];
};

type EmailContext = SourceContext<EmailSourceConfig & { name: string }>;

export const emailSource: Source<'email'> = {
  kind: 'email',
  fetch: (ctx) => labelErrors(ctx.config, () => fetchEmail(ctx)),
};

async function fetchEmail(ctx: EmailContext): Promise<FetchResult> {
  const cursor = readEmailCursor(ctx.cursor);
  const files = await listLocalFiles(path.resolve(ctx.baseDir, ctx.config.path), MAIL_EXTENSIONS);
  const seen = new Set(cursor.seen);
  const posts: Post[] = [];
  for (const file of files) {
    if (isUnchanged(cursor.files, file)) continue;
    for (const post of await readMailFile(ctx, file)) {
      if (seen.has(post.id)) continue;
      seen.add(post.id);
      posts.push(post);
    }
  }
  const next: EmailCursor = {
    files: stampFiles(files),
    seen: rememberIds(cursor.seen, posts.map((p) => p.id), MAX_SEEN_IDS),
  };
  return { posts, cursor: next };
}

/** Posts from one .eml or mbox file; what cannot be read as mail is skipped with a warning. */
async function readMailFile(ctx: EmailContext, file: LocalFile): Promise<Post[]> {
  const label = sourceLabel(ctx.config);
  const data = await readFile(file.path).catch((err: unknown) => {
    throw cannotReadFile(file.path, err);
  });
  if (data.length === 0) {
    ctx.log.debug(`${label}: ${file.path} is empty`);
    return [];
  }
  if (looksBinary(data)) {
    ctx.log.warn(`${label}: ${file.path}: not a text file (binary data); skipped`);
    return [];
  }
  // A file without From_ separator lines is read as one message (an .eml, whatever its name).
  const mbox = splitMbox(data);
  const channel = (ctx.config.channel as Channel | undefined) ?? 'email';
  const posts: Post[] = [];
  for (const [i, raw] of (mbox ?? [data]).entries()) {
    const where = mbox ? `${file.path}: message ${i + 1}` : file.path;
    const email = await PostalMime.parse(raw).catch((err: unknown) => {
      ctx.log.warn(`${label}: ${where}: cannot parse MIME (${(err as Error).message}); skipped`);
      return null;
    });
    if (!email) continue;
    if (!email.from && !email.messageId && !email.date) {
      ctx.log.warn(`${label}: ${where}: not an email message (no From, Date or Message-ID header); skipped`);
      continue;
    }
    posts.push(normalizeEmail(email, { source: ctx.config.name, channel, fallbackDate: new Date(file.mtimeMs) }));
  }
  return posts;
}

interface NormalizeInput {
  source: string;
  channel: Channel;
  /** For messages without a readable Date header: the file's mtime. */
  fallbackDate: Date;
}

function normalizeEmail(email: Email, { source, channel, fallbackDate }: NormalizeInput): Post {
  const subject = fixCp1252(email.subject?.trim() ?? '') || null;
  const body = fixCp1252(email.text ?? (email.html ? htmlToText(email.html) : ''));
  // postal-mime reads the header in the machine's zone; a Date naming no zone means UTC here.
  const header = email.headers.find((h) => h.key === 'date')?.value;
  const date = (header ? parseDateUtc(header) : null) ?? fallbackDate;
  const author = fixCp1252(formatAddress(email.from) ?? '') || null;
  return {
    source,
    id: bareMessageId(email.messageId) ?? hashId([author, email.date, subject]),
    channel,
    createdAt: date.toISOString(),
    text: [subject, trimReply(body)].filter(Boolean).join('\n'),
    title: subject,
    url: null,
    author,
    language: contentLanguage(email),
    replyTo: bareMessageId(email.inReplyTo),
  };
}

/** `Carla Mendes <carla@customer.example>`, or whichever half there is. */
function formatAddress(from: Address | undefined): string | null {
  if (!from) return null;
  if (from.group !== undefined) return from.name || from.group[0]?.address || null;
  if (from.name && from.address) return `${from.name} <${from.address}>`;
  return from.address || from.name || null;
}

/** The first `<id>` of a Message-ID or In-Reply-To header, without the angle brackets. */
function bareMessageId(header: string | undefined): string | null {
  if (!header) return null;
  const id = (/<([^<>\s]+)>/.exec(header)?.[1] ?? header).trim();
  return id || null;
}

function hashId(parts: (string | null | undefined)[]): string {
  const digest = createHash('sha256').update(parts.map((p) => p ?? '').join('\n')).digest('hex');
  return `sha256:${digest.slice(0, 32)}`;
}

function contentLanguage(email: Email): string | null {
  return primaryLanguage(email.headers.find((h) => h.key === 'content-language')?.value.split(',')[0]?.trim());
}

/** Windows-1252's characters for bytes 0x80–0x9F, which ISO-8859-1 leaves as C1 controls. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Node 20's TextDecoder reads windows-1252 as ISO-8859-1, so Outlook's quotes and dashes come
 * out as C1 control characters, which real text never holds: map them back.
 */
function fixCp1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** `On Mon, 2 Mar 2026 at 09:14, Carla <carla@…> wrote:` introducing a quoted reply. */
const ATTRIBUTION_LINE = /^On .+ wrote:\s*$/;
/** RFC 3676's `-- ` (often sent without its space) and Outlook's quoted original. */
const CUT_LINE = /^(--\s*|-{3,}\s*Original Message\s*-{3,}\s*)$/i;

/** The new part of a reply: quoted lines, their attribution and any signature dropped. */
export function trimReply(body: string): string {
  const kept: string[] = [];
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (CUT_LINE.test(line)) break;
    if (/^\s*>/.test(line) || ATTRIBUTION_LINE.test(line.trim())) continue;
    kept.push(line.trimEnd());
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function readEmailCursor(cursor: Cursor | null): EmailCursor {
  const seen = Array.isArray(cursor?.['seen']) ? cursor['seen'].filter((id) => typeof id === 'string') : [];
  return { files: readFileStamps(cursor?.['files']), seen };
}
