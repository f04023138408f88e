import type { BrandConfig } from '../config/schema.js';

/** Folded handle (no leading @, lower case) → the brands that own it. */
export type HandleIndex = ReadonlyMap<string, readonly string[]>;

/** `@OcadoSupport`, `ocadosupport` and ` @ocadoSupport ` all fold to `ocadosupport`. */
export function foldHandle(handle: string): string {
  return handle.trim().replace(/^@+/, '').toLowerCase();
}

/** Which brand each configured handle belongs to: how a brand's own posts are recognised. */
export function indexBrandHandles(brands: readonly Pick<BrandConfig, 'name' | 'handles'>[]): HandleIndex {
  const index = new Map<string, string[]>();
  for (const brand of brands) {
    for (const handle of brand.handles) {
      const key = foldHandle(handle);
      if (!key) continue;
      const owners = index.get(key) ?? [];
      if (!owners.includes(brand.name)) owners.push(brand.name);
      index.set(key, owners);
    }
  }
  return index;
}

/** The brands whose own account wrote a post by `author`; empty for everyone else. */
export function brandsOwning(author: string | null | undefined, index: HandleIndex): readonly string[] {
  if (!author || index.size === 0) return [];
  return index.get(foldHandle(author)) ?? [];
}
