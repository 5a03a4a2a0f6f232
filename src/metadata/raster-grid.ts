/**
 * The raster grids of a Sentinel-2 tile, from the `Tile_Geocoding` of its MTD_TL.xml (S2 PSD §4.3: one
 * `Size` and one `Geoposition` per resolution, 10, 20 and 60 m, in the tile's UTM zone). They give STAC's
 * projection extension (`proj:code`, `proj:shape`, `proj:transform` per band asset), which GDAL's STACIT
 * driver, odc-stac and stackstac need to mosaic items without opening every file.
 */
import { attr, parseDouble, parseInteger } from './safe-manifest.ts';
import type { RasterGrid } from './types.ts';
import { xmlFind, xmlFirstText } from './xml.ts';

export function tileGrids(doc: Record<string, unknown>): RasterGrid[] {
  const geocoding = xmlFind(doc, 'Tile_Geocoding')[0];
  const epsg = parseInteger(/^EPSG:(\d+)$/i.exec(xmlFirstText(geocoding, 'HORIZONTAL_CS_CODE')?.trim() ?? '')?.[1]);
  if (epsg === undefined) return [];
  const grids: RasterGrid[] = [];
  for (const size of xmlFind(geocoding, 'Size')) {
    const resolutionM = parseInteger(attr(size, 'resolution'));
    const position = xmlFind(geocoding, 'Geoposition').find((g) => parseInteger(attr(g, 'resolution')) === resolutionM);
    const rows = parseInteger(xmlFirstText(size, 'NROWS'));
    const cols = parseInteger(xmlFirstText(size, 'NCOLS'));
    const ulx = parseDouble(xmlFirstText(position, 'ULX'));
    const uly = parseDouble(xmlFirstText(position, 'ULY'));
    if (resolutionM === undefined || rows === undefined || cols === undefined || ulx === undefined || uly === undefined) continue;
    grids.push({ epsg, resolutionM, ulx, uly, rows, cols });
  }
  return grids.sort((a, b) => a.resolutionM - b.resolutionM);
}
