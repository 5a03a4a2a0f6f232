import { describe, expect, it } from 'vitest';
import { decideRange, evaluatePreconditions, ifRangeHolds, MAX_RANGES } from '../../../src/api/odata/http-ranges.ts';

const v = { etag: 'abc', lastModified: new Date('2025-01-02T03:04:05.678Z') };
const lm = v.lastModified.toUTCString();

describe('Range (RFC 9110 §14)', () => {
  it('reads a-b, a- and -n, clamping the end to the content', () => {
    expect(decideRange('bytes=0-9', 100)).toEqual({ kind: 'partial', ranges: [{ start: 0, end: 9 }] });
    expect(decideRange('bytes=90-', 100)).toEqual({ kind: 'partial', ranges: [{ start: 90, end: 99 }] });
    expect(decideRange('bytes=-10', 100)).toEqual({ kind: 'partial', ranges: [{ start: 90, end: 99 }] });
    expect(decideRange('bytes=-1000', 100)).toEqual({ kind: 'partial', ranges: [{ start: 0, end: 99 }] });
    expect(decideRange('bytes=50-99999999999999999999', 100)).toEqual({ kind: 'partial', ranges: [{ start: 50, end: 99 }] });
  });

  it('keeps several ranges in the order asked, skipping those past the end', () => {
    expect(decideRange('bytes=5-6, 200-300,, -2', 100)).toEqual({
      kind: 'partial',
      ranges: [
        { start: 5, end: 6 },
        { start: 98, end: 99 },
      ],
    });
  });

  it('is unsatisfiable only when well-formed and nothing overlaps', () => {
    expect(decideRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=100-200, 300-', 100)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores malformed fields, other units, an empty representation, too many ranges and ranges adding up to more than the whole', () => {
    for (const h of [undefined, 'bytes=9-1', 'bytes=x', 'lines=1-2', 'bytes=', 'bytes 1-2', 'bytes=1-2;3-4', 'bytes=--1', 'bytes=0x1-2']) {
      expect(decideRange(h, 100), String(h)).toEqual({ kind: 'full' });
    }
    expect(decideRange('bytes=0-1', 0)).toEqual({ kind: 'full' });
    expect(decideRange('bytes=0-79, 20-99', 100)).toEqual({ kind: 'full' });
    expect(decideRange(`bytes=${Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i}-${i}`).join(',')}`, 1000)).toEqual({ kind: 'full' });
  });
});

describe('conditional requests (RFC 9110 §13.2.2)', () => {
  it('answers not-modified to a matching If-None-Match (weak comparison) or an unchanged If-Modified-Since', () => {
    expect(evaluatePreconditions({ 'if-none-match': 'W/"abc"' }, v)).toBe('not-modified');
    expect(evaluatePreconditions({ 'if-none-match': '*' }, v)).toBe('not-modified');
    expect(evaluatePreconditions({ 'if-modified-since': lm }, v)).toBe('not-modified');
    expect(evaluatePreconditions({ 'if-modified-since': 'Wed, 01 Jan 2025 00:00:00 GMT' }, v)).toBe('proceed');
  });

  it('lets If-None-Match win over If-Modified-Since, and ignores dates it cannot read', () => {
    expect(evaluatePreconditions({ 'if-none-match': '"other"', 'if-modified-since': lm }, v)).toBe('proceed');
    expect(evaluatePreconditions({ 'if-modified-since': 'yesterday' }, v)).toBe('proceed');
  });

  it('fails If-Match without a strong match and If-Unmodified-Since after a change', () => {
    expect(evaluatePreconditions({ 'if-match': 'W/"abc"' }, v)).toBe('failed');
    expect(evaluatePreconditions({ 'if-match': '"abc"' }, v)).toBe('proceed');
    expect(evaluatePreconditions({ 'if-unmodified-since': 'Wed, 01 Jan 2025 00:00:00 GMT' }, v)).toBe('failed');
  });

  it('honours If-Range only for the same strong tag or the exact Last-Modified', () => {
    expect(ifRangeHolds(undefined, v)).toBe(true);
    expect(ifRangeHolds('"abc"', v)).toBe(true);
    expect(ifRangeHolds('W/"abc"', v)).toBe(false);
    expect(ifRangeHolds(lm, v)).toBe(true);
    expect(ifRangeHolds('Wed, 01 Jan 2025 00:00:00 GMT', v)).toBe(false);
    expect(ifRangeHolds('garbage', v)).toBe(false);
  });
});
