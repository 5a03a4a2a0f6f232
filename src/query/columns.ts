/**
 * The closed whitelist from filter properties to SQL over the `products` table (aliased `p`,
 * migrations/0001_catalog.sql). Column names in compiled SQL come from here and nowhere else.
 */
import type { AttributeType, PropertyName } from './filter.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';

/** The alias compiled SQL expects for the products table: `FROM products p`. */
export const PRODUCTS_ALIAS = 'p';

/** What a value is, for type checking: the SQL cast of its parameters follows from it (CASTS). */
export type ValueKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'uuid' | 'geometry';

/**
 * Parameter casts per kind. Numbers are `numeric`, not double precision: a jsonb number can exceed the
 * double range (1e400 is valid JSON) and must compare, not fail; bigint columns compare with numeric exactly.
 */
export const CASTS: Record<Exclude<ValueKind, 'geometry'>, string> = {
  string: 'text',
  number: 'numeric',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  uuid: 'uuid',
};

export interface PropertyColumn {
  readonly sql: string;
  readonly kind: ValueKind;
  readonly nullable: boolean;
  /** The SQL type of the column itself, for sort cursors (contentLength is bigint, not numeric). */
  readonly sqlType: string;
}

const column = (name: string, kind: ValueKind, nullable: boolean, sqlType: string): PropertyColumn => ({
  sql: `${PRODUCTS_ALIAS}.${name}`,
  kind,
  nullable,
  sqlType,
});

const COLUMNS = new Map<string, PropertyColumn>([
  ['id', column('id', 'uuid', false, 'uuid')],
  ['name', column('name', 'string', false, 'text')],
  ['collection', column('collection', 'string', false, 'text')],
  ['contentType', column('content_type', 'string', false, 'text')],
  ['contentLength', column('content_length', 'number', false, 'bigint')],
  ['originDate', column('origin_date', 'timestamp', false, 'timestamptz')],
  ['publicationDate', column('publication_date', 'timestamp', false, 'timestamptz')],
  ['modificationDate', column('modification_date', 'timestamp', false, 'timestamptz')],
  ['sensingStart', column('sensing_start', 'timestamp', true, 'timestamptz')],
  ['sensingEnd', column('sensing_end', 'timestamp', true, 'timestamptz')],
  ['footprint', column('footprint', 'geometry', true, 'geometry')],
  ['online', column('online', 'boolean', false, 'boolean')],
  ['evictionDate', column('eviction_date', 'timestamp', true, 'timestamptz')],
]);

export function isPropertyName(name: unknown): name is PropertyName {
  return typeof name === 'string' && COLUMNS.has(name);
}

/** The column of a property; a Map, so that `constructor` or `__proto__` are unknown names like any other. */
export function propertyColumn(name: string): PropertyColumn {
  const col = COLUMNS.get(name);
  if (!col)
    throw queryError(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY, `unknown property ${JSON.stringify(name.slice(0, 100))}`, {
      property: name.slice(0, 100),
    });
  return col;
}

export function attributeKind(type: AttributeType): ValueKind {
  switch (type) {
    case 'String':
      return 'string';
    case 'Integer':
    case 'Double':
      return 'number';
    case 'DateTimeOffset':
      return 'timestamp';
    case 'Boolean':
      return 'boolean';
  }
}
