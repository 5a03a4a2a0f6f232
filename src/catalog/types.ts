import type { AttributeValue, AttributeValueType, RasterGrid } from '../metadata/types.ts';

export interface Checksum {
  algorithm: 'MD5' | 'BLAKE3' | 'SHA256';
  value: string;
  date: string;
}

export interface ProductFile {
  /** Relative to the product's root folder, '/'-separated. */
  path: string;
  sizeBytes: number;
  md5: string;
  blake3: string;
  mediaType: string;
  role: 'metadata' | 'data' | 'quicklook' | 'annotation' | 'auxiliary';
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

export interface Product {
  id: string;
  name: string;
  collection: string;
  contentType: string;
  contentLength: number;
  originDate: string;
  publicationDate: string;
  modificationDate: string;
  sensingStart: string | null;
  sensingEnd: string | null;
  /** Stored form: split at the antimeridian. */
  footprint: MultiPolygon | null;
  online: boolean;
  evictionDate: string | null;
  storage: { store: string; path: string };
  checksums: Checksum[];
  attributes: Record<string, AttributeValue>;
  warnings: string[];
  /** Raster grids stated by the product's files (metadata/raster-grid.ts); empty when none. */
  rasterGrids: RasterGrid[];
}

export interface Collection {
  name: string;
  title: string;
  description: string;
  storagePrefix: string;
  properties: Record<string, unknown>;
}

export type { AttributeValue, AttributeValueType, RasterGrid };
