/** Error codes of the OData catalogue beyond the query parser's ODATA_* (query/odata/errors.ts). */
export const ODATA_ERRORS = {
  /** A system query option with a bad value ($top=abc, $expand=Foo, $select=Bar), or an unknown `$option`. */
  ODATA_BAD_OPTION: 'ODATA_BAD_OPTION',
  /** `$skip` above 10000: CDSE answers 422 with a FastAPI `detail` list (CDSE §1.3). */
  ODATA_SKIP_TOO_LARGE: 'ODATA_SKIP_TOO_LARGE',
  /** A key that is not a UUID, or a body that is not `{"FilterProducts":[{"Name":…}]}`. */
  ODATA_BAD_REQUEST: 'ODATA_BAD_REQUEST',
} as const;

export const MAX_TOP = 1_000;
export const DEFAULT_TOP = 20;
export const MAX_SKIP = 10_000;
