import { describe, expect, it } from 'vitest';
import { isHubError } from '../../../src/errors/index.ts';
import {
  and,
  attribute,
  bbox,
  constant,
  dWithin,
  eq,
  ge,
  geometry,
  gt,
  inList,
  le,
  like,
  lt,
  parseRestoQuery,
  prop,
  RESTO_QUERY_ERRORS,
  sIntersects,
  timestamp,
  type RawRestoQuery,
} from '../../../src/query/index.ts';

const cloud = attribute('cloudCover', 'Double');
const filterOf = (raw: RawRestoQuery) => parseRestoQuery(raw).filter;

function problemOf(raw: RawRestoQuery): { code: string; params: string[] } {
  try {
    parseRestoQuery(raw);
  } catch (error) {
    if (!isHubError(error)) throw error;
    const problems = (error.details?.['problems'] ?? []) as { param: string }[];
    return { code: error.code, params: problems.map((p) => p.param) };
  }
  throw new Error('expected an error');
}

describe('resto parameters → the filter tree', () => {
  it('reads no parameters as every product, 20 per page from the first, newest acquisition first, estimated count', () => {
    const s = parseRestoQuery({});
    expect(s.filter).toEqual(constant(true));
    expect(s).toMatchObject({ maxRecords: 20, page: 1, index: 1, offset: 0, exactCount: false });
    expect(s.order).toEqual([{ key: 'sensingStart', direction: 'desc' }]);
  });

  it('adds the collection of the path as an equality on the catalogue collection', () => {
    expect(parseRestoQuery({ productType: 'S2MSI2A' }, 'SENTINEL-2').filter).toEqual(
      and(eq(prop('collection'), 'SENTINEL-2'), eq(attribute('productType', 'String'), 'S2MSI2A')),
    );
  });

  it('reads the resto interval syntax of cloudCover: [a,b] ]a,b[ [a,b[ ]a,b] [a ]a a] a[ {a,b} and n', () => {
    expect(filterOf({ cloudCover: '[0,30]' })).toEqual(and(ge(cloud, 0), le(cloud, 30)));
    expect(filterOf({ cloudCover: ']0,30[' })).toEqual(and(gt(cloud, 0), lt(cloud, 30)));
    expect(filterOf({ cloudCover: '[0,30[' })).toEqual(and(ge(cloud, 0), lt(cloud, 30)));
    expect(filterOf({ cloudCover: ']0,30]' })).toEqual(and(gt(cloud, 0), le(cloud, 30)));
    expect(filterOf({ cloudCover: '[10' })).toEqual(ge(cloud, 10));
    expect(filterOf({ cloudCover: ']10' })).toEqual(gt(cloud, 10));
    expect(filterOf({ cloudCover: '10]' })).toEqual(le(cloud, 10));
    expect(filterOf({ cloudCover: '10[' })).toEqual(lt(cloud, 10));
    expect(filterOf({ cloudCover: '{0,12.5}' })).toEqual(inList(cloud, [0, 12.5]));
    expect(filterOf({ cloudCover: '12.5' })).toEqual(eq(cloud, 12.5));
  });

  it('refuses intervals that are empty or malformed: [30,0], [0,, {}, ]a,b[', () => {
    for (const bad of ['[30,0]', '[0,', '{}', ']a,b[', '[0,30]]', '1e400']) {
      expect(problemOf({ cloudCover: bad }).params, bad).toEqual(['cloudCover']);
    }
  });

  it('takes orbit numbers as integers or integer intervals', () => {
    expect(filterOf({ orbitNumber: '54172' })).toEqual(eq(attribute('orbitNumber', 'Integer'), 54172));
    expect(filterOf({ relativeOrbitNumber: '[20,30]' })).toEqual(
      and(ge(attribute('relativeOrbitNumber', 'Integer'), 20), le(attribute('relativeOrbitNumber', 'Integer'), 30)),
    );
    expect(problemOf({ orbitNumber: '12.5' })).toEqual({ code: RESTO_QUERY_ERRORS.RESTO_INVALID_VALUE, params: ['orbitNumber'] });
  });

  it('reads box as west,south,east,north, crossing the antimeridian when west > east', () => {
    expect(filterOf({ box: '4,51,5,52' })).toEqual(sIntersects(bbox(4, 51, 5, 52)));
    expect(filterOf({ box: '175,-10,-175,10' })).toEqual(sIntersects(bbox(175, -10, -175, 10)));
    expect(problemOf({ box: '4,52,5,51' }).params).toEqual(['box']);
    expect(problemOf({ box: '4,51,5' }).params).toEqual(['box']);
  });

  it('reads geometry as WKT and lon/lat/radius (metres) as a distance', () => {
    expect(filterOf({ geometry: 'POINT(21.01 52.22)' })).toEqual(sIntersects(geometry({ type: 'Point', coordinates: [21.01, 52.22] })));
    expect(filterOf({ geometry: 'POLYGON((0 0,1 0,1 1,0 1,0 0))' })).toEqual(
      sIntersects(
        geometry({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
              [0, 0],
            ],
          ],
        }),
      ),
    );
    expect(filterOf({ lon: '21.01', lat: '52.22', radius: '5000' })).toEqual(
      dWithin(geometry({ type: 'Point', coordinates: [21.01, 52.22] }), 5000),
    );
    expect(problemOf({ lon: '21' }).params).toEqual(['lat']);
    expect(problemOf({ geometry: 'POLYGON((0 0' }).params).toEqual(['geometry']);
  });

  it('compares startDate with the acquisition start and completionDate with its end; dates alone are midnight UTC', () => {
    expect(filterOf({ startDate: '2021-07-01', completionDate: '2021-07-31T23:59:59Z' })).toEqual(
      and(ge(prop('sensingStart'), timestamp('2021-07-01T00:00:00Z')), le(prop('sensingEnd'), timestamp('2021-07-31T23:59:59Z'))),
    );
    expect(problemOf({ startDate: '2021-13-01' }).params).toEqual(['startDate']);
  });

  it('reads publication and update windows', () => {
    expect(filterOf({ publishedAfter: '2023-01-01', publishedBefore: '2023-02-01', updated: '2023-01-15' })).toEqual(
      and(
        ge(prop('publicationDate'), timestamp('2023-01-01T00:00:00Z')),
        le(prop('publicationDate'), timestamp('2023-02-01T00:00:00Z')),
        ge(prop('modificationDate'), timestamp('2023-01-15T00:00:00Z')),
      ),
    );
  });

  it('maps the equality parameters onto the CDSE attribute names', () => {
    const f = filterOf({
      processingLevel: 'LEVEL1',
      instrument: 'SAR',
      sensorMode: 'IW',
      orbitDirection: 'ASCENDING',
      timeliness: 'Fast-24h',
      polarisation: 'VV&VH',
      swath: 'IW',
      tileId: '33TUM',
    });
    expect(f).toEqual(
      and(
        eq(attribute('processingLevel', 'String'), 'LEVEL1'),
        eq(attribute('instrumentShortName', 'String'), 'SAR'),
        eq(attribute('operationalMode', 'String'), 'IW'),
        eq(attribute('orbitDirection', 'String'), 'ASCENDING'),
        eq(attribute('timeliness', 'String'), 'Fast-24h'),
        eq(attribute('polarisationChannels', 'String'), 'VV&VH'),
        eq(attribute('swathIdentifier', 'String'), 'IW'),
        eq(attribute('tileId', 'String'), '33TUM'),
      ),
    );
  });

  it('reads platform S1A as SENTINEL-1 unit A, and a platform short name as itself', () => {
    expect(filterOf({ platform: 'S1A' })).toEqual(
      and(eq(attribute('platformShortName', 'String'), 'SENTINEL-1'), eq(attribute('platformSerialIdentifier', 'String'), 'A')),
    );
    expect(filterOf({ platform: 'SENTINEL-2' })).toEqual(eq(attribute('platformShortName', 'String'), 'SENTINEL-2'));
  });

  it('matches productIdentifier on the name, % as a wildcard and _ literal; an /eodata/ path by its last segment', () => {
    expect(filterOf({ productIdentifier: '%S2A_MSIL1C%' })).toEqual(like(prop('name'), '%S2A\\_MSIL1C%'));
    expect(filterOf({ productIdentifier: '/eodata/Sentinel-2/MSI/L1C/2021/04/03/X.SAFE' })).toEqual(eq(prop('name'), 'X.SAFE'));
    expect(filterOf({ identifier: '0A000000-0000-4000-8000-000000000001' })).toEqual(
      eq(prop('id'), '0a000000-0000-4000-8000-000000000001'),
    );
  });

  it('reads status ONLINE/OFFLINE as the online flag and ALL as no restriction', () => {
    expect(filterOf({ status: 'ONLINE' })).toEqual(eq(prop('online'), true));
    expect(filterOf({ status: 'OFFLINE' })).toEqual(eq(prop('online'), false));
    expect(filterOf({ status: 'ALL' })).toEqual(constant(true));
    expect(problemOf({ status: 'online' }).params).toEqual(['status']);
  });

  it('pages with maxRecords (≤ 2000), page and index, refusing offsets past 10000', () => {
    expect(parseRestoQuery({ maxRecords: '100', page: '3' })).toMatchObject({ offset: 200, maxRecords: 100 });
    expect(parseRestoQuery({ maxRecords: '10', index: '5' })).toMatchObject({ offset: 4 });
    expect(problemOf({ maxRecords: '2001' }).params).toEqual(['maxRecords']);
    expect(problemOf({ maxRecords: '0' }).params).toEqual(['maxRecords']);
    expect(problemOf({ maxRecords: '2000', page: '6', index: '2' }).params).toEqual(['page']);
    expect(parseRestoQuery({ maxRecords: '2000', page: '6' }).offset).toBe(10_000);
  });

  it('sorts by startDate, completionDate, published or updated, ascending or descending', () => {
    expect(parseRestoQuery({ sortParam: 'published', sortOrder: 'ascending' }).order).toEqual([
      { key: 'publicationDate', direction: 'asc' },
    ]);
    expect(parseRestoQuery({ sortParam: 'completionDate', sortOrder: 'desc' }).order).toEqual([{ key: 'sensingEnd', direction: 'desc' }]);
    expect(problemOf({ sortParam: 'cloudCover' }).params).toEqual(['sortParam']);
  });

  it('asks for an exact count only with exactCount=1', () => {
    expect(parseRestoQuery({ exactCount: '1' }).exactCount).toBe(true);
    expect(parseRestoQuery({ exactCount: '0' }).exactCount).toBe(false);
    expect(problemOf({ exactCount: '2' }).params).toEqual(['exactCount']);
  });

  it('refuses unknown parameters (the old dataset too) before any value, listing them', () => {
    expect(problemOf({ dataset: 'ESA-DATASET', cloudCover: 'x', foo: '1' })).toEqual({
      code: RESTO_QUERY_ERRORS.RESTO_UNKNOWN_PARAMETER,
      params: ['dataset', 'foo'],
    });
  });

  it('lists every bad value at once, and a repeated parameter as one', () => {
    expect(problemOf({ cloudCover: '[30,0]', maxRecords: 'ten', productType: ['A', 'B'] }).params.sort()).toEqual([
      'cloudCover',
      'maxRecords',
      'productType',
    ]);
  });

  it('keeps the filtering parameters as given for originalFilters', () => {
    expect(parseRestoQuery({ productType: 'IW_SLC__1S', maxRecords: '5' }, 'SENTINEL-1').originalFilters).toEqual({
      productType: 'IW_SLC__1S',
      collection: 'SENTINEL-1',
    });
  });
});
