/**
 * The STAC API item-search body (POST /stac/search) for a portal search: intersects, datetime,
 * collections, a CQL2-JSON filter (OGC 21-065 §7) for the attribute conditions, sortby and paging.
 */
import type { SearchState } from './search-state.ts';

export type Cql2 = { op: string; args: unknown[] };

export interface StacSearchBody {
  limit: number;
  token?: string;
  collections?: string[];
  intersects?: { type: 'Polygon'; coordinates: number[][][] };
  datetime?: string;
  filter?: Cql2;
  'filter-lang'?: 'cql2-json';
  q?: string;
  sortby: { field: string; direction: 'asc' | 'desc' }[];
}

const prop = (name: string): { property: string } => ({ property: name });

/** The attribute conditions of a search as one CQL2-JSON expression, or null when there are none. */
export function buildCql2Filter(state: SearchState): Cql2 | null {
  const terms: Cql2[] = [];
  if (state.maxCloud < 100) terms.push({ op: '<=', args: [prop('eo:cloud_cover'), state.maxCloud] });
  if (state.orbitDirection) terms.push({ op: '=', args: [prop('sat:orbit_state'), state.orbitDirection] });
  if (state.relativeOrbit !== null) terms.push({ op: '=', args: [prop('sat:relative_orbit'), state.relativeOrbit] });
  if (state.productType) terms.push({ op: '=', args: [prop('product:type'), state.productType] });
  if (state.text) {
    // A name filter: the text anywhere in the product id, in any case (CQL2 "like" with % wildcards, §6.6; casei, §6.11).
    const escaped = state.text.replace(/[\\%_]/g, (c) => `\\${c}`);
    terms.push({
      op: 'like',
      args: [
        { op: 'casei', args: [prop('id')] },
        { op: 'casei', args: [`%${escaped}%`] },
      ],
    });
  }
  if (terms.length === 0) return null;
  return terms.length === 1 ? (terms[0] ?? null) : { op: 'and', args: terms };
}

/** An interval of whole days (inclusive) as STAC datetime; open ends are `..`. */
export function buildDatetime(from: string, to: string): string | undefined {
  if (!from && !to) return undefined;
  return `${from ? `${from}T00:00:00Z` : '..'}/${to ? `${to}T23:59:59.999Z` : '..'}`;
}

/** The search body for one page of results. */
export function buildStacSearch(state: SearchState, pageSize: number): StacSearchBody {
  const body: StacSearchBody = {
    limit: pageSize,
    sortby: [{ field: state.sortBy, direction: state.sortDesc ? 'desc' : 'asc' }],
  };
  if (state.token) body.token = state.token;
  if (state.collections.length > 0) body.collections = state.collections;
  if (state.aoi) body.intersects = { type: 'Polygon', coordinates: state.aoi };
  const datetime = buildDatetime(state.from, state.to);
  if (datetime) body.datetime = datetime;
  const filter = buildCql2Filter(state);
  if (filter) {
    body.filter = filter;
    body['filter-lang'] = 'cql2-json';
  }
  return body;
}
