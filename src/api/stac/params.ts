/**
 * Request schemas of the STAC API (zod), GET query strings and POST bodies, parsed into the capability's
 * StacSearchRequest. The parameter groups (bbox, datetime, paging, the extensions' parameters) are
 * defined once and shared by /search, /collections/{id}/items and collection search.
 */
import { z } from 'zod';
import { HubError } from '../../errors/index.ts';
import { parseLimit, STAC_ERRORS, type FieldsSpec, type StacSearchRequest } from '../../stac/index.ts';

export interface Limits {
  defaultLimit: number;
  maxLimit: number;
}

function invalid(message: string): HubError {
  return new HubError(STAC_ERRORS.INVALID_PARAMETER, 'invalid', message);
}

/** The first zod issue as a 400 that names the parameter. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : what;
  throw invalid(`${where}: ${issue?.message ?? 'invalid'}`);
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

function numbers(s: string, what: string): number[] {
  const parts = s.split(',');
  if (!parts.every((p) => NUMBER.test(p))) throw invalid(`${what}: comma-separated numbers`);
  return parts.map(Number);
}

function integer(s: string, what: string): number {
  if (!/^\s*[-+]?\d{1,15}\s*$/.test(s)) throw invalid(`${what}: an integer`);
  return Number(s);
}

function json(s: string, what: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    throw invalid(`${what}: not JSON`);
  }
}

/** GET `sortby=+a,-b,c` (sort extension, GET form). */
function sortbyOf(s: string): { field: string; direction: 'asc' | 'desc' }[] {
  return list(s).map((t) =>
    t.startsWith('-') ? { field: t.slice(1), direction: 'desc' } : { field: t.replace(/^\+/, ''), direction: 'asc' },
  );
}

/** GET `fields=a,-b` (fields extension, GET form). */
function fieldsOf(s: string): FieldsSpec {
  const terms = list(s);
  return {
    include: terms.filter((t) => !t.startsWith('-')).map((t) => t.replace(/^\+/, '')),
    exclude: terms.filter((t) => t.startsWith('-')).map((t) => t.slice(1)),
  };
}

const text = z.string().max(100_000);

export const searchQuerySchema = z
  .object({
    collections: text.optional(),
    ids: text.optional(),
    bbox: text.optional(),
    intersects: text.optional(),
    datetime: text.optional(),
    limit: text.optional(),
    sortby: text.optional(),
    fields: text.optional(),
    query: text.optional(),
    q: text.optional(),
    filter: text.optional(),
    'filter-lang': text.optional(),
    'filter-crs': text.optional(),
    token: text.optional(),
  })
  .loose();

/** A GET search (or item list) query string → StacSearchRequest. */
export function searchFromQuery(raw: unknown, limits: Limits): StacSearchRequest {
  const q = parseWith(searchQuerySchema, raw ?? {}, 'query string');
  return {
    collections: q.collections === undefined ? undefined : list(q.collections),
    ids: q.ids === undefined ? undefined : list(q.ids),
    bbox: q.bbox === undefined ? undefined : numbers(q.bbox, 'bbox'),
    intersects: q.intersects === undefined ? undefined : json(q.intersects, 'intersects'),
    datetime: q.datetime,
    limit: parseLimit(q.limit === undefined ? undefined : integer(q.limit, 'limit'), limits.defaultLimit, limits.maxLimit),
    sortby: q.sortby === undefined ? undefined : sortbyOf(q.sortby),
    fields: q.fields === undefined ? undefined : fieldsOf(q.fields),
    query: q.query === undefined ? undefined : parseWith(z.record(z.string(), z.unknown()), json(q.query, 'query'), 'query'),
    q: q.q === undefined ? undefined : list(q.q),
    filter: q.filter,
    filterLang: q['filter-lang'],
    filterCrs: q['filter-crs'],
    token: q.token,
  };
}

const stringList = z.array(z.string().max(1000)).max(1000);

export const searchBodySchema = z
  .object({
    collections: stringList.optional(),
    ids: stringList.optional(),
    bbox: z.array(z.number()).optional(),
    intersects: z.record(z.string(), z.unknown()).optional(),
    datetime: z.string().max(200).optional(),
    limit: z.number().optional(),
    sortby: z
      .array(z.object({ field: z.string().max(200), direction: z.enum(['asc', 'desc']).default('asc') }))
      .max(16)
      .optional(),
    fields: z.object({ include: stringList.optional(), exclude: stringList.optional() }).optional(),
    query: z.record(z.string(), z.unknown()).optional(),
    q: z.union([z.string().max(10_000), stringList]).optional(),
    filter: z.union([z.string().max(100_000), z.record(z.string(), z.unknown())]).optional(),
    'filter-lang': z.string().max(100).optional(),
    'filter-crs': z.string().max(200).optional(),
    token: z.string().max(10_000).optional(),
  })
  .loose();

/** A POST search body → StacSearchRequest (and the body itself, for `next`/`prev` links with merge: false). */
export function searchFromBody(raw: unknown, limits: Limits): StacSearchRequest {
  const b = parseWith(searchBodySchema, raw ?? {}, 'body');
  return {
    collections: b.collections,
    ids: b.ids,
    bbox: b.bbox,
    intersects: b.intersects,
    datetime: b.datetime,
    limit: parseLimit(b.limit, limits.defaultLimit, limits.maxLimit),
    sortby: b.sortby,
    fields: b.fields,
    query: b.query,
    q: b.q === undefined ? undefined : typeof b.q === 'string' ? list(b.q) : b.q,
    filter: b.filter,
    filterLang: b['filter-lang'],
    filterCrs: b['filter-crs'],
    token: b.token,
  };
}

export const collectionsQuerySchema = z
  .object({ bbox: text.optional(), datetime: text.optional(), q: text.optional(), limit: text.optional(), token: text.optional() })
  .loose();

/** The collection and item path parameters. */
export const collectionParams = z.object({ collectionId: z.string().min(1).max(255) });
export const itemParams = z.object({ collectionId: z.string().min(1).max(255), itemId: z.string().min(1).max(1000) });

export { integer as parseIntegerParam, list as parseListParam, numbers as parseNumbersParam };
