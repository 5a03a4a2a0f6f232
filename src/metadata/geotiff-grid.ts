/**
 * The grid a GeoTIFF states in its own header (GeoTIFF 1.1: ModelPixelScale + ModelTiepoint, or
 * ModelTransformation, and the projected CRS GeoKey), read with the `geotiff` library without decoding
 * pixels. It is what STAC's projection extension gives per asset (`proj:shape`, `proj:transform`), and
 * the file's own word beats the product metadata's: a demo band is stored coarser than the MTD's grid.
 * Files without a north-up geotransform (Sentinel-1 GRD measurements carry GCPs) state no grid.
 */
import { fromFile } from 'geotiff';
import type { RasterGrid } from './types.ts';

/** The file's grid, or undefined when it is not a georeferenced, north-up GeoTIFF in an EPSG CRS. */
export async function readGeoTiffGrid(localPath: string, path: string): Promise<RasterGrid | undefined> {
  let tiff: Awaited<ReturnType<typeof fromFile>> | undefined;
  try {
    tiff = await fromFile(localPath);
    const image = await tiff.getImage(0);
    const keys = image.getGeoKeys() as Record<string, unknown> | null;
    const epsg = keys?.['ProjectedCSTypeGeoKey'] ?? keys?.['GeographicTypeGeoKey'];
    if (typeof epsg !== 'number' || epsg <= 0 || epsg >= 32767) return undefined; // 32767: user-defined
    const [resX, resY] = image.getResolution();
    const [ulx, uly] = image.getOrigin();
    if (resX === undefined || resY === undefined || ulx === undefined || uly === undefined) return undefined;
    // North-up with square pixels: what the grid's one resolution can describe.
    if (!(resX > 0) || Math.abs(resX + resY) > resX * 1e-9) return undefined;
    return { epsg, resolutionM: resX, ulx, uly, rows: image.getHeight(), cols: image.getWidth(), path };
  } catch {
    return undefined; // not a (Geo)TIFF geotiff can read: the product simply states no grid here
  } finally {
    tiff?.close();
  }
}
