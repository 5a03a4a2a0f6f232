/** Error codes of bulk registration (bulk-load.ts), beside the catalogue's own (errors.ts). */
export const BULK_ERRORS = {
  /** A line that is not a valid record of its format; its batch is not loaded. */
  INVALID_RECORD: 'BULK_INVALID_RECORD',
  /** A batch the database refused (a name already in the catalogue, an attribute of another type). */
  BATCH_FAILED: 'BULK_BATCH_FAILED',
  /** The input cannot be read at all (no such file, an unknown format). */
  INVALID_INPUT: 'BULK_INVALID_INPUT',
} as const;
