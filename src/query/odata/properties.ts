/**
 * The Product entity's property paths (CDSE §1.2, §1.4) and the catalogue fields they name; `$orderby`
 * keys (CDSE §1.3). A dialect-specific set (DeletedProducts' `DeletionDate`) is passed in as extra
 * names by the caller.
 */
import type { AttributeType, PropertyName } from '../filter.ts';
import type { SortKey } from '../order.ts';

export const ODATA_PROPERTIES: Readonly<Record<string, PropertyName>> = {
  Id: 'id',
  Name: 'name',
  'Collection/Name': 'collection',
  ContentType: 'contentType',
  ContentLength: 'contentLength',
  OriginDate: 'originDate',
  PublicationDate: 'publicationDate',
  ModificationDate: 'modificationDate',
  'ContentDate/Start': 'sensingStart',
  'ContentDate/End': 'sensingEnd',
  Online: 'online',
  EvictionDate: 'evictionDate',
};

/** Properties holding instants: a quoted string compared with them is read as a datetime (lenient, as CDSE). */
export const TIMESTAMP_PROPERTIES: ReadonlySet<PropertyName> = new Set([
  'originDate',
  'publicationDate',
  'modificationDate',
  'sensingStart',
  'sensingEnd',
  'evictionDate',
]);

export const ODATA_SORT_KEYS: Readonly<Record<string, SortKey>> = {
  'ContentDate/Start': 'sensingStart',
  'ContentDate/End': 'sensingEnd',
  PublicationDate: 'publicationDate',
  ModificationDate: 'modificationDate',
  OriginDate: 'originDate',
  Name: 'name',
  ContentLength: 'contentLength',
  Id: 'id',
};

/** `OData.CSC.<T>Attribute` → the attribute value type (CDSE §1.4). */
export const ATTRIBUTE_CASTS: Readonly<Record<string, AttributeType>> = {
  'OData.CSC.StringAttribute': 'String',
  'OData.CSC.IntegerAttribute': 'Integer',
  'OData.CSC.DoubleAttribute': 'Double',
  'OData.CSC.DateTimeOffsetAttribute': 'DateTimeOffset',
  'OData.CSC.BooleanAttribute': 'Boolean',
};

export interface ODataNames {
  /** Extra property paths for an entity set beyond Products (e.g. DeletedProducts' `DeletionDate`). */
  readonly properties?: Readonly<Record<string, PropertyName>>;
  readonly sortKeys?: Readonly<Record<string, SortKey>>;
  /** Product paths that the entity set does not have (filter and sort). */
  readonly exclude?: readonly string[];
}

/** The name tables for one entity set: the Product ones plus `names`' extras, less its exclusions. */
export function nameTables(names: ODataNames): { properties: Record<string, PropertyName>; sortKeys: Record<string, SortKey> } {
  const properties = { ...ODATA_PROPERTIES, ...names.properties };
  const sortKeys = { ...ODATA_SORT_KEYS, ...names.sortKeys };
  for (const name of names.exclude ?? []) {
    delete properties[name];
    delete sortKeys[name];
  }
  return { properties, sortKeys };
}
