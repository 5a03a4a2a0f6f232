import { describe, expect, it } from 'vitest';
import { applyFields } from '../../src/stac/index.ts';

const item = {
  type: 'Feature',
  stac_version: '1.0.0',
  id: 'x',
  collection: 'C',
  geometry: { type: 'Point', coordinates: [0, 0] },
  bbox: [0, 0, 0, 0],
  properties: { datetime: '2021-01-01T00:00:00Z', 'eo:cloud_cover': 5, platform: 'sentinel-2a' },
  links: [],
  assets: { a: { href: 'h' } },
};

describe('the fields extension', () => {
  it('returns the whole item without fields', () => {
    expect(applyFields(item, undefined)).toBe(item);
  });

  it('returns the default set for empty include and exclude', () => {
    const out = applyFields(item, {});
    expect(out['properties']).toEqual({ datetime: '2021-01-01T00:00:00Z' });
    expect(Object.keys(out).sort()).toEqual([
      'assets',
      'bbox',
      'collection',
      'geometry',
      'id',
      'links',
      'properties',
      'stac_version',
      'type',
    ]);
  });

  it('adds included paths to the default set and removes excluded ones; include wins over exclude', () => {
    const out = applyFields(item, { include: ['properties.platform'], exclude: ['assets', 'properties.platform'] });
    expect(out['properties']).toEqual({ datetime: '2021-01-01T00:00:00Z', platform: 'sentinel-2a' });
    expect(out['assets']).toBeUndefined();
  });

  it('subtracts excluded paths from the full item, without touching the original, and keeps id and type', () => {
    const out = applyFields(item, { exclude: ['properties.eo:cloud_cover', 'geometry', 'id', 'type'] });
    expect(out['properties']).toEqual({ datetime: '2021-01-01T00:00:00Z', platform: 'sentinel-2a' });
    expect(out['geometry']).toBeUndefined();
    expect(out['id']).toBe('x');
    expect(item.properties['eo:cloud_cover']).toBe(5);
  });
});
