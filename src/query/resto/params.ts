/**
 * resto query parameters (CDSE OpenSearch, reference/cdse.md §2) → the one filter tree, ordering and
 * offset paging. Unknown parameters and bad values throw RESTO_* errors listing every problem at once.
 * Attribute names are eohub's (the CDSE OData names, §1.2); `platform=S2A` is platformShortName
 * SENTINEL-2 and platformSerialIdentifier A, as resto prints it.
 */
import { z } from 'zod';
import { and, attribute, bbox, constant, dWithin, eq, ge, geometry, le, like, prop, sIntersects } from '../builders.ts';
import type { AttributeRef, Filter } from '../filter.ts';
import type { SortKey, SortTerm } from '../order.ts';
import { isUuid } from '../literals.ts';
import { RESTO_QUERY_ERRORS, restoQueryError, type RestoProblem } from './errors.ts';
import { parseInterval } from './intervals.ts';
import { box, decimal, integer, oneOf, text, timestamp, wkt } from './values.ts';

/** CDSE: maxRecords ≤ 2000, default 20; `(page-1)*maxRecords + index - 1 ≤ 10000`. */
export const RESTO_MAX_RECORDS = 2_000;
export const RESTO_DEFAULT_RECORDS = 20;
export const RESTO_MAX_OFFSET = 10_000;

/** Equality parameters and the attribute each reads. */
export const RESTO_STRING_ATTRIBUTES = {
  productType: 'productType',
  processingLevel: 'processingLevel',
  instrument: 'instrumentShortName',
  sensorMode: 'operationalMode',
  orbitDirection: 'orbitDirection',
  timeliness: 'timeliness',
  polarisation: 'polarisationChannels',
  swath: 'swathIdentifier',
  tileId: 'tileId',
} as const;

/** Number-or-interval parameters and the attribute each reads. */
export const RESTO_NUMBER_ATTRIBUTES = {
  cloudCover: attribute('cloudCover', 'Double'),
  orbitNumber: attribute('orbitNumber', 'Integer'),
  relativeOrbitNumber: attribute('relativeOrbitNumber', 'Integer'),
} as const satisfies Record<string, AttributeRef>;

const interval = (field: AttributeRef, integerOnly: boolean) =>
  z.string().transform((s, ctx) => {
    const f = s.length <= 2_000 ? parseInterval(s, field, integerOnly) : null;
    if (f === null) {
      ctx.addIssue({
        code: 'custom',
        message: `Input should be ${integerOnly ? 'an integer' : 'a number'} or an interval: n, [a,b], ]a,b[, [a,b[, ]a,b], [a, ]a, a], a[ or {a,b}.`,
      });
      return z.NEVER;
    }
    return f;
  });

const SORT_PARAMS = {
  startDate: 'sensingStart',
  completionDate: 'sensingEnd',
  published: 'publicationDate',
  updated: 'modificationDate',
} as const;

export const RESTO_PARAMS = z.object({
  maxRecords: integer(1, RESTO_MAX_RECORDS).optional(),
  page: integer(1, RESTO_MAX_OFFSET + 1).optional(),
  index: integer(1, RESTO_MAX_OFFSET + 1).optional(),
  sortParam: oneOf(['startDate', 'completionDate', 'published', 'updated']).optional(),
  sortOrder: oneOf(['ascending', 'descending', 'asc', 'desc']).optional(),
  exactCount: oneOf(['0', '1', 'true', 'false']).optional(),
  startDate: timestamp.optional(),
  completionDate: timestamp.optional(),
  publishedAfter: timestamp.optional(),
  publishedBefore: timestamp.optional(),
  updated: timestamp.optional(),
  box: box.optional(),
  geometry: wkt.optional(),
  lon: decimal(-180, 180).optional(),
  lat: decimal(-90, 90).optional(),
  radius: decimal(0, 20_040_000).optional(),
  identifier: text.optional(),
  productIdentifier: text.optional(),
  platform: text.optional(),
  status: oneOf(['ONLINE', 'OFFLINE', 'ALL']).optional(),
  productType: text.optional(),
  processingLevel: text.optional(),
  instrument: text.optional(),
  sensorMode: text.optional(),
  orbitDirection: text.optional(),
  timeliness: text.optional(),
  polarisation: text.optional(),
  swath: text.optional(),
  tileId: text.optional(),
  cloudCover: interval(RESTO_NUMBER_ATTRIBUTES.cloudCover, false).optional(),
  orbitNumber: interval(RESTO_NUMBER_ATTRIBUTES.orbitNumber, true).optional(),
  relativeOrbitNumber: interval(RESTO_NUMBER_ATTRIBUTES.relativeOrbitNumber, true).optional(),
});
export type RestoParams = z.output<typeof RESTO_PARAMS>;
export const RESTO_PARAMETER_NAMES: readonly string[] = Object.keys(RESTO_PARAMS.shape);

export interface RestoSearch {
  readonly filter: Filter;
  readonly order: SortTerm[];
  readonly maxRecords: number;
  readonly page: number;
  readonly index: number;
  /** Rows skipped: `(page-1)*maxRecords + index - 1`. */
  readonly offset: number;
  readonly exactCount: boolean;
  /** The filtering parameters as given (not paging or sorting), for `properties.query.originalFilters`. */
  readonly originalFilters: Record<string, string>;
}

export type RawRestoQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

const PAGING_KEYS = new Set(['maxRecords', 'page', 'index', 'sortParam', 'sortOrder', 'exactCount']);

/** Reads a resto query string (already split by the HTTP layer); `collection` is the catalogue name from the path. */
export function parseRestoQuery(raw: RawRestoQuery, collection?: string): RestoSearch {
  const unknown = Object.keys(raw).filter((k) => !RESTO_PARAMETER_NAMES.includes(k));
  if (unknown.length > 0) {
    throw restoQueryError(
      RESTO_QUERY_ERRORS.RESTO_UNKNOWN_PARAMETER,
      'Unknown query parameter(s).',
      unknown.slice(0, 50).map((k) => ({ param: k.slice(0, 100), msg: `Unknown query parameter '${k.slice(0, 100)}'.` })),
    );
  }
  const problems: RestoProblem[] = [];
  const single: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (typeof v === 'string') single[k] = v;
    else problems.push({ param: k, msg: 'The parameter should be given once.' });
  }
  const parsed = RESTO_PARAMS.safeParse(single);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ param: String(issue.path[0] ?? ''), msg: issue.message });
  }
  if (problems.length > 0 || !parsed.success) throw restoQueryError(RESTO_QUERY_ERRORS.RESTO_INVALID_VALUE, 'Validation error.', problems);
  const p = parsed.data;
  const maxRecords = p.maxRecords ?? RESTO_DEFAULT_RECORDS;
  const page = p.page ?? 1;
  const index = p.index ?? 1;
  const offset = (page - 1) * maxRecords + index - 1;
  if (offset > RESTO_MAX_OFFSET) {
    throw restoQueryError(RESTO_QUERY_ERRORS.RESTO_INVALID_VALUE, 'Validation error.', [
      { param: 'page', msg: `(page-1)*maxRecords + index - 1 should be less than or equal to ${RESTO_MAX_OFFSET}.` },
    ]);
  }
  const key: SortKey = SORT_PARAMS[p.sortParam ?? 'startDate'];
  const direction = p.sortOrder === 'ascending' || p.sortOrder === 'asc' ? 'asc' : 'desc';
  const originalFilters = Object.fromEntries(Object.entries(single).filter(([k]) => !PAGING_KEYS.has(k)));
  return {
    filter: buildFilter(p, collection),
    order: [{ key, direction }],
    maxRecords,
    page,
    index,
    offset,
    exactCount: p.exactCount === '1' || p.exactCount === 'true',
    originalFilters: collection === undefined ? originalFilters : { ...originalFilters, collection },
  };
}

function spatialFilters(p: RestoParams): Filter[] {
  const out: Filter[] = [];
  if (p.box) out.push(sIntersects(bbox(...p.box)));
  if (p.geometry) out.push(sIntersects(geometry(p.geometry)));
  if (p.lon !== undefined || p.lat !== undefined || p.radius !== undefined) {
    if (p.lon === undefined || p.lat === undefined) {
      throw restoQueryError(RESTO_QUERY_ERRORS.RESTO_INVALID_VALUE, 'Validation error.', [
        { param: p.lon === undefined ? 'lon' : 'lat', msg: 'lon and lat go together (with an optional radius in metres).' },
      ]);
    }
    const point = geometry({ type: 'Point', coordinates: [p.lon, p.lat] });
    out.push(p.radius === undefined ? sIntersects(point) : dWithin(point, p.radius));
  }
  return out;
}

/** `%` is resto's wildcard; `_` and `\` are literal (escaped for the tree's LIKE). */
function nameFilter(value: string): Filter {
  // A CDSE productIdentifier is the S3 path `/eodata/…/<name>`: the name is its last segment.
  const name = value.startsWith('/eodata/') ? (value.split('/').at(-1) ?? '') : value;
  return name.includes('%') ? like(prop('name'), name.replace(/[\\_]/g, '\\$&')) : eq(prop('name'), name);
}

function platformFilter(value: string): Filter {
  const m = /^S(\d)([A-D])$/.exec(value);
  if (m)
    return and(
      eq(attribute('platformShortName', 'String'), `SENTINEL-${m[1]}`),
      eq(attribute('platformSerialIdentifier', 'String'), m[2] as string),
    );
  return eq(attribute('platformShortName', 'String'), value);
}

function buildFilter(p: RestoParams, collection: string | undefined): Filter {
  const parts: Filter[] = [];
  if (collection !== undefined) parts.push(eq(prop('collection'), collection));
  if (p.startDate) parts.push(ge(prop('sensingStart'), { kind: 'timestamp', value: p.startDate }));
  if (p.completionDate) parts.push(le(prop('sensingEnd'), { kind: 'timestamp', value: p.completionDate }));
  if (p.publishedAfter) parts.push(ge(prop('publicationDate'), { kind: 'timestamp', value: p.publishedAfter }));
  if (p.publishedBefore) parts.push(le(prop('publicationDate'), { kind: 'timestamp', value: p.publishedBefore }));
  if (p.updated) parts.push(ge(prop('modificationDate'), { kind: 'timestamp', value: p.updated }));
  parts.push(...spatialFilters(p));
  if (p.identifier) parts.push(isUuid(p.identifier) ? eq(prop('id'), p.identifier.toLowerCase()) : eq(prop('name'), p.identifier));
  if (p.productIdentifier) parts.push(nameFilter(p.productIdentifier));
  if (p.platform) parts.push(platformFilter(p.platform));
  if (p.status === 'ONLINE' || p.status === 'OFFLINE') parts.push(eq(prop('online'), p.status === 'ONLINE'));
  for (const [param, name] of Object.entries(RESTO_STRING_ATTRIBUTES)) {
    const value = p[param as keyof typeof RESTO_STRING_ATTRIBUTES];
    if (value !== undefined) parts.push(eq(attribute(name, 'String'), value));
  }
  for (const param of ['cloudCover', 'orbitNumber', 'relativeOrbitNumber'] as const) {
    const f = p[param];
    if (f !== undefined) parts.push(f);
  }
  if (parts.length === 0) return constant(true);
  return parts.length === 1 ? (parts[0] as Filter) : and(...parts);
}
