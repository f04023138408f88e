import { describe, expect, it } from 'vitest';
import { checkBrandNames, checkSourceNames, knownBrands } from '../../src/cli/check-names.js';

const config = {
  brands: [
    { name: 'Ocado', competitor: false },
    { name: 'Tesco', competitor: true },
  ],
  topics: [{ name: 'party outfits' }],
};
// A brand no longer in the config still has its mentions stored.
const known = knownBrands(config, [{ name: 'Oldbrand', competitor: false }]);

describe('--brand and --source names', () => {
  it('takes any configured or stored brand or topic, in any case', () => {
    expect(() => checkBrandNames(['ocado', 'TESCO', 'Oldbrand', 'Party Outfits'], known)).not.toThrow();
    expect(() => checkBrandNames(undefined, known)).not.toThrow();
  });

  it('refuses a name that is in neither, listing those that are', () => {
    expect(() => checkBrandNames(['Ocdao'], known)).toThrow('--brand: no brand "Ocdao" in the config or the database; known: Ocado, Oldbrand, party outfits, Tesco');
    expect(() => checkBrandNames(['x'], [], { where: 'the config' })).toThrow('--brand: no brand "x" in the config; none is known yet');
  });

  it('refuses a competitor or a topic where only own brands make sense, naming the own ones', () => {
    expect(() => checkBrandNames(['tesco'], known, { ownOnly: true })).toThrow('--brand: Tesco is a competitor; give one of your own brands (Ocado, Oldbrand)');
    expect(() => checkBrandNames(['party outfits'], known, { ownOnly: true })).toThrow('--brand: party outfits is a topic; give one of your own brands (Ocado, Oldbrand)');
    expect(() => checkBrandNames(['tesco'], known)).not.toThrow();
  });

  it('looks once more where the lists lack a name (a stored topic or false positive), and takes what it finds', () => {
    const probe = (name: string) => (name.toLowerCase() === 'old topic' ? { name: 'Old topic', competitor: false, topic: true } : undefined);
    expect(() => checkBrandNames(['old TOPIC'], known, { probe })).not.toThrow();
    expect(() => checkBrandNames(['old topic'], known, { probe, ownOnly: true })).toThrow('--brand: Old topic is a topic;');
    expect(() => checkBrandNames(['nope'], known, { probe })).toThrow('--brand: no brand "nope"');
    expect(() => checkSourceNames(['archive'], ['rss'], (name) => name === 'archive')).not.toThrow();
  });

  it('refuses an unknown source, listing the known ones once each', () => {
    expect(() => checkSourceNames(['hn'], ['hn', 'rss'])).not.toThrow();
    expect(() => checkSourceNames(['nope'], ['rss', 'hn', 'rss'])).toThrow('--source: no source "nope" in the config or the database; known: hn, rss');
  });
});
