import { describe, expect, it } from 'vitest';
import { parseAoiFile, rectanglePolygon } from '../../../web/src/lib/aoi-file.ts';

const ring = [
  [10, 45],
  [11, 45],
  [11, 46],
  [10, 46],
  [10, 45],
];

describe('an area of interest from an uploaded file', () => {
  it('takes the first polygon of a GeoJSON FeatureCollection, Feature or geometry', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] } },
      ],
    };
    expect(parseAoiFile(JSON.stringify(fc))).toEqual([
      [
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 2],
      ],
    ]);
    expect(parseAoiFile(JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] } }))).toEqual([ring]);
    expect(parseAoiFile(JSON.stringify({ type: 'MultiPolygon', coordinates: [[ring]] }))).toEqual([ring]);
  });

  it('takes the bounding box of a line', () => {
    expect(
      parseAoiFile(
        JSON.stringify({
          type: 'LineString',
          coordinates: [
            [0, 0],
            [2, 1],
          ],
        }),
      ),
    ).toEqual(rectanglePolygon(0, 0, 2, 1));
  });

  it('reads the coordinates of a KML polygon (longitude,latitude[,altitude])', () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs><LinearRing>
      <coordinates>10,45,0 11,45,0 11,46,0 10,46,0 10,45,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
    expect(parseAoiFile(kml)).toEqual([ring]);
  });

  it('refuses a file with no area in it', () => {
    expect(() => parseAoiFile('{"type":"FeatureCollection","features":[]}')).toThrow(/no polygon/);
    expect(() => parseAoiFile('<kml></kml>')).toThrow(/no polygon/);
  });
});
