import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { replyHandleWarnings } from '../../src/config/reply-handles.js';

const advice = (yaml: string) => {
  const config = parseConfig({ source: yaml, file: 'earshot.yaml', env: {} });
  return replyHandleWarnings({ brands: config.brands, sources: config.sources, at: (path) => `earshot.yaml: ${path.join('.')}` });
};
const MASTODON = 'sources:\n  - type: mastodon\n    hashtags: [ocado]\n';

describe('replyHandleWarnings', () => {
  it('names an own brand whose handles all lack a Mastodon instance, when a mastodon source is configured', () => {
    expect(advice(`brands:\n  - name: Ocado\n    handles: ["@OcadoSupport", "ocado"]\n${MASTODON}`)).toEqual([
      "earshot.yaml: brands.0.handles: no handle names a Mastodon instance (write it as @name@instance): the brand's replies on Mastodon will not mark mentions responded",
    ]);
  });

  it('says nothing with an instance on one handle, for a competitor, for a brand without handles, or without a mastodon source', () => {
    expect(advice(`brands:\n  - name: Ocado\n    handles: ["@OcadoSupport", "OcadoSupport@social.example"]\n${MASTODON}`)).toEqual([]);
    expect(advice(`brands:\n  - name: Ocado\n  - name: Tesco\n    competitor: true\n    handles: ["@Tesco"]\n${MASTODON}`)).toEqual([]);
    expect(advice('brands:\n  - name: Ocado\n    handles: ["@OcadoSupport"]\nsources:\n  - type: hackernews\n')).toEqual([]);
  });
});
