/**
 * earshot's names for what an imported row holds, as `--field` and a file source's `fields:`
 * take them. Each is read from the column (or JSON key) of the same name unless mapped.
 */
export const POST_FIELDS = ['id', 'text', 'author', 'created_at', 'url', 'author_followers', 'language', 'reply_to', 'title'] as const;

export type PostField = (typeof POST_FIELDS)[number];
