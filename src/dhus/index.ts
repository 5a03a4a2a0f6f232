/**
 * The DHuS presenter: ESA Data Hub Software's OpenSearch (`/dhus/search`) and OData v1 product entity
 * (`/dhus/odata/v1`), as sentinelsat 1.1.1 and DHuS-era scripts read them (reference/dhus-sentinelsat.md).
 * A second presenter over the one catalogue: queries go through the DHuS dialect (query/dhus) into
 * catalog's searchProducts; downloads go through download/. Owns no tables, jobs or events.
 */
import { getProduct, listQuicklooks, type Product, type ProductFile } from '../catalog/index.ts';
import type { Actor } from '../auth/index.ts';
import type { AccessScope, ScopeResolver } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { HubError, isHubError } from '../errors/index.ts';
import { DHUS_ERRORS } from './errors.ts';
import { searchDhus, type DhusSearchRequest, type DhusSearchResult } from './search.ts';

export { DHUS_ERRORS, type DhusErrorCode } from './errors.ts';
export { feedErrorJson, feedErrorXml, feedJson, feedXml, productUrl, xmlEscape } from './feed.ts';
export { dhusAttributes, presentDhusProduct, simplePropertyValue, type PresentDhusOptions } from './odata-product.ts';
export { MAX_ROWS, parseOrderBy, readDhusSearchRequest, searchDhus, type DhusSearchRequest, type DhusSearchResult } from './search.ts';
export { footprintGml, footprintWkt, odataV2Date, sizeText, titleOf } from './format.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** DHuS's answer to an unknown key; sentinelsat turns "Invalid key" into InvalidKeyError (§2.8). */
export function invalidKey(key: string): HubError {
  return new HubError(DHUS_ERRORS.DHUS_INVALID_KEY, 'not_found', `Invalid key (${key.slice(0, 100)}) to access Products`);
}

/** The product behind `Products('<key>')`; anything but a known UUID is an invalid key. */
export async function getDhusProduct(db: Queryable, scope: AccessScope, key: string): Promise<Product> {
  if (!UUID.test(key)) throw invalidKey(key);
  try {
    return await getProduct(db, key.toLowerCase(), scope);
  } catch (error) {
    if (isHubError(error) && error.kind === 'not_found') throw invalidKey(key);
    throw error;
  }
}

/** The quicklook to serve as `Products('Quicklook')`: a JPEG if there is one, else a PNG (converted by the caller). */
export async function findQuicklook(db: Queryable, product: Product): Promise<ProductFile> {
  const files = (await listQuicklooks(db, [product.id])).get(product.id) ?? [];
  const pick = files.find((f) => f.mediaType === 'image/jpeg') ?? files.find((f) => f.mediaType === 'image/png');
  if (!pick) throw new HubError(DHUS_ERRORS.DHUS_NO_QUICKLOOK, 'not_found', `product ${product.id} has no quicklook`);
  return pick;
}

/** The DHuS capability bound to a database, as the HTTP layer calls it (api/deps.ts). */
export interface DhusService {
  search(actor: Actor, request: DhusSearchRequest): Promise<DhusSearchResult>;
  product(actor: Actor, key: string): Promise<Product>;
  /** The quicklook of a product the caller already found (so within its scope). */
  quicklook(product: Product): Promise<ProductFile>;
}

export function bindDhusService(db: Queryable, scopes: ScopeResolver): DhusService {
  return {
    search: async (actor, request) => searchDhus(db, await scopes(actor), request),
    product: async (actor, key) => getDhusProduct(db, await scopes(actor), key),
    quicklook: (product) => findQuicklook(db, product),
  };
}
