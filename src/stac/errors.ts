/**
 * Error codes of the STAC API capability. Query-model codes (FILTER_*, ORDER_*, PAGING_*) and catalogue
 * codes (COLLECTION_NOT_FOUND, PRODUCT_EXISTS, ...) pass through unchanged; these are the STAC-specific ones.
 */
import { HubError, type ErrorKind } from '../errors/index.ts';

export const STAC_ERRORS = {
  /** A search or list parameter that is not what the spec allows: bbox, datetime, limit, intersects, fields, sortby, query. */
  INVALID_PARAMETER: 'STAC_INVALID_PARAMETER',
  /** bbox and intersects together (STAC API item-search: "only one of either intersects or bbox may be specified"). */
  BBOX_WITH_INTERSECTS: 'STAC_BBOX_WITH_INTERSECTS',
  /** A paging token not made by this hub. */
  INVALID_TOKEN: 'STAC_INVALID_TOKEN',
  /** filter-lang or filter-crs that is not supported. */
  UNSUPPORTED_FILTER: 'STAC_UNSUPPORTED_FILTER',
  ITEM_NOT_FOUND: 'STAC_ITEM_NOT_FOUND',
  /** The item's or collection's body disagrees with its URL (collection or id). */
  BODY_MISMATCH: 'STAC_BODY_MISMATCH',
  /** A transaction body that is not a STAC Item / Collection. */
  INVALID_BODY: 'STAC_INVALID_BODY',
} as const;

export type StacErrorCode = (typeof STAC_ERRORS)[keyof typeof STAC_ERRORS];

export function stacError(code: StacErrorCode, message: string, kind: ErrorKind = 'invalid'): HubError {
  return new HubError(code, kind, message);
}
