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
  /** CRC-32 of the bytes, for the zip package's headers; absent for files registered before it was kept. */
  crc32?: number;
  mediaType: string;
  role: 'metadata' | 'data' | 'quicklook' | 'annotation' | 'auxiliary';
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

/**
 * A stored footprint: any GeoJSON geometry in lon/lat (RFC 7946 §3.1), split at the antimeridian. Polygonal
 * footprints are always MultiPolygons (catalog/footprint.ts); points and lines keep their type, a line
 * crossing 180° becoming a MultiLineString. (A GeometryCollection is not a footprint: nothing produces one.)
 */
export type Footprint =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint'; coordinates: number[][] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | MultiPolygon;

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
  footprint: Footprint | null;
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
