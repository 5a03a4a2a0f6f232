/**
 * The portal's search as plain data, and its codec to and from the URL query string, so that a search
 * can be shared and reloaded: every field the search panel sets, the page and the open product.
 */

/** A polygon ring list in WGS84 longitude/latitude (GeoJSON Polygon coordinates). */
export type PolygonWgs84 = number[][][];

export type OrbitDirection = 'ascending' | 'descending';
export type SortKey = 'datetime' | 'eo:cloud_cover';

export interface SearchState {
  aoi: PolygonWgs84 | null;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  from: string;
  to: string;
  collections: string[];
  productType: string;
  maxCloud: number;
  orbitDirection: OrbitDirection | '';
  relativeOrbit: number | null;
  text: string;
  sortBy: SortKey;
  sortDesc: boolean;
  page: number;
  /** The STAC paging token of the page shown (opaque; empty for the first page). */
  token: string;
  /** The product panel's item, by collection and id. */
  open: { collection: string; id: string } | null;
  lang: string;
  view: 'search' | 'catalogue';
}

export const DEFAULT_STATE: SearchState = {
  aoi: null,
  from: '',
  to: '',
  collections: [],
  productType: '',
  maxCloud: 100,
  orbitDirection: '',
  relativeOrbit: null,
  text: '',
  sortBy: 'datetime',
  sortDesc: true,
  page: 1,
  token: '',
  open: null,
  lang: '',
  view: 'search',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Coordinates rounded to 1e-5° (about a metre) keep shared URLs short. */
function encodePolygon(polygon: PolygonWgs84): string {
  return polygon.map((ring) => ring.map(([x, y]) => `${round5(x ?? 0)},${round5(y ?? 0)}`).join(';')).join('|');
}

function round5(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}

function decodePolygon(text: string): PolygonWgs84 | null {
  const rings = text.split('|').map((ring) => ring.split(';').map((pair) => pair.split(',').map(Number)));
  const valid = rings.every((ring) => ring.length >= 4 && ring.every((p) => p.length === 2 && p.every(Number.isFinite)));
  return valid && rings.length > 0 ? rings : null;
}

/** The state as a query string, leaving out what equals the default. */
export function encodeSearchState(state: SearchState): string {
  const q = new URLSearchParams();
  if (state.view !== 'search') q.set('view', state.view);
  if (state.aoi) q.set('aoi', encodePolygon(state.aoi));
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.collections.length > 0) q.set('collections', state.collections.join(','));
  if (state.productType) q.set('type', state.productType);
  if (state.maxCloud < 100) q.set('cloud', String(state.maxCloud));
  if (state.orbitDirection) q.set('orbit', state.orbitDirection);
  if (state.relativeOrbit !== null) q.set('relorbit', String(state.relativeOrbit));
  if (state.text) q.set('q', state.text);
  if (state.sortBy !== 'datetime' || !state.sortDesc) q.set('sort', `${state.sortDesc ? '-' : ''}${state.sortBy}`);
  if (state.page > 1 && state.token) {
    q.set('page', String(state.page));
    q.set('token', state.token);
  }
  if (state.open) q.set('open', `${state.open.collection}/${state.open.id}`);
  if (state.lang) q.set('lang', state.lang);
  // Commas, semicolons, colons and slashes are plain characters in a query (RFC 3986 §3.4): left readable.
  return q.toString().replace(/%2C|%3B|%3A|%2F/g, (c) => decodeURIComponent(c));
}

function intIn(text: string | null, min: number, max: number): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** The state a query string describes; anything malformed falls back to its default instead of failing. */
export function decodeSearchState(query: string): SearchState {
  const q = new URLSearchParams(query);
  const s: SearchState = { ...DEFAULT_STATE, collections: [] };
  if (q.get('view') === 'catalogue') s.view = 'catalogue';
  const aoi = q.get('aoi');
  if (aoi) s.aoi = decodePolygon(aoi);
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  if (DATE.test(from)) s.from = from;
  if (DATE.test(to)) s.to = to;
  s.collections = (q.get('collections') ?? '').split(',').filter((c) => /^[A-Za-z0-9_.-]+$/.test(c));
  s.productType = q.get('type') ?? '';
  s.maxCloud = intIn(q.get('cloud'), 0, 100) ?? 100;
  const orbit = q.get('orbit');
  if (orbit === 'ascending' || orbit === 'descending') s.orbitDirection = orbit;
  s.relativeOrbit = intIn(q.get('relorbit'), 1, 1000);
  s.text = q.get('q') ?? '';
  const sort = /^(-?)(datetime|eo:cloud_cover)$/.exec(q.get('sort') ?? '');
  if (sort) {
    s.sortDesc = sort[1] === '-';
    s.sortBy = sort[2] as SortKey; // the pattern admits only the two keys
  }
  const token = q.get('token') ?? '';
  const page = intIn(q.get('page'), 2, 100_000);
  if (token && page !== null) {
    s.page = page;
    s.token = token;
  }
  const open = /^([^/]+)\/(.+)$/.exec(q.get('open') ?? '');
  if (open?.[1] && open[2]) s.open = { collection: open[1], id: open[2] };
  s.lang = q.get('lang') ?? '';
  return s;
}
