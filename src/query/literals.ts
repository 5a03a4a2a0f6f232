/**
 * Checks on literal values, made in TypeScript before any SQL runs: whatever passes here is a value
 * PostgreSQL accepts for the cast the compiler puts on its parameter, so a filter can never surface as
 * a database error.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Longest string literal or attribute name a filter may carry. */
export const MAX_TEXT_LENGTH = 10_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL can hold: no NUL (text and jsonb reject U+0000) and no lone UTF-16 surrogate (jsonb
 * rejects `\ud800`, which is what JSON.stringify makes of one).
 */
export function isStorableText(text: string): boolean {
  return text.length <= MAX_TEXT_LENGTH && !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

// RFC 3339 date-time, also a date alone, a space for T, a missing seconds field, a missing zone, and
// PostgreSQL's own `+00` zone output (its timestamptz::text, which sort cursors carry).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The normalised form of a timestamp literal (`YYYY-MM-DDTHH:MM[:SS[.f]]Z|±HH:MM`), or null when it is
 * not one. A date alone is midnight UTC and a missing zone is UTC (CDSE §1.2), written out so that the
 * session time zone never matters.
 */
export function normaliseTimestamp(text: string): string | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hh === undefined) return `${y}-${mo}-${d}T00:00:00Z`;
  if (Number(hh) > 23 || Number(mi) > 59 || (ss !== undefined && Number(ss) > 59)) return null;
  let tz = 'Z';
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (zh > 15 || zm > 59) return null;
    tz = `${zone[0]}${digits.slice(0, 2)}:${String(zm).padStart(2, '0')}`;
  }
  return `${y}-${mo}-${d}T${hh}:${mi}${ss === undefined ? '' : `:${ss}${frac ?? ''}`}${tz}`;
}

/**
 * The same acceptance test in SQL, for DateTimeOffset attributes read from jsonb: values matching it
 * cast to timestamptz without error once the day is checked against the month (attribute-sql.ts).
 * PostgreSQL 15 has no pg_input_is_valid, hence a pattern. Character classes only, no backslashes.
 */
export const SQL_TIMESTAMP_PATTERN =
  '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
  '([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?)?(Z|[+-](0[0-9]|1[0-5])(:?[0-5][0-9])?)?$';
