import { createHash } from 'node:crypto';

/**
 * How the notifications table names a webhook: by a digest of its URL, never the URL, since a
 * webhook's path is its secret (Slack's are) and the database is copied, backed up and shared.
 * A URL changed is a new receiver, as before. Migration 16 turned stored URLs into these.
 */
export function receiverKey(url: string): string {
  return `sha256:${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
}
