/**
 * Solr date math as DHuS range bounds use it (Solr Reference Guide, "Working with Dates", Date Math;
 * reference/dhus-sentinelsat.md §2.3): an anchor (`NOW` or an ISO instant ending in `Z`) followed by any
 * number of `+N UNIT`, `-N UNIT` (add) and `/UNIT` (round down) operations, applied left to right in UTC.
 */
import { DHUS_QUERY_ERRORS, dhusQueryError } from './errors.ts';

const UNITS: Record<string, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'milli'> = {
  YEAR: 'year',
  YEARS: 'year',
  MONTH: 'month',
  MONTHS: 'month',
  DAY: 'day',
  DAYS: 'day',
  DATE: 'day',
  HOUR: 'hour',
  HOURS: 'hour',
  MINUTE: 'minute',
  MINUTES: 'minute',
  SECOND: 'second',
  SECONDS: 'second',
  MILLI: 'milli',
  MILLIS: 'milli',
  MILLISECOND: 'milli',
  MILLISECONDS: 'milli',
};

const ANCHOR = /^(?:NOW|(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?Z?)/i;
const OPERATION = /^(?:([+-])(\d{1,9})([A-Za-z]+)|\/([A-Za-z]+))/;

function add(d: Date, unit: string, n: number): void {
  switch (unit) {
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      break;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + n);
      break;
    case 'day':
      d.setUTCDate(d.getUTCDate() + n);
      break;
    case 'hour':
      d.setUTCHours(d.getUTCHours() + n);
      break;
    case 'minute':
      d.setUTCMinutes(d.getUTCMinutes() + n);
      break;
    case 'second':
      d.setUTCSeconds(d.getUTCSeconds() + n);
      break;
    default:
      d.setUTCMilliseconds(d.getUTCMilliseconds() + n);
  }
}

function round(d: Date, unit: string): void {
  /* Each unit clears everything finer than itself, as Solr's DateMathParser.round does. */
  const order = ['year', 'month', 'day', 'hour', 'minute', 'second', 'milli'];
  const from = order.indexOf(unit);
  if (from < 1) d.setUTCMonth(0);
  if (from < 2) d.setUTCDate(1);
  if (from < 3) d.setUTCHours(0);
  if (from < 4) d.setUTCMinutes(0);
  if (from < 5) d.setUTCSeconds(0);
  if (from < 6) d.setUTCMilliseconds(0);
}

/** The instant `text` names, as an ISO string; `position` is where `text` starts in `q`, for errors. */
export function evaluateDateMath(text: string, now: Date, position: number): string {
  const bad = (why: string): Error => dhusQueryError(DHUS_QUERY_ERRORS.DHUS_INVALID_VALUE, `invalid date ${JSON.stringify(text.slice(0, 60))}: ${why}`, position);
  const anchor = ANCHOR.exec(text);
  if (!anchor || anchor[0].length === 0) throw bad('expected NOW or an ISO 8601 instant');
  let d: Date;
  if (anchor[1] === undefined) d = new Date(now.getTime());
  else {
    const [y, mo, da, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(anchor[i] ?? 0)) as [number, number, number, number, number, number];
    const ms = Number((anchor[7] ?? '').padEnd(3, '0').slice(0, 3));
    d = new Date(Date.UTC(y, mo - 1, da, h, mi, s, ms));
    // Date.UTC rolls 2021-02-30 over into March; Solr refuses it.
    if (d.getUTCMonth() !== mo - 1 || d.getUTCDate() !== da || h > 23 || mi > 59 || s > 59) throw bad('no such date');
  }
  let rest = text.slice(anchor[0].length);
  for (let ops = 0; rest.length > 0; ops++) {
    const m = OPERATION.exec(rest);
    if (!m || ops > 20) throw bad('expected +N UNIT, -N UNIT or /UNIT');
    const unit = UNITS[(m[3] ?? m[4] ?? '').toUpperCase()];
    if (unit === undefined) throw bad(`unknown unit ${JSON.stringify((m[3] ?? m[4] ?? '').slice(0, 20))}`);
    if (m[4] !== undefined) round(d, unit);
    else add(d, unit, (m[1] === '-' ? -1 : 1) * Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  if (Number.isNaN(d.getTime()) || Math.abs(d.getUTCFullYear()) > 9999 || d.getUTCFullYear() < 1) throw bad('out of range');
  return d.toISOString();
}
