/**
 * SQL reading typed product attributes out of `products.attributes` (jsonb of plain JSON values). The
 * attribute name is always a parameter (`p.attributes -> $n::text`), never SQL text.
 *
 * Each read is guarded by the stored JSON type inside a CASE, so a value of another type reads as NULL
 * instead of failing a cast: the same name may be a String in one collection and a Double in another
 * (attribute_types is per collection). CASE, not AND, because only CASE fixes the evaluation order.
 */
import type { AttributeType } from './filter.ts';
import { PRODUCTS_ALIAS } from './columns.ts';
import { SQL_TIMESTAMP_PATTERN } from './literals.ts';

const ATTRIBUTES = `${PRODUCTS_ALIAS}.attributes`;

/** The attribute as a typed SQL value (text, numeric, boolean, timestamptz), NULL when absent or of another JSON type. */
export function attributeValueSql(keyParam: string, type: AttributeType): string {
  const json = `${ATTRIBUTES} -> ${keyParam}`;
  const text = `(${ATTRIBUTES} ->> ${keyParam})`;
  switch (type) {
    case 'String':
      return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${text} END)`;
    case 'Integer':
    case 'Double':
      // numeric, not double precision: any JSON number reads without overflow (1e400 is valid JSON).
      return `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${text}::numeric END)`;
    case 'Boolean':
      return `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${text}::boolean END)`;
    case 'DateTimeOffset':
      // The pattern admits only what casts cleanly, except a day past the month's end (2021-02-30),
      // which the inner CASE checks against the month's last day before the cast.
      return (
        `(CASE WHEN jsonb_typeof(${json}) = 'string' AND ${text} ~ '${SQL_TIMESTAMP_PATTERN}' THEN ` +
        `CASE WHEN substr(${text}, 9, 2)::int <= extract(day FROM (substr(${text}, 1, 8) || '01')::date + interval '1 month' - interval '1 day') ` +
        `THEN ${text}::timestamptz END END)`
      );
  }
}

/** Attribute types whose equality jsonb containment can decide, so that the GIN (jsonb_path_ops) index serves it. */
export function containmentApplies(type: AttributeType): boolean {
  return type !== 'DateTimeOffset'; // timestamps have many spellings of one instant; they compare as timestamptz
}

/** The jsonb document `{name: value}` for `attributes @> $n::jsonb`. */
export function containmentDocument(name: string, value: string | number | boolean): string {
  // A computed key defines an own property, so even `__proto__` becomes a plain member.
  return JSON.stringify({ [name]: value });
}
