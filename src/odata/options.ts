/**
 * The system query options of a CDSE OData request (CDSE §1.3), read from the decoded query string into
 * one typed value. Unknown `$options` are refused, as OData 4.01 Protocol §11.2.1 asks of a service;
 * parameters without `$` (a client's `token`, cache busters) are left alone.
 */
import { HubError } from '../errors/index.ts';
import { parseODataFilter, parseODataOrderBy, type Filter, type ODataNames, type SortTerm } from '../query/index.ts';
import { DEFAULT_TOP, MAX_SKIP, MAX_TOP, ODATA_ERRORS } from './errors.ts';

export const EXPANDS = ['Attributes', 'Assets', 'Locations'] as const;
export type Expand = (typeof EXPANDS)[number];

/** The Product entity's properties in their fixed output order (CDSE §1.2); `$select` picks among them. */
export const PRODUCT_PROPERTIES = [
  'Id',
  'Name',
  'ContentType',
  'ContentLength',
  'OriginDate',
  'PublicationDate',
  'ModificationDate',
  'Online',
  'EvictionDate',
  'S3Path',
  'Checksum',
  'ContentDate',
  'Footprint',
  'GeoFootprint',
] as const;
export type ProductProperty = (typeof PRODUCT_PROPERTIES)[number];

export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface ODataQuery {
  readonly filter: Filter | undefined;
  readonly order: SortTerm[] | undefined;
  readonly top: number;
  readonly skip: number;
  readonly count: boolean;
  readonly expand: readonly Expand[];
  /** undefined: every property. */
  readonly select: readonly ProductProperty[] | undefined;
}

export type EntitySet = 'Products' | 'DeletedProducts';

/**
 * DeletedProducts (CDSE §1.9): `DeletionDate` and `DeletionCause` are the tombstone's modificationDate and
 * contentType fields (catalog/deletions.ts); the product's own ModificationDate and ContentType are not filterable there.
 */
const DELETED_NAMES: ODataNames = {
  properties: { DeletionDate: 'modificationDate', DeletionCause: 'contentType' },
  exclude: ['ModificationDate', 'ContentType'],
  sortKeys: { DeletionDate: 'modificationDate' },
};

const KNOWN = new Set(['$filter', '$orderby', '$top', '$skip', '$count', '$expand', '$select', '$format']);
const COUNT_VALUES: Readonly<Record<string, boolean>> = { true: true, True: true, '1': true, false: false, False: false, '0': false };

function badOption(message: string, option: string): HubError {
  return new HubError(ODATA_ERRORS.ODATA_BAD_OPTION, 'invalid', message, { details: { option } });
}

function single(raw: RawQuery, name: string): string | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v.length > 1) throw badOption(`${name} is given more than once`, name);
  return v[0];
}

function all(raw: RawQuery, name: string): string[] {
  const v = raw[name];
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
}

function integer(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\s*\d{1,9}\s*$/.test(text)) throw badOption(`${name} must be a non-negative integer`, name);
  return Number(text);
}

function readExpand(raw: RawQuery, set: EntitySet): Expand[] {
  const out: Expand[] = [];
  for (const part of all(raw, '$expand').flatMap((v) => v.split(','))) {
    const name = part.trim().replace(/\(\)$/, '');
    const found = EXPANDS.find((e) => e.toLowerCase() === name.toLowerCase());
    if (!found || (set === 'DeletedProducts' && found !== 'Attributes')) {
      throw badOption(
        `cannot expand ${JSON.stringify(name.slice(0, 100))}; expand ${set === 'Products' ? EXPANDS.join(', ') : 'Attributes'}`,
        '$expand',
      );
    }
    if (!out.includes(found)) out.push(found);
  }
  return out;
}

function readSelect(text: string | undefined): ProductProperty[] | undefined {
  if (text === undefined) return undefined;
  const chosen = new Set<ProductProperty>(['Id']);
  for (const part of text.split(',')) {
    const name = part.trim();
    if (name === '*') return undefined;
    // CDSE's documentation spells it `Geofootprint`: property names match case-insensitively.
    const found = PRODUCT_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!found) throw badOption(`cannot select ${JSON.stringify(name.slice(0, 100))}`, '$select');
    chosen.add(found);
  }
  return PRODUCT_PROPERTIES.filter((p) => chosen.has(p));
}

/** Reads and checks every option; throws HubError `invalid` (or ODATA_SKIP_TOO_LARGE) on the first bad one. */
export function parseODataQuery(raw: RawQuery, set: EntitySet = 'Products'): ODataQuery {
  for (const key of Object.keys(raw)) {
    if (key.startsWith('$') && !KNOWN.has(key)) throw badOption(`unknown query option ${JSON.stringify(key.slice(0, 50))}`, key);
  }
  const format = single(raw, '$format');
  if (format !== undefined && !/^(json|application\/json)$/i.test(format.trim())) throw badOption('$format is json', '$format');
  const names = set === 'DeletedProducts' ? DELETED_NAMES : {};
  const filterText = single(raw, '$filter');
  const orderText = single(raw, '$orderby');
  const top = integer(single(raw, '$top'), '$top', DEFAULT_TOP);
  if (top > MAX_TOP) throw badOption(`$top is at most ${MAX_TOP}`, '$top');
  const skipText = single(raw, '$skip');
  const skip = integer(skipText, '$skip', 0);
  if (skip > MAX_SKIP) {
    throw new HubError(ODATA_ERRORS.ODATA_SKIP_TOO_LARGE, 'invalid', `$skip is at most ${MAX_SKIP}`, {
      details: { option: '$skip', input: skipText, le: MAX_SKIP },
    });
  }
  const countText = single(raw, '$count');
  const count = countText === undefined ? false : COUNT_VALUES[countText.trim()];
  if (count === undefined) throw badOption('$count is true or false', '$count');
  return {
    filter: filterText === undefined || filterText.trim() === '' ? undefined : parseODataFilter(filterText, names),
    order: orderText === undefined || orderText.trim() === '' ? undefined : parseODataOrderBy(orderText, names),
    top,
    skip,
    count,
    expand: readExpand(raw, set),
    select: readSelect(single(raw, '$select')),
  };
}
