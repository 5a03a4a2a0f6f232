import { describe, expect, it } from 'vitest';
import { parseBbox, parseDatetime, parseLimit } from '../../src/stac/index.ts';

describe('STAC parameter groups', () => {
  it('reads datetime instants and intervals with open and empty ends, normalising offsets', () => {
    expect(parseDatetime('2021-01-01T00:00:00Z')).toEqual({ start: '2021-01-01T00:00:00Z', end: '2021-01-01T00:00:00Z' });
    expect(parseDatetime('2021-01-01T02:00:00+02:00/..')).toEqual({ start: '2021-01-01T02:00:00+02:00', end: null });
    expect(parseDatetime('/2021-01-01T00:00:00.5Z')).toEqual({ start: null, end: '2021-01-01T00:00:00.5Z' });
  });

  it('refuses what is not RFC 3339, both ends open, and a start after the end', () => {
    for (const bad of ['2021-01-01', '2021-02-30T00:00:00Z', '../..', '/', 'a/b/c', '2021-01-02T00:00:00Z/2021-01-01T00:00:00Z']) {
      expect(() => parseDatetime(bad), bad).toThrow(expect.objectContaining({ code: 'STAC_INVALID_PARAMETER' }));
    }
  });

  it('reads 4- and 6-number bboxes and keeps minLon > maxLon for the antimeridian', () => {
    expect(parseBbox([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(parseBbox([1, 2, -10, 3, 4, 10])).toEqual([1, 2, 3, 4]);
    expect(parseBbox([170, -10, -170, 10])).toEqual([170, -10, -170, 10]);
    for (const bad of [
      [1, 2, 3],
      [0, 10, 1, 5],
      [0, -91, 1, 0],
      [-181, 0, 0, 1],
    ]) {
      expect(() => parseBbox(bad), String(bad)).toThrow(expect.objectContaining({ code: 'STAC_INVALID_PARAMETER' }));
    }
  });

  it('defaults and clamps the limit, and refuses one below 1 or fractional', () => {
    expect(parseLimit(undefined, 10, 100)).toBe(10);
    expect(parseLimit(5000, 10, 100)).toBe(100);
    expect(() => parseLimit(0, 10, 100)).toThrow();
    expect(() => parseLimit(1.5, 10, 100)).toThrow();
  });
});
