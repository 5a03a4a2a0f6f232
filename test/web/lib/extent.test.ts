import { describe, expect, it } from 'vitest';
import { formatBbox, formatInterval } from '../../../web/src/lib/extent.ts';

describe("a collection's extent as the catalogue page shows it", () => {
  it('names the hemispheres of its bounding box instead of signed numbers', () => {
    expect(formatBbox([-24.8, 34.9, 47.8, 75.6], 'en')).toBe('24.8° W – 47.8° E, 34.9° N – 75.6° N');
    expect(formatBbox([-0.01, -12.34, 10, 0], 'en')).toBe('0° – 10.0° E, 12.3° S – 0°');
  });

  it('says the whole Earth in the reader’s language, and a dash when there is no box', () => {
    expect(formatBbox([-180, -90, 180, 90], 'fr')).toBe('La Terre entière');
    expect(formatBbox([], 'de')).toBe('—');
  });

  it('gives the dates of a time interval, and words for its open ends', () => {
    expect(formatInterval(['2025-01-10T10:00:00Z', '2025-12-30T00:00:00Z'], 'en')).toBe('2025-01-10 – 2025-12-30');
    expect(formatInterval(['2025-01-10T10:00:00Z', null], 'de')).toBe('seit 2025-01-10');
    expect(formatInterval([null, '2025-12-30T00:00:00Z'], 'fr')).toBe("jusqu'au 2025-12-30");
    expect(formatInterval([null, null], 'en')).toBe('—');
  });
});
