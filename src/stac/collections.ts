/**
 * Collection → STAC Collection (STAC 1.0.0 collection-spec): licence (`proprietary` + a `license` link
 * to the Copernicus Sentinel data legal notice for Sentinel collections, or the collection's own
 * `license` / `licenseUrl` properties), providers, keywords, the extent computed from the products (an
 * empty collection gets the whole globe and an open interval, which the schema accepts), summaries from
 * the stored attributes, and links. Also collection search (STAC collection-search, OGC API Common part 2
 * simple-query: bbox, datetime, q), evaluated over the collections' extents.
 */
import type { Collection, CollectionStats } from '../catalog/index.ts';
import type { Bbox } from '../query/index.ts';
import { SENTINEL_LICENSE_URL } from './extensions.ts';
import type { DatetimeRange } from './params.ts';
import type { StacUrls } from './urls.ts';
import { STAC_VERSION } from './items.ts';

export type StacCollection = Record<string, unknown> & { id: string };

export const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';

function stringList(x: unknown): string[] | undefined {
  return Array.isArray(x) && x.every((v) => typeof v === 'string') ? (x as string[]) : undefined;
}

function licenseOf(c: Collection): { license: string; href?: string } {
  if (c.name.startsWith('SENTINEL-')) return { license: 'proprietary', href: SENTINEL_LICENSE_URL };
  const license = typeof c.properties['license'] === 'string' ? c.properties['license'] : 'proprietary';
  const href = typeof c.properties['licenseUrl'] === 'string' ? c.properties['licenseUrl'] : undefined;
  return href === undefined ? { license } : { license, href };
}

function keywordsOf(c: Collection): string[] {
  const own = stringList(c.properties['keywords']);
  if (own !== undefined) return own;
  const words = ['Copernicus', c.title];
  if (c.name.startsWith('SENTINEL-')) words.push('Sentinel', 'ESA', 'Earth observation');
  return [...new Set(words)];
}

export function toStacCollection(
  c: Collection,
  stats: CollectionStats | undefined,
  summaries: Record<string, unknown>,
  urls: StacUrls,
): StacCollection {
  const { license, href } = licenseOf(c);
  const bbox = stats?.bboxWgs84 ?? [-180, -90, 180, 90];
  const links: Record<string, unknown>[] = [
    { rel: 'self', type: 'application/json', href: urls.collection(c.name) },
    { rel: 'root', type: 'application/json', href: urls.root() },
    { rel: 'parent', type: 'application/json', href: urls.root() },
    { rel: 'items', type: 'application/geo+json', href: urls.items(c.name) },
    { rel: QUERYABLES_REL, type: 'application/schema+json', href: `${urls.collection(c.name)}/queryables` },
  ];
  if (href !== undefined) links.push({ rel: 'license', type: 'text/html', href, title: 'Licence' });
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    stac_extensions: [],
    id: c.name,
    title: c.title,
    description: c.description === '' ? c.title : c.description,
    keywords: keywordsOf(c),
    license,
    providers: [
      ...(c.name.startsWith('SENTINEL-') || c.name === 'COP-DEM'
        ? [{ name: 'ESA', roles: ['producer', 'licensor'], url: 'https://www.esa.int' }]
        : []),
      { name: 'eohub', roles: ['host'], url: urls.root() },
    ],
    extent: {
      spatial: { bbox: [bbox] },
      temporal: { interval: [[stats?.start ?? null, stats?.end ?? null]] },
    },
    summaries,
    links,
    'eohub:productCount': stats?.count ?? 0,
  };
}

export interface CollectionQuery {
  bbox?: Bbox | undefined;
  datetime?: DatetimeRange | undefined;
  q?: readonly string[] | undefined;
}

/** Whether a collection matches a collection search: its extent meets bbox and datetime, a term is in its text. */
export function collectionMatches(c: Collection, stats: CollectionStats | undefined, query: CollectionQuery): boolean {
  if (query.bbox !== undefined) {
    const box = stats?.bboxWgs84;
    if (!box) return false;
    const [w, s, e, n] = query.bbox;
    const lonHit = w <= e ? box[0] <= e && box[2] >= w : box[2] >= w || box[0] <= e;
    if (!lonHit || box[1] > n || box[3] < s) return false;
  }
  if (query.datetime !== undefined) {
    if (!stats?.start) return false;
    const { start, end } = query.datetime;
    if (end !== null && Date.parse(stats.start) > Date.parse(end)) return false;
    if (start !== null && Date.parse(stats.end ?? stats.start) < Date.parse(start)) return false;
  }
  if (query.q !== undefined && query.q.length > 0) {
    const text = [c.name, c.title, c.description, ...keywordsOf(c)].join(' ').toLowerCase();
    if (!query.q.some((t) => text.includes(t.toLowerCase()))) return false;
  }
  return true;
}
