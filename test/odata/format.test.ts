import { describe, expect, it } from 'vitest';
import { displayFootprint, footprintEwkt, odataDate, quicklookAssetId } from '../../src/odata/index.ts';

describe('OData value formats (CDSE §1.2)', () => {
  it('prints datetimes with 6 fractional digits and Z', () => {
    expect(odataDate('2024-06-04T12:12:03.404Z')).toBe('2024-06-04T12:12:03.404000Z');
    expect(odataDate('2024-06-04T12:12:03.404000Z')).toBe('2024-06-04T12:12:03.404000Z');
    expect(odataDate('2024-06-04T12:12:03Z')).toBe('2024-06-04T12:12:03.000000Z');
    expect(odataDate('2024-06-04T12:12:030000000Z')).toBe('2024-06-04T12:12:03.000000Z');
    expect(odataDate('2024-06-04T14:12:03.5+02:00')).toBe('2024-06-04T12:12:03.500000Z');
  });

  it('writes a one-part footprint as POLYGON with a space after the type, 6 decimals', () => {
    const f = displayFootprint({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [113.6054081234, -29.7136361],
            [114, -29],
            [113, -29],
            [113.6054081234, -29.7136361],
          ],
        ],
      ],
    });
    expect(f?.type).toBe('Polygon');
    expect(footprintEwkt(f)).toBe("geography'SRID=4326;POLYGON ((113.605408 -29.713636, 114 -29, 113 -29, 113.605408 -29.713636))'");
  });

  it('writes several parts as MULTIPOLYGON and a missing footprint as null', () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    expect(footprintEwkt(displayFootprint({ type: 'MultiPolygon', coordinates: [[ring], [ring]] }))).toBe(
      "geography'SRID=4326;MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((0 0, 1 0, 1 1, 0 0)))'",
    );
    expect(footprintEwkt(displayFootprint(null))).toBeNull();
  });

  it('writes point and line footprints (registered from STAC items) in their own type', () => {
    expect(footprintEwkt(displayFootprint({ type: 'Point', coordinates: [12.5, -3.25] }))).toBe("geography'SRID=4326;POINT (12.5 -3.25)'");
    expect(
      footprintEwkt(
        displayFootprint({
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        }),
      ),
    ).toBe("geography'SRID=4326;LINESTRING (0 0, 1 1)'");
  });

  it('wraps longitudes of a footprint joined across the antimeridian back into -180..180', () => {
    const joined = {
      type: 'Polygon',
      coordinates: [
        [
          [179, 0],
          [181, 0],
          [181, 1],
          [179, 0],
        ],
      ],
    };
    expect(displayFootprint(joined)?.coordinates).toEqual([
      [
        [179, 0],
        [-179, 0],
        [-179, 1],
        [179, 0],
      ],
    ]);
  });

  it('makes stable, name-based asset ids (UUID version 3 of product id and path)', () => {
    const id = '521bd8f9-48a5-4e1f-9435-58f97cb64d39';
    expect(quicklookAssetId(id, 'preview/quick-look.png')).toBe(quicklookAssetId(id, 'preview/quick-look.png'));
    expect(quicklookAssetId(id, 'preview/quick-look.png')).not.toBe(quicklookAssetId(id, 'preview/other.png'));
    expect(quicklookAssetId(id, 'preview/quick-look.png')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
