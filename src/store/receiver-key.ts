import { createRequire } from 'node:module';

// node:crypto through require, when a key is first made: every command opens the database
// (which may run migration 16), few ever name a webhook.
const require = createRequire(import.meta.url);

/**
 * How the notifications table names a webhook: by a digest of its URL, never the URL, since a
 * webhook's path is its secret (Slack's are) and the database is copied, backed up and shared.
 * A URL changed is a new receiver, as before. Migration 16 turned stored URLs into these.
 */
export function receiverKey(url: string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return `sha256:${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
}
