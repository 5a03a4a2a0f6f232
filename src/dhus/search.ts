/**
 * `/dhus/search` as a capability: the request's parameters (reference/dhus-sentinelsat.md §1.6: `rows`
 * 0..100, default 10; `start` default 0; `orderby` lowercased Solr sort, default `ingestiondate desc`),
 * the query parsed by the DHuS dialect, and one catalogue search with offset paging and an exact count.
 */
import { z } from 'zod';
import { searchProducts, type Product } from '../catalog/index.ts';
import type { AccessScope } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { attribute, parseDhusQuery, type SortTerm } from '../query/index.ts';
import { DHUS_ERRORS } from './errors.ts';

/** DHuS's max.product.page.size. */
export const MAX_ROWS = 100;
export const DEFAULT_ROWS = 10;
/** Offsets beyond this are refused rather than scanned (a deep Solr start is as costly). */
export const MAX_START = 1_000_000;

export interface DhusSearchRequest {
  q: string;
  rows: number;
  start: number;
  order: SortTerm[];
  format: 'json' | 'xml';
}

export interface DhusSearchResult {
  request: DhusSearchRequest;
  totalResults: number;
  products: Product[];
}

function invalid(message: string): HubError {
  return new HubError(DHUS_ERRORS.DHUS_INVALID_PARAMETER, 'invalid', message);
}

const integer = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return fallback;
      const n = /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : NaN;
      if (!(n >= min && n <= max)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer within ${min}..${max}` });
        return z.NEVER;
      }
      return n;
    });

const PARAMS = z.object({
  rows: integer('rows', 0, MAX_ROWS, DEFAULT_ROWS),
  start: integer('start', 0, MAX_START, 0),
  orderby: z.string().max(1000).optional(),
  format: z
    .string()
    .optional()
    .transform((f, ctx) => {
      const v = (f ?? 'xml').toLowerCase();
      if (v === 'json' || v === 'xml') return v;
      ctx.addIssue({ code: 'custom', message: 'format must be json or xml' });
      return z.NEVER;
    }),
});

const SORT_FIELDS: Record<string, SortTerm['key']> = {
  beginposition: 'sensingStart',
  date: 'sensingStart',
  endposition: 'sensingEnd',
  ingestiondate: 'publicationDate',
  creationdate: 'publicationDate',
  identifier: 'name',
  filename: 'name',
  size: 'contentLength',
  uuid: 'id',
  cloudcoverpercentage: attribute('cloudCover', 'Double'),
  orbitnumber: attribute('orbitNumber', 'Integer'),
  relativeorbitnumber: attribute('relativeOrbitNumber', 'Integer'),
};

/** `beginposition desc, ingestiondate asc` (DHuS lowercases it and hands it to Solr's `sort`). */
export function parseOrderBy(text: string | undefined): SortTerm[] {
  if (text === undefined || text.trim() === '') return [{ key: 'publicationDate', direction: 'desc' }];
  return text.split(',').map((part) => {
    const [field = '', direction = 'asc', ...extra] = part.trim().toLowerCase().split(/\s+/);
    const key = SORT_FIELDS[field];
    if (key === undefined || extra.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
      throw invalid(`orderby: cannot sort on ${JSON.stringify(part.trim().slice(0, 60))}`);
    }
    return { key, direction };
  });
}

/**
 * Reads the search parameters (strings as the query string gives them); `q` is already decoded. A
 * missing `q` is refused as DHuS refuses it; its syntax is checked by searchDhus, whose errors DHuS
 * answers inside the feed.
 */
export function readDhusSearchRequest(q: string | undefined, raw: Record<string, unknown>): DhusSearchRequest {
  const single = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) ? (v.at(-1) as string | undefined) : undefined);
  const parsed = PARAMS.safeParse({ rows: single(raw['rows']), start: single(raw['start']), orderby: single(raw['orderby']), format: single(raw['format']) });
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => i.message).join('; '));
  if (q === undefined) throw new HubError(DHUS_ERRORS.DHUS_MISSING_QUERY, 'invalid', "Required String parameter 'q' is not present");
  return { q, rows: parsed.data.rows, start: parsed.data.start, order: parseOrderBy(parsed.data.orderby), format: parsed.data.format };
}

/** Runs the search: every match counted (DHuS's totalResults is exact), one page of products. */
export async function searchDhus(
  db: Queryable,
  scope: AccessScope,
  request: DhusSearchRequest,
  now: Date = new Date(),
): Promise<DhusSearchResult> {
  const filter = parseDhusQuery(request.q, { now });
  const page = await searchProducts(db, { scope, filter, order: request.order, limit: request.rows, offset: request.start, count: true });
  return { request, totalResults: page.numberMatched ?? page.products.length, products: page.products };
}
