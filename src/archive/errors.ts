/** Error codes of the archive (HubError.code); tests and clients assert on these. */
export const ARCHIVE_ERRORS = {
  /** A copied or audited file whose MD5 or BLAKE3 differs from the catalogue (kind conflict). */
  CHECKSUM_MISMATCH: 'CHECKSUM_MISMATCH',
  /** The product has no archive copy to restore from (kind unavailable). */
  NO_ARCHIVE_COPY: 'NO_ARCHIVE_COPY',
  /** No product with that id (kind not_found). */
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  /** No order with that id, or not one of the caller's (kind not_found). */
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** The order is completed, failed or cancelled already (kind conflict). */
  ORDER_NOT_OPEN: 'ORDER_NOT_OPEN',
  /** The user has as many open orders as allowed (kind rate_limited). */
  ORDER_LIMIT_REACHED: 'ORDER_LIMIT_REACHED',
  /** Orders need a signed-in user (kind unauthenticated). */
  ORDER_NEEDS_USER: 'ORDER_NEEDS_USER',
  /** A malformed order request: bad id, empty batch, bad priority (kind invalid). */
  ORDER_INVALID: 'ORDER_INVALID',
  /** The job lost its lease while working: another worker holds it now (kind conflict). */
  LEASE_LOST: 'LEASE_LOST',
} as const;
