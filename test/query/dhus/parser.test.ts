import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHubError } from '../../../src/errors/index.ts';
import {
  and,
  attribute,
  constant,
  eq,
  ge,
  gt,
  isNull,
  le,
  like,
  lt,
  not,
  or,
  prop,
  sContains,
  sIntersects,
  sWithin,
  bbox,
  timestamp,
  validateFilter,
} from '../../../src/query/index.ts';
import { DHUS_QUERY_ERRORS, evaluateDateMath, MAX_DHUS_QUERY_LENGTH, parseDhusQuery } from '../../../src/query/index.ts';

const now = new Date('2026-12-02T17:45:30.250Z');
const parse = (q: string) => parseDhusQuery(q, { now });
const platform = attribute('platformShortName', 'String');
const cloud = attribute('cloudCover', 'Double');

function errorOf(q: string): { code: string; kind: string; position: unknown } {
  try {
    parse(q);
  } catch (error) {
    if (isHubError(error)) return { code: error.code, kind: error.kind, position: error.details?.['position'] };
    throw error;
  }
  throw new Error(`${q} parsed`);
}

describe('DHuS query fields', () => {
  it('maps platformname and producttype to case-insensitive attribute equality, field names in any case', () => {
    expect(parse('platformName:"Sentinel-2" producttype:S2MSI1C')).toEqual(
      and(eq(platform, 'Sentinel-2', { caseInsensitive: true }), eq(attribute('productType', 'String'), 'S2MSI1C', { caseInsensitive: true })),
    );
    expect(parse('platformname:"Sentinel-5 Precursor"')).toEqual(eq(platform, 'SENTINEL-5P', { caseInsensitive: true }));
  });

  it('maps the other text fields of the reference table to their attributes', () => {
    const cases: [string, string][] = [
      ['orbitdirection', 'orbitDirection'],
      ['sensoroperationalmode', 'operationalMode'],
      ['polarisationmode', 'polarisationChannels'],
      ['tileid', 'tileId'],
      ['instrumentshortname', 'instrumentShortName'],
    ];
    for (const [field, name] of cases) expect(parse(`${field}:X`)).toEqual(eq(attribute(name, 'String'), 'X', { caseInsensitive: true }));
    expect(parse('collection:"SENTINEL-1"')).toEqual(eq(prop('collection'), 'SENTINEL-1', { caseInsensitive: true }));
  });

  it('reads date ranges with ISO instants, quoted bounds and open ends', () => {
    expect(parse('beginPosition:["2018-12-12T00:00:00Z" TO "2018-12-28T00:00:00.5Z"]')).toEqual(
      and(ge(prop('sensingStart'), timestamp('2018-12-12T00:00:00.000Z')), le(prop('sensingStart'), timestamp('2018-12-28T00:00:00.500Z'))),
    );
    expect(parse('endposition:{2020-01-01T00:00:00Z TO *]')).toEqual(gt(prop('sensingEnd'), timestamp('2020-01-01T00:00:00.000Z')));
    expect(parse('ingestiondate:[* TO NOW}')).toEqual(lt(prop('publicationDate'), timestamp(now.toISOString())));
    expect(parse('ingestiondate:[* TO *]')).toEqual(not(isNull(prop('publicationDate'))));
  });

  it('evaluates Solr date math: NOW, offsets, rounding and chains', () => {
    expect(evaluateDateMath('NOW', now, 0)).toBe('2026-12-02T17:45:30.250Z');
    expect(evaluateDateMath('NOW-7DAYS', now, 0)).toBe('2026-11-25T17:45:30.250Z');
    expect(evaluateDateMath('NOW/DAY', now, 0)).toBe('2026-12-02T00:00:00.000Z');
    expect(evaluateDateMath('NOW-1MONTH/DAY', now, 0)).toBe('2026-11-02T00:00:00.000Z');
    expect(evaluateDateMath('2016-12-01T00:00:00Z+1DAY-1HOUR', now, 0)).toBe('2016-12-01T23:00:00.000Z');
    expect(evaluateDateMath('NOW/YEAR+2MONTHS', now, 0)).toBe('2026-03-01T00:00:00.000Z');
    expect(parse('beginposition:[NOW-1DAY TO NOW]')).toEqual(
      and(ge(prop('sensingStart'), timestamp('2026-12-01T17:45:30.250Z')), le(prop('sensingStart'), timestamp(now.toISOString()))),
    );
  });

  it('reads number ranges and terms on cloud cover and orbits', () => {
    expect(parse('cloudcoverpercentage:["0" TO "30"]')).toEqual(and(ge(cloud, 0), le(cloud, 30)));
    expect(parse('cloudcoverpercentage:[0 TO 30}')).toEqual(and(ge(cloud, 0), lt(cloud, 30)));
    expect(parse('orbitnumber:9331')).toEqual(eq(attribute('orbitNumber', 'Integer'), 9331));
    expect(parse('relativeorbitnumber:[100 TO *]')).toEqual(ge(attribute('relativeOrbitNumber', 'Integer'), 100));
  });

  it('reads footprints: polygon, multipolygon, point, lat/lon pair and envelope, with any relation case', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [-66.2695, -8.0592],
          [-66.2695, 0.7031],
          [-57.5, 0.7031],
          [-66.2695, -8.0592],
        ],
      ],
    };
    expect(parse('footprint:"Intersects(POLYGON((-66.2695 -8.0592,-66.2695 0.7031,-57.5 0.7031,-66.2695 -8.0592)))"')).toEqual(sIntersects(polygon));
    expect(parse('footprint:"intersects(MULTIPOLYGON(((-66.2695 -8.0592,-66.2695 0.7031,-57.5 0.7031,-66.2695 -8.0592))))"')).toEqual(
      sIntersects({ type: 'MultiPolygon', coordinates: [polygon.coordinates] }),
    );
    expect(parse('footprint:"Intersects(POINT(12.5 41.9))"')).toEqual(sIntersects({ type: 'Point', coordinates: [12.5, 41.9] }));
    expect(parse('footprint:"Intersects(41.9, 12.5)"')).toEqual(sIntersects({ type: 'Point', coordinates: [12.5, 41.9] }));
    expect(parse('footprint:"Contains(ENVELOPE(0, 1, 1, 0))"')).toEqual(sContains(bbox(0, 0, 1, 1)));
    expect(parse('footprint:"IsWithin(POINT(1 2))"')).toEqual(sWithin({ type: 'Point', coordinates: [1, 2] }));
  });

  it('matches filename exactly, identifier without the extension, both with * wildcards', () => {
    expect(parse('filename:S1A_X.SAFE')).toEqual(eq(prop('name'), 'S1A_X.SAFE'));
    expect(parse('filename:S1A_*')).toEqual(like(prop('name'), 'S1A\\_%'));
    expect(parse('identifier:"S1A_X"')).toEqual(or(eq(prop('name'), 'S1A_X'), like(prop('name'), 'S1A\\_X.%')));
    expect(parse('identifier:*IW_GRDH*')).toEqual(or(like(prop('name'), '%IW\\_GRDH%'), like(prop('name'), '%IW\\_GRDH%.%')));
  });

  it('matches uuid exactly, and a value that is not a UUID matches nothing', () => {
    expect(parse('uuid:"0A6B1F4C-1111-4222-8333-444455556666"')).toEqual(eq(prop('id'), '0a6b1f4c-1111-4222-8333-444455556666'));
    expect(parse('uuid:nope')).toEqual(constant(false));
  });
});

describe('DHuS query structure', () => {
  it('ANDs space-separated clauses and honours AND, OR, NOT, +, - and parentheses', () => {
    const a = eq(platform, 'a', { caseInsensitive: true });
    const b = eq(platform, 'b', { caseInsensitive: true });
    const c = eq(platform, 'c', { caseInsensitive: true });
    expect(parse('platformname:a OR platformname:b platformname:c')).toEqual(or(a, and(b, c)));
    expect(parse('(platformname:a OR platformname:b) AND platformname:c')).toEqual(and(or(a, b), c));
    expect(parse('+platformname:a -platformname:b')).toEqual(and(a, not(b)));
    expect(parse('NOT platformname:a && platformname:b || platformname:c')).toEqual(or(and(not(a), b), c));
    expect(parse('platformname:(a OR b)')).toEqual(or(a, b));
  });

  it('treats *:* and an empty q as everything, bare words and phrases as full text over names', () => {
    expect(parse('*:*')).toEqual(constant(true));
    expect(parse('   ')).toEqual(constant(true));
    expect(parse('S2B_MSIL1C')).toEqual(like(prop('name'), '%S2B\\_MSIL1C%', { caseInsensitive: true }));
    expect(parse('"two words"')).toEqual(like(prop('name'), '%two words%', { caseInsensitive: true }));
    expect(parse('S2*L1C')).toEqual(like(prop('name'), 'S2%L1C', { caseInsensitive: true }));
  });

  it('reads a field with * as "has a value"', () => {
    expect(parse('cloudcoverpercentage:*')).toEqual(not(isNull(cloud)));
  });

  it('produces trees that validate', () => {
    const q = 'beginPosition:["NOW-1MONTH" TO *] identifier:*IW_GRDH* footprint:"Intersects(POLYGON((0 0,1 0,1 1,0 0)))"';
    expect(validateFilter(parse(q))).toEqual(parse(q));
  });
});

describe('DHuS query errors', () => {
  it('refuses bad syntax with DHUS_QUERY_SYNTAX and the position', () => {
    expect(errorOf('platformname:"Sentinel-2')).toEqual({ code: DHUS_QUERY_ERRORS.DHUS_QUERY_SYNTAX, kind: 'invalid', position: 13 });
    expect(errorOf('(platformname:a')).toMatchObject({ code: DHUS_QUERY_ERRORS.DHUS_QUERY_SYNTAX, position: 0 });
    expect(errorOf('platformname:a)')).toMatchObject({ code: DHUS_QUERY_ERRORS.DHUS_QUERY_SYNTAX, position: 14 });
    expect(errorOf('beginposition:[NOW NOW]')).toMatchObject({ code: DHUS_QUERY_ERRORS.DHUS_QUERY_SYNTAX });
    expect(errorOf('platformname:')).toMatchObject({ code: DHUS_QUERY_ERRORS.DHUS_QUERY_SYNTAX });
  });

  it('refuses unknown fields with DHUS_UNKNOWN_FIELD', () => {
    expect(errorOf('a:b c:d')).toEqual({ code: DHUS_QUERY_ERRORS.DHUS_UNKNOWN_FIELD, kind: 'invalid', position: 0 });
  });

  it('refuses bad values: dates, date math, numbers, footprints, ranges on text', () => {
    for (const q of [
      'beginposition:[2021-02-30T00:00:00Z TO NOW]',
      'beginposition:[NOW-1FORTNIGHT TO NOW]',
      'cloudcoverpercentage:[zero TO 3]',
      'footprint:"Intersects(POLYGON((0 0, 1 1)"',
      'footprint:"Touches(POINT(0 0))"',
      'platformname:[a TO b]',
    ]) {
      expect(errorOf(q).code, q).toBe(DHUS_QUERY_ERRORS.DHUS_INVALID_VALUE);
    }
  });

  it('bounds length (too_large), depth and clause count', () => {
    expect(errorOf('a'.repeat(MAX_DHUS_QUERY_LENGTH + 1)).kind).toBe('too_large');
    expect(errorOf(`${'('.repeat(500)}x${')'.repeat(500)}`).code).toBe(DHUS_QUERY_ERRORS.DHUS_QUERY_TOO_COMPLEX);
    expect(errorOf('x '.repeat(2000)).code).toBe(DHUS_QUERY_ERRORS.DHUS_QUERY_TOO_COMPLEX);
  });

  it('either parses or throws HubError invalid/too_large for any input, quickly', () => {
    const alphabet = fc.constantFrom(...'ab:*"()[]{} TO-+!\\/AND OR NOT platformname footprint beginposition NOW 1 .,'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(alphabet, { maxLength: 200 }).map((a) => a.join(''))), (q) => {
        try {
          parse(q);
        } catch (error) {
          expect(isHubError(error) && (error.kind === 'invalid' || error.kind === 'too_large'), String(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parses a long query in linear time', () => {
    const q = Array.from({ length: 900 }, (_, i) => `orbitnumber:${i}`).join(' OR ');
    const t = performance.now();
    parse(q);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
