import { describe, expect, it } from 'vitest';
import { parseODataQuery } from '../../src/odata/index.ts';
import { eq, prop } from '../../src/query/index.ts';

function codeOf(raw: Record<string, string | string[]>, set: 'Products' | 'DeletedProducts' = 'Products'): string {
  try {
    parseODataQuery(raw, set);
  } catch (error) {
    return (error as { code: string }).code; // HubError
  }
  return 'no error';
}

describe('OData query options (CDSE §1.3)', () => {
  it('defaults to $top 20, $skip 0, no count, no expand, every property', () => {
    expect(parseODataQuery({})).toEqual({
      filter: undefined,
      order: undefined,
      top: 20,
      skip: 0,
      count: false,
      expand: [],
      select: undefined,
    });
  });

  it('reads every option', () => {
    const q = parseODataQuery({
      $filter: "Name eq 'a'",
      $orderby: 'ContentDate/Start desc',
      $top: '1000',
      $skip: '10000',
      $count: 'True',
      $expand: ['Attributes,Assets', 'Locations'],
      $select: 'Geofootprint, Name',
      $format: 'json',
      token: 'ignored',
    });
    expect(q).toEqual({
      filter: eq(prop('name'), 'a'),
      order: [{ key: 'sensingStart', direction: 'desc' }],
      top: 1000,
      skip: 10000,
      count: true,
      expand: ['Attributes', 'Assets', 'Locations'],
      select: ['Id', 'Name', 'GeoFootprint'],
    });
  });

  it.each(['true', 'True', '1'])('reads $count=%s as true', (v) => {
    expect(parseODataQuery({ $count: v }).count).toBe(true);
  });
  it.each(['false', 'False', '0'])('reads $count=%s as false', (v) => {
    expect(parseODataQuery({ $count: v }).count).toBe(false);
  });

  it('refuses bad values with ODATA_BAD_OPTION and $skip above 10000 with ODATA_SKIP_TOO_LARGE', () => {
    expect(codeOf({ $top: '1001' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $top: '-1' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $skip: 'x' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $skip: '10001' })).toBe('ODATA_SKIP_TOO_LARGE');
    expect(codeOf({ $count: 'yes' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $expand: 'Nodes' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $select: 'Footprints' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $format: 'xml' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $apply: 'x' })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $filter: ["Name eq 'a'", "Name eq 'b'"] })).toBe('ODATA_BAD_OPTION');
    expect(codeOf({ $orderby: 'Footprint' })).toBe('ODATA_UNKNOWN_PROPERTY');
  });

  it('gives DeletedProducts DeletionDate (filter and order) and only the Attributes expansion (§1.9)', () => {
    const q = parseODataQuery({ $filter: 'DeletionDate gt 2024-01-01', $orderby: 'DeletionDate desc' }, 'DeletedProducts');
    expect(q.order).toEqual([{ key: 'modificationDate', direction: 'desc' }]);
    expect(codeOf({ $filter: 'DeletionDate gt 2024-01-01' })).toBe('ODATA_UNKNOWN_PROPERTY');
    expect(codeOf({ $filter: 'ModificationDate gt 2024-01-01' }, 'DeletedProducts')).toBe('ODATA_UNKNOWN_PROPERTY');
    expect(codeOf({ $expand: 'Assets' }, 'DeletedProducts')).toBe('ODATA_BAD_OPTION');
  });
});
