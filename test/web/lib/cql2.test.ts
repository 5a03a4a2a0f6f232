import { describe, expect, it } from 'vitest';
import { buildCql2Filter, buildDatetime, buildStacSearch } from '../../../web/src/lib/cql2.ts';
import { DEFAULT_STATE } from '../../../web/src/lib/search-state.ts';
import { parseCql2JsonAst } from '../../../src/query/cql2/index.ts';

describe('the STAC search a portal search asks', () => {
  it('asks the newest products first, a page at a time, with no filter by default', () => {
    expect(buildStacSearch(DEFAULT_STATE, 20)).toEqual({ limit: 20, sortby: [{ field: 'datetime', direction: 'desc' }] });
  });

  it('puts the area, dates, collections and paging token where the STAC API item search expects them', () => {
    const aoi = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ];
    const body = buildStacSearch(
      { ...DEFAULT_STATE, aoi, from: '2025-01-01', collections: ['SENTINEL-2'], token: 'n.1', sortBy: 'eo:cloud_cover', sortDesc: false },
      50,
    );
    expect(body).toEqual({
      limit: 50,
      token: 'n.1',
      collections: ['SENTINEL-2'],
      intersects: { type: 'Polygon', coordinates: aoi },
      datetime: '2025-01-01T00:00:00Z/..',
      sortby: [{ field: 'eo:cloud_cover', direction: 'asc' }],
    });
  });

  it('makes whole days of a date range, open at either end', () => {
    expect(buildDatetime('', '')).toBeUndefined();
    expect(buildDatetime('2025-03-01', '2025-03-31')).toBe('2025-03-01T00:00:00Z/2025-03-31T23:59:59.999Z');
    expect(buildDatetime('', '2025-03-31')).toBe('../2025-03-31T23:59:59.999Z');
  });

  it('joins cloud cover, orbit direction, relative orbit, product type and name in one CQL2-JSON "and"', () => {
    const filter = buildCql2Filter({
      ...DEFAULT_STATE,
      maxCloud: 20,
      orbitDirection: 'ascending',
      relativeOrbit: 22,
      productType: 'S2MSI2A',
      text: 'T33_%',
    });
    expect(filter).toEqual({
      op: 'and',
      args: [
        { op: '<=', args: [{ property: 'eo:cloud_cover' }, 20] },
        { op: '=', args: [{ property: 'sat:orbit_state' }, 'ascending'] },
        { op: '=', args: [{ property: 'sat:relative_orbit' }, 22] },
        { op: '=', args: [{ property: 'product:type' }, 'S2MSI2A'] },
        {
          op: 'like',
          args: [
            { op: 'casei', args: [{ property: 'id' }] },
            { op: 'casei', args: ['%T33\\_\\%%'] },
          ],
        },
      ],
    });
    // The hub's own CQL2-JSON parser accepts what the portal writes.
    expect(() => parseCql2JsonAst(filter)).not.toThrow();
  });

  it('sends a single condition without an "and" around it', () => {
    expect(buildCql2Filter({ ...DEFAULT_STATE, maxCloud: 10 })).toEqual({ op: '<=', args: [{ property: 'eo:cloud_cover' }, 10] });
  });
});
