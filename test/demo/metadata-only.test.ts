import { describe, expect, it } from 'vitest';
import { parseBulkRecord, type Collection } from '../../src/catalog/index.ts';
import { METADATA_EUROPE, METADATA_MIX, metadataOnlyLines, metadataOnlyItems } from '../../src/demo/metadata-only.ts';

const COLLECTIONS: Collection[] = ['SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P'].map((name) => ({
  name,
  title: name,
  description: '',
  storagePrefix: name,
  properties: {},
}));

describe('the metadata-only demo catalogue', () => {
  const items = [...metadataOnlyItems({ count: 4000, seed: 7 })];

  it('gives the same lines for the same seed and others for another seed', () => {
    const again = [...metadataOnlyLines({ count: 200, seed: 7 })];
    expect(again).toEqual(items.slice(0, 200).map((i) => JSON.stringify(i)));
    const other = [...metadataOnlyLines({ count: 200, seed: 8 })];
    expect(other.filter((l, k) => l === again[k]).length).toBe(0);
  });

  it('mixes the missions as performance.md does: 70 % S2, 15 % S1, 10 % S3, 5 % S5P', () => {
    for (const [kind, share] of METADATA_MIX) {
      const collection = { S1: 'sentinel-1', S2: 'sentinel-2', S3: 'sentinel-3', S5P: 'sentinel-5p' }[kind];
      const n = items.filter((i) => i.collection === collection).length;
      expect(n / items.length, kind).toBeCloseTo(share, 1);
    }
  });

  it('spreads products over 2022 to 2024, over Europe and elsewhere, with unique names', () => {
    const years = new Set(items.map((i) => String(i.properties['datetime']).slice(0, 4)));
    expect([...years].sort()).toEqual(['2022', '2023', '2024']);
    const inEurope = items.filter((i) => {
      const [w = 0, s = 0, e = 0, n = 0] = i.bbox;
      return w < METADATA_EUROPE.east && e > METADATA_EUROPE.west && s < METADATA_EUROPE.north && n > METADATA_EUROPE.south;
    }).length;
    expect(inEurope / items.length).toBeGreaterThan(0.2);
    expect(inEurope / items.length).toBeLessThan(0.8);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('writes items that bulk registration reads, with tiles, orbits and footprints that agree with the names', async () => {
    const ctx = { collections: COLLECTIONS, store: 'online', now: '2026-01-01T00:00:00Z' };
    for (const item of items.slice(0, 400)) {
      const p = await parseBulkRecord('stac', JSON.stringify(item), ctx);
      expect(p.name).toBe(item.id);
      expect(p.footprint?.type).toBe('Polygon');
      if (item.collection === 'sentinel-2') {
        const tile = String(p.attributes['tileId']?.value);
        expect(p.name).toContain(`_T${tile}_`);
        expect(p.name).toContain(`_R${String(p.attributes['relativeOrbitNumber']?.value).padStart(3, '0')}_`);
      }
      if (item.collection === 'sentinel-1') expect(p.name).toContain(`_${String(p.attributes['orbitNumber']?.value).padStart(6, '0')}_`);
    }
  });
});
