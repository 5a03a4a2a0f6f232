import { deflateSync } from 'node:zlib';
import { ifdSize, TAG, writeIfd, type TiffTag } from './tiff-ifd.ts';

/**
 * Cloud-Optimised GeoTIFF writing for the demo rasters.
 *
 * Why a writer of our own: no npm library writes a tiled GeoTIFF with internal overviews and GeoKeys.
 * geotiff.js's writer makes one uncompressed strip and one IFD; sharp (libvips) writes tiled pyramids
 * but neither GeoKeys nor GDAL's COG layout; the rest only read. So this file does the layout only and
 * leaves the encoding to zlib (node:zlib, Deflate as TIFF compression 8): pixels are cut into 256×256
 * tiles, differenced (TIFF predictor 2) and compressed, and the IFDs, GeoKeys and tiles are placed as
 * GDAL's COG driver places them (GDAL "COG – Cloud Optimized GeoTIFF generator", file layout):
 *
 *   header · ghost area "GDAL_STRUCTURAL_METADATA" · IFD of the full image · IFDs of the overviews,
 *   largest first · tiles of the smallest overview … tiles of the full image, each tile row-major,
 *   with its byte count in the 4 bytes before it and its last 4 bytes repeated after it.
 *
 * GDAL then reports LAYOUT=COG, and validate_cloud_optimized_geotiff.py accepts the files (the demo's
 * tests check both). The same bytes come out for the same pixels: nothing depends on time or order.
 */

export const COG_TILE = 256;

export interface RasterImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB), pixel-interleaved. */
  samplesPerPixel: 1 | 3;
  data: Uint8Array | Uint16Array;
}

/** A north-up grid in a projected CRS (origin = outer corner of the upper-left pixel), or ground control points. */
export type GeoReference =
  | { kind: 'grid'; epsg: number; citation: string; originX: number; originY: number; pixelSizeX: number; pixelSizeY: number }
  | { kind: 'gcps'; gcps: readonly { pixel: number; line: number; lon: number; lat: number; heightM: number }[] };

export interface CogOptions {
  geo: GeoReference;
  /** Value of pixels without data: written as GDAL_NODATA and left out of overview averages. */
  noData?: number;
  /** Internal overviews, halving until the image fits one tile (GDAL's COG default). */
  overviews: boolean;
  description?: string;
  software?: string;
  /** TIFF DateTime, "YYYY:MM:DD HH:MM:SS". */
  dateTime?: string;
  /** GDAL_METADATA items (dataset level). */
  metadata?: Record<string, string>;
  /** Deflate level, 1 (fastest) … 9 (smallest). */
  level?: number;
}

/**
 * The COG bytes of `image`. Compression is synchronous: zlib's asynchronous API spends more on its
 * stream machinery than a 128 kB tile takes to compress. Level 1 by default: on these images four
 * times faster than zlib's default 6 for ~15 % more bytes.
 */
export function encodeCog(image: RasterImage, options: CogOptions): Uint8Array {
  const levels = [image];
  while (options.overviews) {
    const last = levels[levels.length - 1] as RasterImage;
    if (last.width <= COG_TILE && last.height <= COG_TILE) break;
    levels.push(halve(last, options.noData));
  }
  const tiled = levels.map((level) => compressTiles(level, options.level ?? 1));
  const ifds = levels.map((level, i) => ifdTags(level, i, options, tiled[i] ?? []));
  return layOut(ifds, tiled);
}

/** What GDAL writes in the ghost area of a COG (gcore/gdal_priv.h, GDAL_STRUCTURAL_METADATA). */
const GHOST_BODY =
  'LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';
const GHOST = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST_BODY.length).padStart(6, '0')} bytes\n${GHOST_BODY}`;

function layOut(ifds: TiffTag[][], tiled: Uint8Array[][]): Uint8Array {
  // Offsets are LONGs whatever their value, so every IFD's size is known before any offset is.
  const firstIfd = align2(8 + GHOST.length);
  const ifdOffsets: number[] = [];
  let at = firstIfd;
  for (const tags of ifds) {
    ifdOffsets.push(at);
    at = align2(at + ifdSize(tags));
  }
  // Tile data: smallest overview first, the full image last; each tile framed by leader and trailer.
  const tileOffsets: number[][] = tiled.map(() => []);
  for (let level = tiled.length - 1; level >= 0; level--) {
    for (const tile of tiled[level] ?? []) {
      (tileOffsets[level] as number[]).push(at + 4);
      at += 4 + tile.length + 4;
    }
  }
  const bytes = new Uint8Array(at);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, firstIfd, true);
  bytes.set(Buffer.from(GHOST, 'latin1'), 8);
  ifds.forEach((tags, i) => {
    const withOffsets = tags.map((t) => (t.tag === TAG.tileOffsets ? { ...t, values: tileOffsets[i] ?? [] } : t));
    writeIfd(view, ifdOffsets[i] as number, withOffsets, ifdOffsets[i + 1] ?? 0);
  });
  tiled.forEach((tiles, level) =>
    tiles.forEach((tile, k) => {
      const offset = tileOffsets[level]?.[k] as number;
      view.setUint32(offset - 4, tile.length, true);
      bytes.set(tile, offset);
      bytes.copyWithin(offset + tile.length, offset + tile.length - 4, offset + tile.length);
    }),
  );
  return bytes;
}

const align2 = (n: number): number => n + (n % 2);

function ifdTags(image: RasterImage, level: number, options: CogOptions, tiles: readonly Uint8Array[]): TiffTag[] {
  const spp = image.samplesPerPixel;
  const bits = image.data instanceof Uint16Array ? 16 : 8;
  const perSample = (v: number): number[] => Array.from({ length: spp }, () => v);
  const tags: TiffTag[] = [
    { tag: TAG.imageWidth, type: 'long', values: [image.width] },
    { tag: TAG.imageLength, type: 'long', values: [image.height] },
    { tag: TAG.bitsPerSample, type: 'short', values: perSample(bits) },
    { tag: TAG.compression, type: 'short', values: [8] },
    { tag: TAG.photometric, type: 'short', values: [spp === 3 ? 2 : 1] },
    { tag: TAG.samplesPerPixel, type: 'short', values: [spp] },
    { tag: TAG.planarConfiguration, type: 'short', values: [1] },
    { tag: TAG.predictor, type: 'short', values: [2] },
    { tag: TAG.tileWidth, type: 'short', values: [COG_TILE] },
    { tag: TAG.tileLength, type: 'short', values: [COG_TILE] },
    // Placeholder values of the right count: the offsets are known once every IFD is placed.
    { tag: TAG.tileOffsets, type: 'long', values: new Array<number>(tiles.length).fill(0) },
    { tag: TAG.tileByteCounts, type: 'long', values: tiles.map((t) => t.length) },
    { tag: TAG.sampleFormat, type: 'short', values: perSample(1) },
  ];
  if (options.noData !== undefined) tags.push({ tag: TAG.gdalNoData, type: 'ascii', values: String(options.noData) });
  // Overviews carry only what describes their pixels; georeferencing and descriptions belong to the full image.
  if (level > 0) return [{ tag: TAG.newSubfileType, type: 'long', values: [1] }, ...tags];
  tags.push(...geoTags(options.geo));
  if (options.description !== undefined) tags.push({ tag: TAG.imageDescription, type: 'ascii', values: options.description });
  if (options.software !== undefined) tags.push({ tag: TAG.software, type: 'ascii', values: options.software });
  if (options.dateTime !== undefined) tags.push({ tag: TAG.dateTime, type: 'ascii', values: options.dateTime });
  if (options.metadata !== undefined) tags.push({ tag: TAG.gdalMetadata, type: 'ascii', values: gdalMetadataXml(options.metadata) });
  return tags;
}

/**
 * GeoTIFF 1.1 tags: ModelPixelScale + one ModelTiepoint for a grid, or one tiepoint per GCP; the
 * GeoKey directory names the CRS by EPSG code (raster type PixelIsArea, as GDAL writes by default).
 */
function geoTags(geo: GeoReference): TiffTag[] {
  if (geo.kind === 'grid') {
    const citation = `${geo.citation}|`;
    return [
      { tag: TAG.modelPixelScale, type: 'double', values: [geo.pixelSizeX, geo.pixelSizeY, 0] },
      { tag: TAG.modelTiepoint, type: 'double', values: [0, 0, 0, geo.originX, geo.originY, 0] },
      // Header (version 1.1.0, 4 keys), then GTModelType projected, GTRasterType area, GTCitation, ProjectedCSType, ProjLinearUnits metre.
      {
        tag: TAG.geoKeyDirectory,
        type: 'short',
        values: [
          1,
          1,
          0,
          5,
          1024,
          0,
          1,
          1,
          1025,
          0,
          1,
          1,
          1026,
          TAG.geoAsciiParams,
          citation.length,
          0,
          3072,
          0,
          1,
          geo.epsg,
          3076,
          0,
          1,
          9001,
        ],
      },
      { tag: TAG.geoAsciiParams, type: 'ascii', values: citation },
    ];
  }
  return [
    { tag: TAG.modelTiepoint, type: 'double', values: geo.gcps.flatMap((g) => [g.pixel, g.line, 0, g.lon, g.lat, g.heightM]) },
    // GTModelType geographic, GTRasterType area, GeographicType WGS 84 (EPSG:4326).
    { tag: TAG.geoKeyDirectory, type: 'short', values: [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326] },
  ];
}

function gdalMetadataXml(items: Record<string, string>): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const rows = Object.entries(items).map(([k, v]) => `  <Item name="${escape(k)}">${escape(v)}</Item>`);
  return `<GDALMetadata>\n${rows.join('\n')}\n</GDALMetadata>\n`;
}

/** Cuts the image into full 256×256 tiles (edge tiles padded with zeros), differences them and deflates each. */
function compressTiles(image: RasterImage, level: number): Uint8Array[] {
  const { width, height, samplesPerPixel: spp, data } = image;
  const across = Math.ceil(width / COG_TILE);
  const down = Math.ceil(height / COG_TILE);
  const tiles: Uint8Array[] = [];
  const tile = data instanceof Uint16Array ? new Uint16Array(COG_TILE * COG_TILE * spp) : new Uint8Array(COG_TILE * COG_TILE * spp);
  for (let ty = 0; ty < down; ty++) {
    for (let tx = 0; tx < across; tx++) {
      tile.fill(0);
      const rowLength = Math.min(COG_TILE, width - tx * COG_TILE) * spp;
      for (let y = 0; y < COG_TILE && ty * COG_TILE + y < height; y++) {
        const from = ((ty * COG_TILE + y) * width + tx * COG_TILE) * spp;
        tile.set(data.subarray(from, from + rowLength), y * COG_TILE * spp);
      }
      differenceRows(tile, spp, rowLength);
      // TIFF stores 16-bit samples in the file's byte order (little-endian here, as the typed array is on x86/ARM).
      const bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
      tiles.push(new Uint8Array(deflateSync(bytes, { level })));
    }
  }
  return tiles;
}

/**
 * TIFF predictor 2 (TIFF 6.0 §14): each sample minus the same sample of the pixel to its left, modulo
 * the sample size. Only the first `used` samples of a row hold pixels; past them (an edge tile's
 * padding) zeros difference to zeros, except the first padding sample.
 */
function differenceRows(tile: Uint8Array | Uint16Array, spp: number, used: number): void {
  const stride = COG_TILE * spp;
  const end = Math.min(stride, used + spp);
  for (let row = 0; row < COG_TILE; row++) {
    const start = row * stride;
    for (let i = start + end - 1; i >= start + spp; i--) tile[i] = (tile[i] as number) - (tile[i - spp] as number);
  }
}

/** Half the size (rounded up, as GDAL does), each sample the mean of the valid samples of its 2×2 block. */
function halve(image: RasterImage, noData: number | undefined): RasterImage {
  const { width, height, samplesPerPixel: spp, data } = image;
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const out = data instanceof Uint16Array ? new Uint16Array(w * h * spp) : new Uint8Array(w * h * spp);
  const skip = noData ?? NaN;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * width;
    // The last row and column of an odd-sized image pair with themselves.
    const r1 = Math.min(2 * y + 1, height - 1) * width;
    for (let x = 0; x < w; x++) {
      const c0 = 2 * x;
      const c1 = Math.min(2 * x + 1, width - 1);
      for (let k = 0; k < spp; k++) {
        const a = data[(r0 + c0) * spp + k] as number;
        const b = data[(r0 + c1) * spp + k] as number;
        const c = data[(r1 + c0) * spp + k] as number;
        const d = data[(r1 + c1) * spp + k] as number;
        const n = Number(a !== skip) + Number(b !== skip) + Number(c !== skip) + Number(d !== skip);
        const sum = (a !== skip ? a : 0) + (b !== skip ? b : 0) + (c !== skip ? c : 0) + (d !== skip ? d : 0);
        out[(y * w + x) * spp + k] = n === 0 ? skip : Math.round(sum / n);
      }
    }
  }
  return { width: w, height: h, samplesPerPixel: spp, data: out };
}
