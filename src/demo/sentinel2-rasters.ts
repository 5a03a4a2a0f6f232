import { lonLatToUtm, utmToLonLat } from '../util/utm.ts';
import { TILE_SIZE_M } from './mgrs.ts';
import { createRandom } from './random.ts';
import { encodeCog, type RasterImage } from './raster/cog.ts';
import { geoGrid, polygonMask } from './raster/geo-grid.ts';
import type { LandMask } from './raster/land.ts';
import { displayTable, encodeQuicklook } from './raster/quicklook.ts';
import { renderScene, type Scene } from './raster/scene.ts';
import type { Sentinel2Plan } from './sentinel2.ts';

/**
 * The pixels of a demo Sentinel-2 tile: every band of the product as a Cloud-Optimised GeoTIFF in the
 * tile's UTM zone, and the true-colour preview. The grid is the real one (upper-left corner at the
 * tile's ULX/ULY of MTD_TL.xml, 109.8 km square) at reduced resolution (S2_DEMO_PIXEL_M), so that a
 * band stays a few tens of kilobytes. MTD_TL.xml keeps describing the full-resolution grid; both
 * cover the same square.
 *
 * Reflectances are mixtures of water, vegetation, bare soil and cloud spectra (typical values from
 * the Sentinel-2 spectral library figures), shaded by the relief, coded as the 2022+ baselines code
 * them: DN = reflectance × 10 000 + 1000 (the −1000 offset of MTD_MSI*.xml), 0 = no data. L1C (top of
 * atmosphere) adds a blue-heavy path radiance that L2A (bottom of atmosphere) has removed.
 */

/**
 * Pixel size (m) of the demo's images: the four 10 m bands keep enough pixels (366 × 366) to be tiled
 * with an overview (their detail is 600 m, see doubled()); the true-colour image comes at 600 m
 * (183 × 183), the 20 m and 60 m bands at 1800 m (61 × 61). That keeps a product under ~250 kB and the
 * first start short.
 */
export const S2_DEMO_PIXEL_M = { 10: 300, TCI: 600, 20: 1800, 60: 1800 } as const;
type Grid = keyof typeof S2_DEMO_PIXEL_M;

/**
 * Radiometric step of the demo's bands: reflectance in thousandths (10 digital numbers), about the
 * instrument's noise level. Finer steps would double every band's size for detail nobody can see.
 */
const REFLECTANCE_STEP = 0.002;

type Band = 'B01' | 'B02' | 'B03' | 'B04' | 'B05' | 'B06' | 'B07' | 'B08' | 'B8A' | 'B09' | 'B10' | 'B11' | 'B12';

/** Reflectance of each surface per band: [water, vegetation, soil, cloud, L1C path radiance]. */
const SPECTRA: Record<Band, readonly [number, number, number, number, number]> = {
  B01: [0.06, 0.04, 0.08, 0.55, 0.09],
  B02: [0.045, 0.03, 0.07, 0.56, 0.06],
  B03: [0.038, 0.06, 0.09, 0.56, 0.035],
  B04: [0.02, 0.035, 0.12, 0.57, 0.02],
  B05: [0.02, 0.11, 0.19, 0.58, 0.015],
  B06: [0.015, 0.26, 0.22, 0.6, 0.01],
  B07: [0.012, 0.32, 0.24, 0.6, 0.01],
  B08: [0.01, 0.34, 0.26, 0.6, 0.008],
  B8A: [0.008, 0.36, 0.28, 0.6, 0.007],
  B09: [0.005, 0.12, 0.1, 0.3, 0.003],
  B10: [0.002, 0.004, 0.006, 0.25, 0],
  B11: [0.004, 0.19, 0.33, 0.35, 0.002],
  B12: [0.003, 0.09, 0.26, 0.22, 0.001],
};

/** Nominal resolution (m) of each image the products hold, bands and L2A extras alike. */
export const S2_RESOLUTION: Record<string, 10 | 20 | 60> = {
  B02: 10,
  B03: 10,
  B04: 10,
  B08: 10,
  TCI: 10,
  AOT: 20,
  WVP: 20,
  B05: 20,
  B06: 20,
  B07: 20,
  B8A: 20,
  B11: 20,
  B12: 20,
  SCL: 20,
  B01: 60,
  B09: 60,
  B10: 60,
};

export interface Sentinel2Rasters {
  /** COG bytes by image name (B02, TCI, SCL, …). */
  images: Map<string, Uint8Array>;
  /** JPEG, 343 × 343 like the real PVI. */
  preview: Uint8Array;
}

/**
 * Renders the tile once, at 600 m, and derives every image from that scene: the 10 m bands written
 * on a 300 m grid (doubled), the true-colour image as it is, the 20 m and 60 m bands as block means.
 */
export async function renderSentinel2(plan: Sentinel2Plan, names: readonly string[], landMask: LandMask): Promise<Sentinel2Rasters> {
  const { tile } = plan;
  const size = TILE_SIZE_M / S2_DEMO_PIXEL_M[10];
  const pixelM = TILE_SIZE_M / size;
  const half = size / 2;
  const grid = geoGrid(
    half,
    half,
    (column, row) => utmToLonLat(tile.ulxM + column * 2 * pixelM, tile.ulyM - row * 2 * pixelM, tile.zone, tile.north),
    16,
  );
  // Pixels outside the swath stay no-data, as on a real tile at the edge of an orbit.
  const ring = plan.coverage.map(([lon = 0, lat = 0]) => {
    const [x, y] = lonLatToUtm(lon, lat, tile.zone, tile.north);
    return [(x - tile.ulxM) / pixelM, (tile.ulyM - y) / pixelM];
  });
  const partial = plan.noDataPercent > 0.5;
  const valid10 = partial ? polygonMask(size, size, ring) : new Uint8Array(size * size).fill(1);
  const valid20 = partial
    ? polygonMask(
        half,
        half,
        ring.map(([x = 0, y = 0]) => [x / 2, y / 2]),
      )
    : undefined;
  const scene = renderScene(grid, landMask, {
    cloudFraction: plan.cloudPercent / 100,
    rng: createRandom(`${plan.name}/clouds`),
    pixelKm: (2 * pixelM) / 1000,
    ...(valid20 ? { valid: valid20 } : {}),
  });
  const layers20 = surfaceLayers(scene);
  const coarse = shrink(layers20, 3);
  const layers: Record<Grid, Layers> = { 10: layers20, TCI: layers20, 20: coarse, 60: coarse };
  const geoFor = (grid: Grid) => ({
    kind: 'grid' as const,
    epsg: tile.epsg,
    citation: `WGS 84 / UTM zone ${tile.zone}${tile.north ? 'N' : 'S'}`,
    originX: tile.ulxM,
    originY: tile.ulyM,
    pixelSizeX: S2_DEMO_PIXEL_M[grid],
    pixelSizeY: S2_DEMO_PIXEL_M[grid],
  });
  const l1c = plan.level === 'L1C';
  const images = new Map<string, Uint8Array>();
  for (const name of names) {
    const resolution = S2_RESOLUTION[name] ?? 10;
    const grid: Grid = name === 'TCI' ? 'TCI' : resolution;
    const l = layers[grid];
    const image =
      name === 'TCI'
        ? trueColour(l, l1c)
        : name === 'SCL'
          ? classification(l)
          : name in SPECTRA
            ? band(l, name as Band, l1c)
            : atmosphere(l, name);
    const metadata = { BAND: name, DEMO_RESOLUTION_M: String(S2_DEMO_PIXEL_M[grid]), NOMINAL_RESOLUTION_M: String(resolution) };
    const pixels = grid === 10 ? doubled(image, valid10) : image;
    images.set(name, encodeCog(pixels, { geo: geoFor(grid), noData: 0, overviews: true, software: 'eohub demo', metadata }));
  }
  // The preview is the true colour at the size of the real PVI (343 × 343 for a 10 980-pixel tile).
  const rgb = trueColour(layers20, l1c);
  const preview = await encodeQuicklook({ width: half, height: half, data: rgb.data as Uint8Array }, 'jpeg', { width: 343, height: 343 });
  return { images, preview };
}

/**
 * What the bands are computed from: per pixel, the weights of the four spectra (a pixel's reflectance
 * in any band is their weighted sum), and the scene fields the classification and atmosphere images
 * need. Weights average correctly, so coarser bands are block means of the same layers.
 */
interface Layers {
  width: number;
  height: number;
  valid: Uint8Array;
  water: Float32Array;
  vegetation: Float32Array;
  soil: Float32Array;
  cloud: Float32Array;
  land: Float32Array;
  green: Float32Array;
  elevation: Float32Array;
}

function surfaceLayers(s: Scene): Layers {
  const n = s.width * s.height;
  const layers: Layers = {
    width: s.width,
    height: s.height,
    valid: s.valid,
    water: new Float32Array(n),
    vegetation: new Float32Array(n),
    soil: new Float32Array(n),
    cloud: s.cloud,
    land: s.land,
    green: s.green,
    elevation: s.elevation,
  };
  for (let i = 0; i < n; i++) {
    const clear = 1 - (s.cloud[i] as number);
    const land = s.land[i] as number;
    const lit = clear * land * (s.shade[i] as number);
    const green = s.green[i] as number;
    layers.water[i] = clear * (1 - land);
    layers.vegetation[i] = lit * green;
    layers.soil[i] = lit * (1 - green);
  }
  return layers;
}

function band(l: Layers, b: Band, l1c: boolean): RasterImage {
  const [water, vegetation, soil, cloud, path] = SPECTRA[b];
  const haze = l1c ? path : 0;
  const data = new Uint16Array(l.width * l.height);
  for (let i = 0; i < data.length; i++) {
    if (l.valid[i] !== 1) continue;
    const r =
      (l.water[i] as number) * water +
      (l.vegetation[i] as number) * vegetation +
      (l.soil[i] as number) * soil +
      (l.cloud[i] as number) * cloud +
      haze;
    data[i] = Math.min(65535, Math.round(r / REFLECTANCE_STEP) * REFLECTANCE_STEP * 10000 + 1000);
  }
  return { width: l.width, height: l.height, samplesPerPixel: 1, data };
}

/**
 * TCI as the products make it, B04, B03, B02 in 1 … 255 (0 is no data), here with a display stretch
 * (reflectance 0 … 0.25, gamma 1/1.6) so that the demo's previews read well at a glance.
 */
function trueColour(l: Layers, l1c: boolean): RasterImage {
  const data = new Uint8Array(l.width * l.height * 3);
  const lut = displayTable(0.25);
  const top = lut.length - 1;
  (['B04', 'B03', 'B02'] as const).forEach((b, k) => {
    const [water, vegetation, soil, cloud, path] = SPECTRA[b];
    const haze = l1c ? path : 0;
    for (let i = 0; i < l.width * l.height; i++) {
      if (l.valid[i] !== 1) continue;
      const r =
        (l.water[i] as number) * water +
        (l.vegetation[i] as number) * vegetation +
        (l.soil[i] as number) * soil +
        (l.cloud[i] as number) * cloud +
        haze;
      const step = Math.round(r * 10000);
      data[3 * i + k] = Math.max(1, lut[step < 0 ? 0 : step > top ? top : step] as number);
    }
  });
  return { width: l.width, height: l.height, samplesPerPixel: 3, data };
}

/** L2A scene classification (SCL codes of the L2A product specification): water 6, vegetation 4, bare 5, cloud 8/9, no data 0. */
function classification(l: Layers): RasterImage {
  const data = new Uint8Array(l.width * l.height);
  for (let i = 0; i < data.length; i++) {
    if (l.valid[i] !== 1) continue;
    const alpha = l.cloud[i] as number;
    if (alpha >= 0.5) data[i] = alpha > 0.8 ? 9 : 8;
    else if ((l.land[i] as number) < 0.5) data[i] = 6;
    else data[i] = (l.green[i] as number) > 0.45 ? 4 : 5;
  }
  return { width: l.width, height: l.height, samplesPerPixel: 1, data };
}

/** L2A aerosol optical thickness and water vapour (×1000, as the products code them): smooth fields over the scene. */
function atmosphere(l: Layers, name: string): RasterImage {
  const data = new Uint16Array(l.width * l.height);
  for (let i = 0; i < data.length; i++) {
    if (l.valid[i] !== 1) continue;
    const e = l.elevation[i] as number;
    data[i] = name === 'AOT' ? Math.round(120 + 25 * (1 - (l.land[i] as number)) - 8 * e) : Math.round(1800 - 250 * e);
  }
  return { width: l.width, height: l.height, samplesPerPixel: 1, data };
}

/**
 * A 600 m image on the 10 m bands' 300 m grid: each pixel written twice along each axis, and the
 * pixels outside the swath (known at 300 m) set to no data. The bands are drawn at 600 m because the
 * drawing is what costs at start-up; on the 300 m grid they are tiled with an overview as real bands
 * are, and repeated pixels cost deflate almost nothing.
 */
function doubled(image: RasterImage, valid: Uint8Array): RasterImage {
  const width = 2 * image.width;
  const height = 2 * image.height;
  const spp = image.samplesPerPixel;
  const src = image.data;
  const data = src instanceof Uint16Array ? new Uint16Array(width * height * spp) : new Uint8Array(width * height * spp);
  for (let y = 0; y < height; y++) {
    const from = (y >> 1) * image.width * spp;
    const to = y * width * spp;
    for (let x = 0; x < width; x++) {
      if (valid[y * width + x] !== 1) continue;
      for (let k = 0; k < spp; k++) data[to + x * spp + k] = src[from + (x >> 1) * spp + k] as number;
    }
  }
  return { width, height, samplesPerPixel: spp, data };
}

/** The layers at a coarser resolution: each pixel the mean of the valid pixels of a factor × factor block. */
function shrink(l: Layers, factor: number): Layers {
  const width = Math.ceil(l.width / factor);
  const height = Math.ceil(l.height / factor);
  const n = width * height;
  const counts = new Float32Array(n);
  const index = new Int32Array(l.width * l.height).fill(-1);
  for (let y = 0; y < l.height; y++) {
    const row = Math.floor(y / factor) * width;
    for (let x = 0; x < l.width; x++) {
      const i = y * l.width + x;
      if (l.valid[i] !== 1) continue;
      const o = row + Math.floor(x / factor);
      index[i] = o;
      counts[o] = (counts[o] as number) + 1;
    }
  }
  const mean = (field: Float32Array): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < index.length; i++) {
      const o = index[i] as number;
      if (o >= 0) out[o] = (out[o] as number) + (field[i] as number);
    }
    for (let o = 0; o < n; o++) if ((counts[o] as number) > 0) out[o] = (out[o] as number) / (counts[o] as number);
    return out;
  };
  return {
    width,
    height,
    valid: Uint8Array.from(counts, (c) => (c > 0 ? 1 : 0)),
    water: mean(l.water),
    vegetation: mean(l.vegetation),
    soil: mean(l.soil),
    cloud: mean(l.cloud),
    land: mean(l.land),
    green: mean(l.green),
    elevation: mean(l.elevation),
  };
}
