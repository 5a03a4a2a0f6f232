/** Error codes of the download capability (HubError.code); tests and clients assert on these. */
export const DOWNLOAD_ERRORS = {
  /** A path under /odata/v1 that names no entity download knows (kind not_found). */
  RESOURCE_NOT_FOUND: 'RESOURCE_NOT_FOUND',
  /** `Products(...)` whose key is not a UUID (kind invalid). */
  INVALID_PRODUCT_ID: 'INVALID_PRODUCT_ID',
  /** No product with that id (kind not_found). */
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  /** The product is catalogued but its files are not in an online store (kind unavailable). */
  PRODUCT_OFFLINE: 'PRODUCT_OFFLINE',
  /** The product is catalogued without files (metadata-only), so it has nothing to download (kind not_found). */
  PRODUCT_HAS_NO_FILES: 'PRODUCT_HAS_NO_FILES',
  /** No file or folder at that path inside the product (kind not_found). */
  NODE_NOT_FOUND: 'NODE_NOT_FOUND',
  /** A path segment that can never name a node: empty, '.', '..', with a slash, backslash or NUL (kind invalid). */
  INVALID_NODE_PATH: 'INVALID_NODE_PATH',
  /** `$value` of a folder (kind invalid). */
  NODE_IS_FOLDER: 'NODE_IS_FOLDER',
  /** A byte range that starts at or past the end of the content (kind range). */
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
} as const;
