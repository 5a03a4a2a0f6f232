/**
 * Literal values of the OData dialect: datetimes (CDSE §1.2: `Z`, offsets, no zone = UTC, bare dates)
 * and the one lenient conversion, a quoted string compared with an instant.
 */
import type { Scalar } from '../filter.ts';
import { normaliseTimestamp } from '../literals.ts';
import { ODATA_QUERY_ERRORS, odataQueryError } from './errors.ts';
import { TIMESTAMP_PROPERTIES } from './properties.ts';

export function timestampLiteral(text: string, pos: number): Scalar {
  const value = normaliseTimestamp(text);
  if (value === null)
    throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, `not a datetime: ${JSON.stringify(text.slice(0, 40))}`, pos);
  return { kind: 'timestamp', value };
}

/** A quoted string compared with an instant is read as a datetime (CDSE accepts both forms). */
export function coerce(other: Scalar, s: Scalar, pos: number): Scalar {
  const instant =
    (other.kind === 'property' && TIMESTAMP_PROPERTIES.has(other.name)) || (other.kind === 'attribute' && other.type === 'DateTimeOffset');
  return instant && s.kind === 'string' ? timestampLiteral(s.value, pos) : s;
}
