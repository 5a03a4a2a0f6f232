import { describe, expect, it } from 'vitest';
import { timestampToIso } from '../../src/db/index.ts';

describe('timestampToIso', () => {
  it('gives whole seconds six zero decimals, so the result stays an RFC 3339 date-time', () => {
    expect(timestampToIso('2021-04-22 00:00:00+00')).toBe('2021-04-22T00:00:00.000000Z');
  });

  it('pads fractions to microseconds', () => {
    expect(timestampToIso('2021-08-09 17:39:53.1+00')).toBe('2021-08-09T17:39:53.100000Z');
  });
});
