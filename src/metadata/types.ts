/** What an extractor learns about a product from its own files. */

export type AttributeValueType = 'String' | 'Integer' | 'Double' | 'DateTimeOffset' | 'Boolean';

/** A typed attribute, named as CDSE names it (reference/cdse.md §1.6). */
export type AttributeValue =
  | { type: 'String'; value: string }
  | { type: 'Integer'; value: number }
  | { type: 'Double'; value: number }
  | { type: 'DateTimeOffset'; value: string } // ISO 8601, UTC
  | { type: 'Boolean'; value: boolean };

/** GeoJSON geometry in WGS84 lon/lat, as read from the product (not yet antimeridian-normalised). */
export type FootprintGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/**
 * A raster grid of the product in its own CRS: `rows` x `cols` pixels of `resolutionM` CRS units (metres
 * in UTM) whose upper-left corner is (ulx, uly) in EPSG:`epsg`, north-up. With `path`, the grid one file
 * states in its own header; without, one the product metadata states (a Sentinel-2 tile at 10, 20, 60 m).
 */
export interface RasterGrid {
  epsg: number;
  resolutionM: number;
  ulx: number;
  uly: number;
  rows: number;
  cols: number;
  path?: string;
}

export interface ProductMetadata {
  /** Collection name as CDSE spells it: SENTINEL-1, SENTINEL-2, ..., COP-DEM, or another registered one. */
  collection: string;
  /** Product name including its extension as CDSE shows it (`.SAFE`, `.SEN3`, `.nc`, `.EOF`). */
  name: string;
  /** Sensing (or validity) start and end, ISO 8601 UTC; null for products without a time (some DEM tiles). */
  sensingStart: string | null;
  sensingEnd: string | null;
  footprint: FootprintGeometry | null;
  attributes: Record<string, AttributeValue>;
  /** Path prefix parts for the CDSE-like storage layout: `<mission>/<instrument>/<type>` (date and name are added). */
  layout: { mission: string; instrument: string; productType: string };
  /** Problems that do not stop ingestion: files a manifest references but that are absent, unreadable optional parts. */
  warnings: string[];
  /** The product's raster grids where its files state them (Sentinel-2 tiles: 10, 20 and 60 m). */
  grids?: RasterGrid[];
}

/**
 * A product's files, whether it arrived as a folder or a zip. Paths are relative, '/'-separated,
 * already checked not to escape the product. `root` is the product's top folder inside the source
 * (e.g. `X.SAFE`) or '' when the files sit at the top.
 */
export interface ProductSource {
  /** The name the product arrived under: its folder name, its zip's name without `.zip`, or its file name. */
  arrivalName: string;
  /** Every regular file, relative to the source top, '/'-separated. */
  files: readonly SourceFile[];
  readFile(path: string): Promise<Buffer>;
  /** Local filesystem path of a file, for libraries that need one (HDF5). */
  localPath(path: string): string;
}

export interface SourceFile {
  path: string;
  sizeBytes: number;
}

/** An extractor recognises its products by their files and reads their metadata. */
export interface Extractor {
  id: string;
  /** Cheap test on file names only. */
  matches(source: ProductSource): boolean;
  extract(source: ProductSource): Promise<ProductMetadata>;
}
