import type { BrandConfig } from '../config/schema.js';

/** Folded handle (no leading @, lower case) → the brands that own it. */
export type HandleIndex = ReadonlyMap<string, readonly string[]>;

/** `@OcadoSupport`, `ocadosupport` and ` @ocadoSupport ` all fold to `ocadosupport`. */
export function foldHandle(handle: string): string {
  return handle.trim().replace(/^@+/, '').toLowerCase();
}

/** What indexBrandHandles reads of a source: a Mastodon instance's address. */
export type HandleSource = { type: string; baseUrl?: string };

/**
 * Which brand each configured handle belongs to: how a brand's own posts are recognised. A
 * Mastodon author is stored with its instance (`ocadohelp@social.example`), but on its own
 * instance the account is just `@ocadohelp`, and so a handle without an instance also stands
 * for that account on each instance a Mastodon source reads; an account of that name elsewhere
 * is someone else.
 */
export function indexBrandHandles(brands: readonly Pick<BrandConfig, 'name' | 'handles'>[], sources: readonly HandleSource[] = []): HandleIndex {
  const instances = [...new Set(sources.flatMap((s) => (s.type === 'mastodon' && s.baseUrl ? [hostOf(s.baseUrl)] : [])))].filter(Boolean);
  const index = new Map<string, string[]>();
  const add = (key: string, brand: string) => {
    const owners = index.get(key) ?? [];
    if (!owners.includes(brand)) owners.push(brand);
    index.set(key, owners);
  };
  for (const brand of brands) {
    for (const handle of brand.handles) {
      const key = foldHandle(handle);
      if (!key) continue;
      add(key, brand.name);
      if (!key.includes('@')) for (const host of instances) add(`${key}@${host}`, brand.name);
    }
  }
  return index;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** The brands whose own account wrote a post by `author`; empty for everyone else. */
export function brandsOwning(author: string | null | undefined, index: HandleIndex): readonly string[] {
  if (!author || index.size === 0) return [];
  return index.get(foldHandle(author)) ?? [];
}
