/** Error codes of the resto presenters (reference/cdse.md §2, "Errors"). */
export const RESTO_ERRORS = {
  /** CDSE: 404 "Unknown collection." / "Collection 'Sentinl2' does not exist." */
  RESTO_UNKNOWN_COLLECTION: 'RESTO_UNKNOWN_COLLECTION',
  /** `/resto/api/collections/{C}/{id}.json` for no such product. */
  RESTO_PRODUCT_NOT_FOUND: 'RESTO_PRODUCT_NOT_FOUND',
} as const;
