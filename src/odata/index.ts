/**
 * The CDSE-style OData catalogue (CDSE §1): query options, the Product entity and its expansions, and
 * the catalogue operations behind `/odata/v1` (Products, DeletedProducts, Attributes, Collections,
 * FilterList). Plain TypeScript over the catalogue; owns no tables. The HTTP layer (api/odata/) parses
 * the request with parseODataQuery, calls one of these and adds `@odata.nextLink`.
 */
export { ODATA_ERRORS, DEFAULT_TOP, MAX_SKIP, MAX_TOP } from './errors.ts';
export {
  EXPANDS,
  PRODUCT_PROPERTIES,
  parseODataQuery,
  type EntitySet,
  type Expand,
  type ODataQuery,
  type ProductProperty,
  type RawQuery,
} from './options.ts';
export { contextUrl, presentAttributes, presentProduct, s3Path, type PresentOptions } from './entity.ts';
export { displayFootprint, footprintEwkt, NEVER_EVICTED, odataDate, quicklookAssetId } from './format.ts';
export {
  filterODataProductList,
  getODataProduct,
  getODataProductAttributes,
  listAllODataAttributes,
  listODataAttributes,
  listODataCollections,
  searchODataProducts,
  type ODataList,
  bindODataCatalogue,
  type ODataCatalogue,
} from './catalogue.ts';
