/**
 * The resto (CDSE OpenSearch) presenters (reference/cdse.md §2): FeatureCollections of products with
 * CDSE's property set, single Features, collection names as CDSE spells them, and the OpenSearch
 * description documents. Owns no tables; reads the catalogue. Parameters are parsed by query/resto/.
 */
export { RESTO_ERRORS } from './errors.ts';
export { RESTO_COLLECTIONS, catalogueCollection, restoCollectionName } from './collections.ts';
export { presentFeature, type FeatureExtras } from './present.ts';
export { describeResto } from './describe.ts';
export { describeRestoCollection, getRestoFeature, resolveRestoCollection, searchResto, type RestoResult } from './search.ts';
