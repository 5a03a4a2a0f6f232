import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from '../../support/samples.ts';
import { openFolderSource } from '../../../src/metadata/product-source.ts';
import { sentinel2Extractor } from '../../../src/metadata/sentinel2.ts';
import { crossesAntimeridian, geometryForMap, splitRingAtAntimeridian, unwrapRing } from '../../../web/src/lib/antimeridian.ts';

const lons = (ring: number[][]): number[] => ring.map((p) => p[0] ?? NaN);

describe('footprints across the antimeridian on the map', () => {
  const crossing = [
    [179, 10],
    [-179, 10],
    [-179, 11],
    [179, 11],
    [179, 10],
  ];

  it('recognises a ring that jumps across ±180', () => {
    expect(crossesAntimeridian(crossing)).toBe(true);
    expect(
      crossesAntimeridian([
        [10, 10],
        [11, 10],
        [11, 11],
        [10, 10],
      ]),
    ).toBe(false);
  });

  it('unwraps longitudes so that no step is over 180°', () => {
    expect(lons(unwrapRing(crossing))).toEqual([179, 181, 181, 179, 179]);
  });

  it('splits a crossing ring into an eastern and a western part, each within [-180, 180]', () => {
    const parts = splitRingAtAntimeridian(crossing);
    expect(parts).toEqual([
      [
        [179, 10],
        [180, 10],
        [180, 11],
        [179, 11],
        [179, 10],
      ],
      [
        [-180, 10],
        [-179, 10],
        [-179, 11],
        [-180, 11],
        [-180, 10],
      ],
    ]);
  });

  it('draws a crossing polygon as a MultiPolygon and leaves others alone', () => {
    expect(geometryForMap({ type: 'Polygon', coordinates: [crossing] }).type).toBe('MultiPolygon');
    const plain = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(geometryForMap(plain)).toBe(plain);
  });

  it('leaves a ring around a pole (Antarctica in world-atlas) as it is', () => {
    const polar = [
      [-180, -80],
      [0, -80],
      [180, -80],
      [-180, -80],
    ];
    expect(splitRingAtAntimeridian(polar)).toEqual([polar]);
  });

  it('splits the footprint of a real Sentinel-2 tile across the antimeridian (T01VCG) at -180', async () => {
    const { productPath } = sample('S2B_MSIL2A_20200914T231559');
    const m = await sentinel2Extractor.extract(await openFolderSource(productPath, basename(productPath)));
    const drawn = geometryForMap({ type: 'Polygon', coordinates: m.footprint?.coordinates as number[][][] });
    expect(drawn.type).toBe('MultiPolygon');
    const parts = (drawn.coordinates as number[][][][]).map((poly) => lons(poly[0] ?? []));
    expect(parts).toHaveLength(2);
    for (const part of parts) for (const lon of part) expect(Math.abs(lon)).toBeLessThanOrEqual(180);
    expect(Math.max(...(parts[0] ?? []))).toBe(180);
    expect(Math.min(...(parts[1] ?? []))).toBe(-180);
  });
});
