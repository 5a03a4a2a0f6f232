/**
 * Metadata: per-mission extractors that read a product's own files (SAFE manifests, MTD files,
 * xfdumanifest, netCDF attributes, orbit files, STAC items) into one ProductMetadata. Owns no tables.
 */
import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';
import { orbitExtractor } from './orbit.ts';
import { sentinel1Extractor } from './sentinel1.ts';
import { sentinel2Extractor } from './sentinel2.ts';
import { sentinel3Extractor } from './sentinel3.ts';
import { sentinel5pExtractor } from './sentinel5p.ts';
import { sentinel6Extractor } from './sentinel6.ts';
import { stacItemExtractor } from './stac-item.ts';
import type { Extractor, ProductMetadata, ProductSource } from './types.ts';

export type {
  AttributeValue,
  AttributeValueType,
  Extractor,
  FootprintGeometry,
  ProductMetadata,
  ProductSource,
  RasterGrid,
  SourceFile,
} from './types.ts';
export { readGeoTiffGrid } from './geotiff-grid.ts';
export { METADATA_ERRORS } from './errors.ts';
export { openFolderSource, checkRelativePath } from './product-source.ts';

/** Most specific first: the generic STAC item path is the last resort. */
export const EXTRACTORS: readonly Extractor[] = [
  orbitExtractor,
  sentinel1Extractor,
  sentinel2Extractor,
  sentinel3Extractor,
  sentinel6Extractor,
  sentinel5pExtractor,
  stacItemExtractor,
];

export async function extractMetadata(source: ProductSource): Promise<ProductMetadata & { extractor: string }> {
  const extractor = EXTRACTORS.find((e) => e.matches(source));
  if (!extractor) {
    const sample = source.files
      .slice(0, 5)
      .map((f) => f.path)
      .join(', ');
    throw new HubError(
      METADATA_ERRORS.UNKNOWN_FORMAT,
      'invalid',
      `not a product eohub knows (files: ${sample}${source.files.length > 5 ? ', ...' : ''})`,
    );
  }
  return { ...(await extractor.extract(source)), extractor: extractor.id };
}
