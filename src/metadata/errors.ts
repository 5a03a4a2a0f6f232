/** Error codes of metadata extraction. */
export const METADATA_ERRORS = {
  UNKNOWN_FORMAT: 'UNKNOWN_PRODUCT_FORMAT',
  MALFORMED: 'MALFORMED_METADATA',
  UNSAFE_XML: 'UNSAFE_XML',
  UNSAFE_PATH: 'UNSAFE_PATH',
} as const;
