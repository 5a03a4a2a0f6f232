/**
 * STAC API capability: eohub's catalogue as STAC 1.0.0 Items, Collections and ItemCollections, searched
 * through the one query model (item search with filter, sort, fields, query and free text; collection
 * search), and the transaction extensions that write through the catalogue. Owns no tables, jobs or
 * events of its own: reads and writes go through catalog/, which writes the events. Plain TypeScript:
 * the HTTP layer (api/stac) parses requests and renders what this returns.
 */
import {
  attributeRange,
  collectionStats,
  distinctAttributeValues,
  findProductByName,
  getCollection,
  listAttributeTypes,
  listAttributeTypesByCollection,
  listCollections,
  listProductFiles,
  type AttributeValueType,
  type Collection,
  type CollectionStats,
} from '../catalog/index.ts';
import { INTERNAL_SEES_EVERYTHING, isHidden, type AccessScope, type ScopeResolver } from '../access/index.ts';
import type { Actor } from '../auth/index.ts';
import { isHubError } from '../errors/index.ts';
import { QUERY_ERRORS } from '../query/index.ts';
import type { Db } from '../db/index.ts';
import { collectionMatches, toStacCollection, QUERYABLES_REL, type CollectionQuery, type StacCollection } from './collections.ts';
import { conformanceClasses } from './conformance.ts';
import { STAC_ERRORS, stacError } from './errors.ts';
import { productToItem, STAC_VERSION, type StacItem } from './items.ts';
import { checkName } from './params.ts';
import { StacQueryables, visibleAttributeTypes } from './queryables.ts';
import { runSearch, type StacSearchRequest, type StacSearchResult } from './search.ts';
import { createTransactions, type StacTransactions } from './transactions.ts';
import type { StacUrls } from './urls.ts';

export { STAC_ERRORS, type StacErrorCode } from './errors.ts';
export { applyFields, type FieldsSpec } from './fields.ts';
export { parseBbox, parseDatetime, parseLimit, type DatetimeRange } from './params.ts';
export { stacUrls, type StacUrls } from './urls.ts';
export { productToItem, footprintBbox, multihash, STAC_VERSION, type StacItem } from './items.ts';
export { conformanceClasses } from './conformance.ts';
export { QUERYABLES_REL, type CollectionQuery, type StacCollection } from './collections.ts';
export { StacQueryables, STAC_FIELDS } from './queryables.ts';
export { rewriteDerived } from './derived.ts';
export { searchFilter, searchOrder, queryToFilter, filterSupported, type StacSearchRequest, type StacSearchResult } from './search.ts';
export type { StacTransactions } from './transactions.ts';

export interface StacOptions {
  transactions: boolean;
  cursorSecret?: string | undefined;
  /**
   * How long collection extents and summaries (aggregates over every product of a collection) are reused,
   * in ms; 30 s by default, 0 to compute them on every request. Transactions through this service clear them.
   */
  statsTtlMs?: number | undefined;
}

/** A value recomputed at most once per `ttlMs`; concurrent callers share one computation. */
function cached<T>(ttlMs: number, compute: () => Promise<T>): { get(): Promise<T>; clear(): void } {
  let entry: { at: number; value: Promise<T> } | undefined;
  return {
    get() {
      if (entry === undefined || Date.now() - entry.at >= ttlMs) {
        const value = compute();
        entry = { at: Date.now(), value };
        value.catch(() => (entry = undefined));
      }
      return entry.value;
    },
    clear: () => (entry = undefined),
  };
}

export interface StacService {
  readonly options: StacOptions;
  landing(actor: Actor, urls: StacUrls): Promise<Record<string, unknown>>;
  conformance(): string[];
  collections(actor: Actor, urls: StacUrls, query: CollectionQuery): Promise<StacCollection[]>;
  collection(actor: Actor, urls: StacUrls, id: string): Promise<StacCollection>;
  /** The queryables JSON Schema, of one collection or (id undefined) of all. */
  queryables(actor: Actor, urls: StacUrls, id: string | undefined): Promise<Record<string, unknown>>;
  search(actor: Actor, urls: StacUrls, req: StacSearchRequest): Promise<{ result: StacSearchResult; items: StacItem[] }>;
  item(actor: Actor, urls: StacUrls, collection: string, id: string): Promise<StacItem>;
  readonly transactions: StacTransactions;
}

/** Summaries (STAC collection-spec "Summaries") from stored attributes; platform only when one short name. */
async function summariesOf(db: Db, name: string): Promise<Record<string, unknown>> {
  const [values, cloud, relative] = await Promise.all([
    distinctAttributeValues(db, name, [
      'platformShortName',
      'platformSerialIdentifier',
      'instrumentShortName',
      'productType',
      'processingLevel',
      'orbitDirection',
      'operationalMode',
    ]),
    attributeRange(db, name, 'cloudCover'),
    attributeRange(db, name, 'relativeOrbitNumber'),
  ]);
  const lower = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map((x) => x.toLowerCase()))];
  const out: Record<string, unknown> = {};
  const shorts = values['platformShortName'] ?? [];
  const serials = values['platformSerialIdentifier'] ?? [];
  if (shorts.length === 1) out['platform'] = serials.length === 0 ? lower(shorts) : lower(serials.map((s) => `${shorts[0]}${s}`));
  if (shorts.length > 0) out['constellation'] = lower(shorts);
  if ((values['instrumentShortName'] ?? []).length > 0) out['instruments'] = lower(values['instrumentShortName']);
  if ((values['productType'] ?? []).length > 0) out['product:type'] = values['productType'];
  if ((values['processingLevel'] ?? []).length > 0) out['processing:level'] = values['processingLevel'];
  const states = lower(values['orbitDirection']).filter((s) => s === 'ascending' || s === 'descending');
  if (states.length > 0) out['sat:orbit_state'] = states;
  if ((values['operationalMode'] ?? []).length > 0) out['sar:instrument_mode'] = values['operationalMode'];
  if (cloud !== null) out['eo:cloud_cover'] = cloud;
  if (relative !== null) out['sat:relative_orbit'] = relative;
  return out;
}

/** The STAC API over `db`; every read is within the scope `scopes` gives the caller's actor. */
export function createStacService(db: Db, options: StacOptions, scopes: ScopeResolver): StacService {
  const ttl = options.statsTtlMs ?? 30_000;
  const stats = cached(ttl, () => collectionStats(db));
  const summaries = new Map<string, ReturnType<typeof cached<Record<string, unknown>>>>();
  const summary = (name: string): Promise<Record<string, unknown>> => {
    let entry = summaries.get(name);
    if (entry === undefined) {
      entry = cached(ttl, () => summariesOf(db, name));
      summaries.set(name, entry);
    }
    return entry.get();
  };
  // Collection names and attribute types are read by every search; they change rarely, so they are kept
  // for `ttl` like the statistics, and read again at once when a request names something they lack (a
  // collection or attribute added since), so a cache never refuses what the catalogue holds.
  const names = cached(ttl, async () => new Set((await listCollections(db, INTERNAL_SEES_EVERYTHING)).map((c) => c.name)));
  const types = new Map<string, ReturnType<typeof cached<Record<string, AttributeValueType>>>>();
  const typesOf = (collection: string): ReturnType<typeof cached<Record<string, AttributeValueType>>> => {
    let entry = types.get(collection);
    if (entry === undefined) {
      entry = cached(ttl, () => listAttributeTypes(db, collection));
      types.set(collection, entry);
    }
    return entry;
  };
  // Across collections the types are kept per collection and narrowed to each caller's scope.
  const allTypes = cached(ttl, () => listAttributeTypesByCollection(db, INTERNAL_SEES_EVERYTHING));
  const typesFor = async (scope: AccessScope, only: string | undefined): Promise<Record<string, AttributeValueType>> =>
    only === undefined ? visibleAttributeTypes(await allTypes.get(), scope) : typesOf(only).get();
  const forget = (): void => {
    stats.clear();
    summaries.clear();
    names.clear();
    types.clear();
    allTypes.clear();
  };
  const present = async (urls: StacUrls, c: Collection, all: Map<string, CollectionStats>): Promise<StacCollection> =>
    toStacCollection(c, all.get(c.name), await summary(c.name), urls);

  async function checkCollections(scope: AccessScope, wanted: readonly string[] | undefined): Promise<void> {
    if (wanted === undefined || wanted.length === 0) return;
    let known = await names.get();
    if (wanted.some((n) => !known.has(n))) {
      names.clear();
      known = await names.get();
    }
    // A hidden collection is as unknown as one that does not exist.
    const unknown = wanted.find((n) => !known.has(n) || isHidden(scope, n));
    if (unknown !== undefined) checkName(unknown, 'collections');
    if (unknown !== undefined) await getCollection(db, unknown, scope); // throws COLLECTION_NOT_FOUND
  }

  return {
    options,
    async landing(actor, urls) {
      const collections = await listCollections(db, await scopes(actor));
      return {
        type: 'Catalog',
        stac_version: STAC_VERSION,
        id: 'eohub',
        title: 'eohub STAC API',
        description: 'Earth-observation products of this hub as a STAC API.',
        conformsTo: conformanceClasses(options),
        links: [
          { rel: 'self', type: 'application/json', href: urls.root() },
          { rel: 'root', type: 'application/json', href: urls.root() },
          { rel: 'conformance', type: 'application/json', href: `${urls.root()}/conformance` },
          { rel: 'data', type: 'application/json', href: `${urls.root()}/collections` },
          { rel: 'search', type: 'application/geo+json', method: 'GET', href: urls.search() },
          { rel: 'search', type: 'application/geo+json', method: 'POST', href: urls.search() },
          { rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', href: `${urls.root()}/api` },
          { rel: 'service-doc', type: 'text/html', href: `${urls.root()}/api.html` },
          { rel: QUERYABLES_REL, type: 'application/schema+json', href: `${urls.root()}/queryables` },
          ...collections.map((c) => ({ rel: 'child', type: 'application/json', title: c.title, href: urls.collection(c.name) })),
        ],
      };
    },
    conformance: () => conformanceClasses(options),
    async collections(actor, urls, query) {
      const [all, extents] = await Promise.all([listCollections(db, await scopes(actor)), stats.get()]);
      const matching = all.filter((c) => collectionMatches(c, extents.get(c.name), query));
      return Promise.all(matching.map((c) => present(urls, c, extents)));
    },
    async collection(actor, urls, id) {
      const c = await getCollection(db, checkName(id, 'collection'), await scopes(actor));
      return present(urls, c, await stats.get());
    },
    async queryables(actor, urls, id) {
      const scope = await scopes(actor);
      if (id !== undefined) await getCollection(db, checkName(id, 'collection'), scope);
      const q = new StacQueryables(
        id === undefined ? visibleAttributeTypes(await listAttributeTypesByCollection(db, scope), scope) : await listAttributeTypes(db, id),
      );
      const base = id === undefined ? urls.root() : urls.collection(id);
      return q.jsonSchema(`${base}/queryables`, id === undefined ? 'Queryables of every collection' : `Queryables of ${id}`);
    },
    async search(actor, urls, req) {
      const scope = await scopes(actor);
      await checkCollections(scope, req.collections);
      const only = req.collections?.length === 1 ? req.collections[0] : undefined;
      // Inside one collection its cached types also type the rows (an attribute newer than the cache is
      // typed from its value, as registration typed it), so the statement does not read them per row.
      const run = async (): Promise<StacSearchResult> => {
        const types = await typesFor(scope, only);
        return runSearch(db, scope, req, new StacQueryables(types), options.cursorSecret, only === undefined ? undefined : types);
      };
      let result: StacSearchResult;
      try {
        result = await run();
      } catch (error) {
        if (!isHubError(error) || (error.code !== QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY && error.code !== QUERY_ERRORS.ORDER_UNKNOWN_KEY))
          throw error;
        // Perhaps an attribute newer than the cache: read the types again, once.
        if (only === undefined) allTypes.clear();
        else typesOf(only).clear();
        result = await run();
      }
      return { result, items: result.products.map(({ product, files }) => productToItem(product, files, urls)) };
    },
    async item(actor, urls, collection, id) {
      const scope = await scopes(actor);
      await getCollection(db, checkName(collection, 'collection'), scope);
      const p = await findProductByName(db, checkName(id, 'item'), scope);
      if (p === null || p.collection !== collection) {
        throw stacError(STAC_ERRORS.ITEM_NOT_FOUND, `no item ${id} in collection ${collection}`, 'not_found');
      }
      return productToItem(p, await listProductFiles(db, p.id), urls);
    },
    transactions: createTransactions(db, forget),
  };
}
