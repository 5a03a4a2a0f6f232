/**
 * Catalogue: collections, products, the files inside products and attribute types per collection.
 * Owns the tables collections, products, product_files, attribute_types, and writes product and
 * collection events to the events outbox in the same transaction as each change (writes.ts for updates
 * and deletions). Footprints are stored split at the antimeridian (footprint.ts). Bulk registration
 * (bulk-load.ts) writes the same rows and events from STAC or CDSE NDJSON, a batch per transaction.
 */
export type { AttributeValueType, Checksum, Collection, Footprint, MultiPolygon, Product, ProductFile } from './types.ts';
export { listAttributeTypes } from './attribute-types.ts';
export { listFilesOfProducts } from './product-files.ts';
export { writeEvent } from './events.ts';
export { deleteCollection, insertCollection, replaceProductMetadata, updateCollection } from './writes.ts';
export { attributeRange, collectionStats, distinctAttributeValues, type CollectionStats } from './collection-stats.ts';
export { CATALOG_ERRORS } from './errors.ts';
export { createCollection, getCollection, listCollections } from './collections.ts';
export {
  hasProducts,
  findProductByName,
  getProduct,
  insertProduct,
  listProductFiles,
  rowToProduct,
  PRODUCT_COLUMNS,
  type NewProduct,
  type ProductRow,
} from './products.ts';
export { unwrapFootprint, footprintSql } from './footprint.ts';
export { countVisibleProducts, searchProducts, type CountMode, type ProductPage, type ProductSearch } from './search.ts';
export {
  loadProducts,
  loadProductsFromFile,
  type BulkBatchFailure,
  type BulkLineError,
  type BulkLoadOptions,
  type BulkLoadResult,
  type BulkProgress,
} from './bulk-load.ts';
export { BULK_FORMATS, parseBulkRecord, type BulkFormat, type BulkProduct } from './bulk-formats.ts';
export { BULK_ERRORS } from './bulk-errors.ts';
// Also owns deleted_products: tombstones that a trigger writes on every delete (0005_deleted_products.sql,
// deletions.ts), read by OData's DeletedProducts.
export {
  deleteProduct,
  getDeletedProduct,
  searchDeletedProducts,
  DELETION_CAUSES,
  type DeletedProduct,
  type DeletedProductPage,
} from './deletions.ts';
export {
  findProductsByNames,
  joinAntimeridianFootprints,
  listAttributeTypesByCollection,
  listQuicklooks,
  MAX_NAMES_PER_LOOKUP,
  type AttributeTypeEntry,
} from './lookups.ts';
export { findQuicklookByAssetId, listFootprintCentroids, type QuicklookFile } from './quicklook-assets.ts';
