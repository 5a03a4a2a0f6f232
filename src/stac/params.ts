/**
 * The parameter groups shared by item search, item lists and collection search, validated once:
 * `bbox` (STAC API item-search: 4 or 6 numbers, lon/lat WGS 84, minLon > maxLon crosses the antimeridian),
 * `datetime` (RFC 3339 instant or interval; `..` or an empty string is an open end; OGC API Features
 * /req/core/fc-time-definition), `limit` (an integer ≥ 1; larger than the maximum is clamped, as
 * item-search says).
 */
import { normaliseTimestamp, type Bbox } from '../query/index.ts';
import { STAC_ERRORS, stacError } from './errors.ts';

/** RFC 3339 date-time (§5.6): full date, `T`, time, a zone; any offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export interface DatetimeRange {
  /** ISO timestamps; null is an open end. An instant has start === end. */
  start: string | null;
  end: string | null;
}

function instant(text: string, where: string): string {
  const ts = RFC3339.test(text) ? normaliseTimestamp(text.replace(' ', 'T')) : null;
  if (ts === null || Number.isNaN(Date.parse(ts))) {
    throw stacError(STAC_ERRORS.INVALID_PARAMETER, `datetime: ${where} ${JSON.stringify(text.slice(0, 60))} is not an RFC 3339 date-time`);
  }
  return ts;
}

export function parseDatetime(text: string): DatetimeRange {
  const parts = text.split('/');
  if (parts.length === 1) {
    const at = instant(text, 'the instant');
    return { start: at, end: at };
  }
  if (parts.length !== 2) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'datetime: an interval is start/end');
  const [a = '', b = ''] = parts;
  const start = a === '..' || a === '' ? null : instant(a, 'the start');
  const end = b === '..' || b === '' ? null : instant(b, 'the end');
  if (start === null && end === null) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'datetime: an interval needs at least one end');
  if (start !== null && end !== null && Date.parse(start) > Date.parse(end)) {
    throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'datetime: the start is after the end');
  }
  return { start, end };
}

/** A 2D bbox from 4 or 6 numbers; latitudes ordered and within ±90, longitudes within ±180. */
export function parseBbox(values: readonly number[]): Bbox {
  let box: [number, number, number, number];
  if (values.length === 4) box = [values[0], values[1], values[2], values[3]] as [number, number, number, number];
  else if (values.length === 6) box = [values[0], values[1], values[3], values[4]] as [number, number, number, number];
  else throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'bbox: 4 or 6 numbers');
  // Both branches read indices the length check guarantees.
  const [w, s, e, n] = box;
  if (!box.every(Number.isFinite)) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'bbox: every value must be a finite number');
  if (Math.abs(w) > 180 || Math.abs(e) > 180) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'bbox: longitudes must be within -180..180');
  if (Math.abs(s) > 90 || Math.abs(n) > 90) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'bbox: latitudes must be within -90..90');
  if (s > n) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'bbox: the southern latitude is north of the northern one');
  return box;
}

/** A page size: an integer ≥ 1, clamped to `max`. */
export function parseLimit(value: number | undefined, defaultLimit: number, max: number): number {
  if (value === undefined) return Math.min(defaultLimit, max);
  if (!Number.isInteger(value) || value < 1) throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'limit: an integer of at least 1');
  return Math.min(value, max);
}

/** Text PostgreSQL cannot hold (NUL, lone surrogates) can name no collection or item: 400 before any query. */
export function checkName(name: string, what: string): string {
  if (name.includes('\u0000') || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) {
    throw stacError(STAC_ERRORS.INVALID_PARAMETER, `${what}: not a usable name`);
  }
  return name;
}
