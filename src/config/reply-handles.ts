import type { BrandConfig, NamedSourceConfig } from './schema.js';

export interface ReplyHandlesInput {
  brands: readonly BrandConfig[];
  sources: readonly NamedSourceConfig[];
  /** "earshot.yaml:3: brands[0].handles" for a path into the config. */
  at: (path: PropertyKey[]) => string;
}

/**
 * Advice, not a problem: with a Mastodon source, an own brand whose handles all lack an instance
 * (`@OcadoSupport`, not `@OcadoSupport@social.example`). Mastodon authors are stored with their
 * instance, and a bare name is not taken to be the account on every instance, so the brand's
 * replies there would never close a mention.
 */
export function replyHandleWarnings({ brands, sources, at }: ReplyHandlesInput): string[] {
  if (!sources.some((s) => s.type === 'mastodon')) return [];
  return brands.flatMap((brand, i) =>
    !brand.competitor && brand.handles.length > 0 && !brand.handles.some((h) => /^@?[^@\s]+@[^@\s]+\.[^@\s]+$/.test(h.trim()))
      ? // No handle or name in the words: either may have come from a ${VAR}, which config check never prints.
        [`${at(['brands', i, 'handles'])}: no handle names a Mastodon instance (write it as @name@instance): the brand's replies on Mastodon will not mark mentions responded`]
      : [],
  );
}
