/**
 * One zod schema per resto parameter (reference/cdse.md §2, parameter table): each reads the query-string
 * text into a typed value or adds an issue that the resto error body shows as `ErrorDetail[].msg`.
 */
import { z } from 'zod';
import type { Bbox, GeoJsonGeometry } from '../filter.ts';
import { normaliseTimestamp } from '../literals.ts';
import { parseGeographyLiteral } from '../odata/geography.ts';

const MAX_TEXT = 1_000;

export const text = z
  .string()
  .min(1, 'Input should be a non-empty string.')
  .max(MAX_TEXT, `Input should have at most ${MAX_TEXT} characters.`);

export function integer(min: number, max: number): z.ZodType<number, string> {
  return z.string().transform((s, ctx) => {
    const n = /^\s*[-+]?\d{1,12}\s*$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      ctx.addIssue({ code: 'custom', message: 'Input should be a valid integer.' });
      return z.NEVER;
    }
    if (n < min) ctx.addIssue({ code: 'custom', message: `Input should be greater than or equal to ${min}.` });
    if (n > max) ctx.addIssue({ code: 'custom', message: `Input should be less than or equal to ${max}.` });
    return n;
  });
}

function number(s: string): number {
  return /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(s) ? Number(s) : Number.NaN;
}

export function decimal(min: number, max: number): z.ZodType<number, string> {
  return z.string().transform((s, ctx) => {
    const n = number(s);
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `Input should be a number within ${min}..${max}.` });
      return z.NEVER;
    }
    return n;
  });
}

/** RFC 3339 or a date alone (midnight UTC), as every date parameter of CDSE's resto. */
export const timestamp = z.string().transform((s, ctx) => {
  const t = s.length <= 64 ? normaliseTimestamp(s.trim()) : null;
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: 'Input should be a valid datetime or date (RFC 3339, e.g. 2021-07-01T00:00:00Z).' });
    return z.NEVER;
  }
  return t;
});

/** `box=west,south,east,north` in degrees; west > east crosses the antimeridian. */
export const box = z.string().transform((s, ctx): Bbox => {
  const parts = s.split(',').map(number);
  const [w, south, e, north] = parts as [number, number, number, number];
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'Input should be west,south,east,north in degrees.' });
    return z.NEVER;
  }
  if (Math.abs(w) > 180 || Math.abs(e) > 180 || Math.abs(south) > 90 || Math.abs(north) > 90 || south > north) {
    ctx.addIssue({ code: 'custom', message: 'Longitudes should be within -180..180 and latitudes within -90..90, south <= north.' });
    return z.NEVER;
  }
  return [w, south, e, north];
});

/** `geometry=POLYGON((…))` WKT in lon/lat (optionally `SRID=4326;`), read by the OData geography reader. */
export const wkt = z.string().transform((s, ctx): GeoJsonGeometry => {
  try {
    if (s.length > 200_000) throw new Error('too long');
    return parseGeographyLiteral(s, 0);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Input should be a WKT geometry in EPSG:4326, e.g. POLYGON((lon lat, ...)).' });
    return z.NEVER;
  }
});

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number], string> {
  return z.string().refine((s): s is T[number] => (values as readonly string[]).includes(s), {
    message: `Input should be ${values.map((v) => `'${v}'`).join(', ')}.`,
  });
}
