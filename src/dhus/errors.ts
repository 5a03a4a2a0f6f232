/**
 * Error codes of the DHuS presenter (/dhus/search and /dhus/odata/v1). Query syntax errors are the
 * query dialect's (query/dhus/errors.ts); these are the request's other mistakes and missing things.
 */
export const DHUS_ERRORS = {
  /** A search parameter out of its range: rows above 100 (DHuS's max.product.page.size), a bad start, format or orderby. */
  DHUS_INVALID_PARAMETER: 'DHUS_INVALID_PARAMETER',
  /** `q` missing (DHuS: "Required String parameter 'q' is not present"). */
  DHUS_MISSING_QUERY: 'DHUS_MISSING_QUERY',
  /** No product with this key (DHuS: InvalidKeyException, "Invalid key (x) to access Products"). */
  DHUS_INVALID_KEY: 'DHUS_INVALID_KEY',
  /** A path under /dhus/odata/v1 that is not one of the resources served. */
  DHUS_RESOURCE_NOT_FOUND: 'DHUS_RESOURCE_NOT_FOUND',
  /** The product has no JPEG or PNG quicklook. */
  DHUS_NO_QUICKLOOK: 'DHUS_NO_QUICKLOOK',
} as const;

export type DhusErrorCode = (typeof DHUS_ERRORS)[keyof typeof DHUS_ERRORS];
