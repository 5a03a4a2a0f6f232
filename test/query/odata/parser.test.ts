import { describe, expect, it } from 'vitest';
import {
  and,
  attribute,
  constant,
  contains,
  endsWith,
  eq,
  ge,
  gt,
  inList,
  isNull,
  le,
  lt,
  ne,
  not,
  or,
  prop,
  sIntersects,
  startsWith,
  timestamp,
  type Filter,
} from '../../../src/query/index.ts';
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseODataFilter } from '../../../src/query/index.ts';

function codeOf(text: string): string {
  try {
    parseODataFilter(text);
  } catch (error) {
    return (error as { code: string }).code; // HubError
  }
  return 'no error';
}

function positionOf(text: string): unknown {
  try {
    parseODataFilter(text);
  } catch (error) {
    return (error as { details?: { position?: number } }).details?.position;
  }
  return undefined;
}

const ts = timestamp;

describe('OData $filter: properties and comparisons (CDSE §1.4)', () => {
  it.each<[string, Filter]>([
    ["Name eq 'S2A_MSIL1C.SAFE'", eq(prop('name'), 'S2A_MSIL1C.SAFE')],
    ["Collection/Name eq 'SENTINEL-2'", eq(prop('collection'), 'SENTINEL-2')],
    ['Online eq true', eq(prop('online'), true)],
    ['Online eq false', eq(prop('online'), false)],
    ['ContentLength gt 1000', gt(prop('contentLength'), 1000)],
    ['ContentLength le 1.5e3', le(prop('contentLength'), 1500)],
    ['ContentLength ge -1', ge(prop('contentLength'), -1)],
    ["Name ne 'x'", ne(prop('name'), 'x')],
    ['Id eq 521bd8f9-48a5-4e1f-9435-58f97cb64d39', eq(prop('id'), '521bd8f9-48a5-4e1f-9435-58f97cb64d39')],
    ["Id eq '521bd8f9-48a5-4e1f-9435-58f97cb64d39'", eq(prop('id'), '521bd8f9-48a5-4e1f-9435-58f97cb64d39')],
    ['ContentDate/Start gt 2022-05-03T00:00:00.000Z', gt(prop('sensingStart'), ts('2022-05-03T00:00:00.000Z'))],
    ['ContentDate/End lt 2022-05-03T00:11:00.000Z', lt(prop('sensingEnd'), ts('2022-05-03T00:11:00.000Z'))],
    ['PublicationDate ge 2024-09-01', ge(prop('publicationDate'), ts('2024-09-01T00:00:00Z'))],
    ['ModificationDate le 2024-09-01T10:00:00', le(prop('modificationDate'), ts('2024-09-01T10:00:00Z'))],
    ['OriginDate gt 2024-09-01T10:00:00-04:00', gt(prop('originDate'), ts('2024-09-01T10:00:00-04:00'))],
    ["OriginDate gt '2024-09-01T10:00:00Z'", gt(prop('originDate'), ts('2024-09-01T10:00:00Z'))],
    ["PublicationDate gt datetime'2024-09-01T10:00:00'", gt(prop('publicationDate'), ts('2024-09-01T10:00:00Z'))],
    ['EvictionDate eq null', eq(prop('evictionDate'), null)],
    ["Name in ('a', 'it''s')", inList(prop('name'), ['a', "it's"])],
    ['Online', eq(prop('online'), true)],
    ['true', constant(true)],
  ])('%s', (text, expected) => {
    expect(parseODataFilter(text)).toEqual(expected);
  });

  it('reads operators and literals case-insensitively (OData 4.01)', () => {
    expect(parseODataFilter("Name EQ 'a' AND Online Eq TRUE")).toEqual(and(eq(prop('name'), 'a'), eq(prop('online'), true)));
  });
});

describe('OData $filter: functions', () => {
  it.each<[string, Filter]>([
    ["contains(Name,'S1A')", contains(prop('name'), 'S1A')],
    ["startswith(Name,'S2B_MSIL2A')", startsWith(prop('name'), 'S2B_MSIL2A')],
    ["endswith(Name,'.SEN3')", endsWith(prop('name'), '.SEN3')],
    ["contains(Name, '%_')", contains(prop('name'), '%_')],
    ["contains(Name,'S1A') eq true", contains(prop('name'), 'S1A')],
    ["contains(Name,'S1A') eq false", not(contains(prop('name'), 'S1A'))],
  ])('%s', (text, expected) => {
    expect(parseODataFilter(text)).toEqual(expected);
  });
});

describe('OData $filter: OData.CSC.Intersects', () => {
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [12, 47],
        [21, 48],
        [28, 41],
        [12, 47],
      ],
    ],
  } as const;

  it.each([
    "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((12 47,21 48,28 41,12 47))')",
    "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON ((12 47, 21 48, 28 41, 12 47))')",
    "OData.CSC.Intersects(area=geography'SRID=4326;Polygon((12 47,21 48,28 41,12 47))')",
    "OData.CSC.Intersects(Footprint=geography'SRID=4326;POLYGON((12 47,21 48,28 41,12 47))')",
    "OData.CSC.Intersects(location=Footprint,area=geography'SRID=4326;POLYGON((12 47,21 48,28 41,12 47))')",
  ])('%s', (text) => {
    expect(parseODataFilter(text)).toEqual(sIntersects(square));
  });

  it('reads POINT and MULTIPOLYGON', () => {
    expect(parseODataFilter("OData.CSC.Intersects(area=geography'SRID=4326;POINT(-0.5319577002158441 28.65487836189358)')")).toEqual(
      sIntersects({ type: 'Point', coordinates: [-0.5319577002158441, 28.65487836189358] }),
    );
    expect(
      parseODataFilter("OData.CSC.Intersects(area=geography'SRID=4326;MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')"),
    ).toEqual(
      sIntersects({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
          [
            [
              [5, 5],
              [6, 5],
              [6, 6],
              [5, 5],
            ],
          ],
        ],
      }),
    );
  });

  it('refuses an open ring, another SRID and a geography outside Intersects with ODATA_INVALID_LITERAL or ODATA_SYNTAX', () => {
    expect(codeOf("OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((0 0,1 0,1 1,0 1))')")).toBe('ODATA_INVALID_LITERAL');
    expect(codeOf("OData.CSC.Intersects(area=geography'SRID=3857;POINT(0 0)')")).toBe('ODATA_INVALID_LITERAL');
    expect(codeOf("OData.CSC.Intersects(area=geography'SRID=4326;CIRCLE(0 0)')")).toBe('ODATA_INVALID_LITERAL');
    expect(codeOf("Name eq geography'SRID=4326;POINT(0 0)'")).toBe('ODATA_SYNTAX');
    expect(codeOf('OData.CSC.Intersects(area=Name)')).toBe('ODATA_SYNTAX');
  });
});

describe('OData $filter: attribute lambdas', () => {
  it.each<[string, Filter]>([
    [
      "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and att/OData.CSC.StringAttribute/Value eq 'S2MSI2A')",
      eq(attribute('productType', 'String'), 'S2MSI2A'),
    ],
    [
      "Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value le 40.00)",
      le(attribute('cloudCover', 'Double'), 40),
    ],
    [
      "Attributes/OData.CSC.IntegerAttribute/any(i0:i0/Name eq 'orbitNumber' and i0/Value eq 54172)",
      eq(attribute('orbitNumber', 'Integer'), 54172),
    ],
    [
      "Attributes/OData.CSC.DateTimeOffsetAttribute/any(att:att/Name eq 'processingDate' and att/OData.CSC.DateTimeOffsetAttribute/Value gt 2024-01-01T00:00:00Z)",
      gt(attribute('processingDate', 'DateTimeOffset'), ts('2024-01-01T00:00:00Z')),
    ],
    [
      "Attributes/OData.CSC.BooleanAttribute/any(att:att/Name eq 'sliceProductFlag' and att/OData.CSC.BooleanAttribute/Value eq false)",
      eq(attribute('sliceProductFlag', 'Boolean'), false),
    ],
    [
      "Attributes/OData.CSC.DoubleAttribute/any(a:a/OData.CSC.DoubleAttribute/Value ge 10 and a/Name eq 'cloudCover' and a/OData.CSC.DoubleAttribute/Value lt 20)",
      and(ge(attribute('cloudCover', 'Double'), 10), lt(attribute('cloudCover', 'Double'), 20)),
    ],
    [
      "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'tileId' and (att/Value eq '33TUM' or att/Value eq '31TDH'))",
      or(eq(attribute('tileId', 'String'), '33TUM'), eq(attribute('tileId', 'String'), '31TDH')),
    ],
    ["Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'tileId')", not(isNull(attribute('tileId', 'String')))],
    [
      "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'tileId' and att/Value in ('33TUM','31TDH'))",
      inList(attribute('tileId', 'String'), ['33TUM', '31TDH']),
    ],
  ])('%s', (text, expected) => {
    expect(parseODataFilter(text)).toEqual(expected);
  });

  it('refuses lambdas without exactly one top-level Name, other lambdas and other collections', () => {
    expect(codeOf("Attributes/OData.CSC.StringAttribute/any(att:att/Value eq 'x')")).toBe('ODATA_SYNTAX');
    expect(codeOf("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'a' and att/Name eq 'b')")).toBe('ODATA_SYNTAX');
    expect(codeOf("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'a' or att/Value eq 'b')")).toBe('ODATA_SYNTAX');
    expect(codeOf("Attributes/OData.CSC.StringAttribute/all(att:att/Name eq 'a')")).toBe('ODATA_UNKNOWN_FUNCTION');
    expect(codeOf("Attributes/OData.CSC.FooAttribute/any(att:att/Name eq 'a')")).toBe('ODATA_UNKNOWN_PROPERTY');
    expect(codeOf("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'a' and att/OData.CSC.DoubleAttribute/Value lt 1)")).toBe(
      'ODATA_UNKNOWN_PROPERTY',
    );
    expect(codeOf("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'a' and att/Foo eq 1)")).toBe('ODATA_UNKNOWN_PROPERTY');
  });
});

describe('OData $filter: logic and precedence (OData 4.01 URL Conventions §5.1.1.16)', () => {
  const a = eq(prop('name'), 'a');
  const b = eq(prop('name'), 'b');
  const c = eq(prop('name'), 'c');
  it('binds and tighter than or', () => {
    expect(parseODataFilter("Name eq 'a' or Name eq 'b' and Name eq 'c'")).toEqual(or(a, and(b, c)));
    expect(parseODataFilter("Name eq 'a' and Name eq 'b' or Name eq 'c'")).toEqual(or(and(a, b), c));
  });
  it('groups with parentheses', () => {
    expect(parseODataFilter("(Name eq 'a' or Name eq 'b') and Name eq 'c'")).toEqual(and(or(a, b), c));
  });
  it('applies not to the next condition, with or without parentheses', () => {
    expect(parseODataFilter("not Name eq 'a' and Name eq 'b'")).toEqual(and(not(a), b));
    expect(parseODataFilter("not (Name eq 'a' or Name eq 'b')")).toEqual(not(or(a, b)));
    expect(parseODataFilter("not contains(Name,'a')")).toEqual(not(contains(prop('name'), 'a')));
  });
});

describe('OData $filter: errors', () => {
  it.each([
    ['', 'ODATA_SYNTAX'],
    ['Name eq', 'ODATA_SYNTAX'],
    ["Name eq 'a' and", 'ODATA_SYNTAX'],
    ["(Name eq 'a'", 'ODATA_SYNTAX'],
    ["Name eq 'a')", 'ODATA_SYNTAX'],
    ["Name eq 'a", 'ODATA_INVALID_LITERAL'],
    ["Foo eq 'a'", 'ODATA_UNKNOWN_PROPERTY'],
    ["Footprint eq 'a'", 'ODATA_UNKNOWN_PROPERTY'],
    ["tolower(Name) eq 'a'", 'ODATA_UNKNOWN_FUNCTION'],
    ['ContentDate/Start gt 2024-13-01', 'ODATA_INVALID_LITERAL'],
    ["ContentDate/Start gt 'yesterday'", 'ODATA_INVALID_LITERAL'],
    ['ContentLength gt 1e999', 'ODATA_INVALID_LITERAL'],
    ["Name eq 'a' # b", 'ODATA_SYNTAX'],
    ['Name', 'ODATA_SYNTAX'],
    ['contains(Name,1)', 'ODATA_SYNTAX'],
    ["foo'bar' eq 1", 'ODATA_INVALID_LITERAL'],
  ])('%j → %s', (text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it('gives the position of the problem', () => {
    expect(positionOf("Name eq 'a' and Foo eq 1")).toBe(16);
    expect(positionOf("Name eq 'a")).toBe(8);
  });

  it('bounds length and nesting depth with ODATA_TOO_COMPLEX', () => {
    expect(codeOf(`Name eq '${'x'.repeat(MAX_FILTER_LENGTH)}'`)).toBe('ODATA_TOO_COMPLEX');
    expect(codeOf(`${'('.repeat(MAX_FILTER_DEPTH + 1)}Online${')'.repeat(MAX_FILTER_DEPTH + 1)}`)).toBe('ODATA_TOO_COMPLEX');
    expect(codeOf(`${'not '.repeat(MAX_FILTER_DEPTH + 1)}Online`)).toBe('ODATA_TOO_COMPLEX');
  });

  it('parses hostile input in linear time', () => {
    const started = performance.now();
    for (const text of [
      `${"Name eq 'a' or ".repeat(2000)}Online`,
      "'".repeat(30_000),
      '('.repeat(30_000),
      `OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((${'1 2,'.repeat(5000)}1 2))')`,
      '1'.repeat(30_000),
      'a/'.repeat(15_000),
    ]) {
      try {
        parseODataFilter(text);
      } catch {
        // refusals are fine; the time is what is measured
      }
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
