import type { Random } from '../random.ts';
import type { GeoGrid } from './geo-grid.ts';
import type { LandMask } from './land.ts';
import { NOISE_SIZE, noiseAt } from './noise.ts';

/**
 * What the ground and the sky look like under a demo raster, per pixel, before any sensor sees it:
 * land or water (Natural Earth's coastline, roughened by noise below the mask's 2 km resolution),
 * relief (a shaded fractal height), vegetation cover, and cloud opacity. The sensors (Sentinel-2 bands,
 * Sentinel-1 backscatter, Sentinel-3 colour) turn these into their own numbers.
 *
 * Clouds cover exactly the share of valid pixels the product's metadata states: the cloud field is a
 * fractal thresholded at its own quantile, so "cloudy" (opacity ≥ ½) holds for that share of pixels
 * whatever the field's shape.
 */

export interface Scene {
  width: number;
  height: number;
  /** 1 where the instrument saw something, 0 outside its swath. */
  valid: Uint8Array;
  /** 0 water … 1 land (a pixel or two of transition at the coast). */
  land: Float32Array;
  /** Fractal height, about -3 … 3 (zero-mean, unit-variance). */
  elevation: Float32Array;
  /** Illumination factor from the relief's slope, around 1. */
  shade: Float32Array;
  /** Vegetation cover of the land, 0 (bare soil, rock) … 1. */
  green: Float32Array;
  /** Cloud opacity, 0 … 1; a pixel is cloudy when it is ½ or more. */
  cloud: Float32Array;
}

export interface SceneOptions {
  /** Share of valid pixels (0 … 1) to cover with cloud; 0 for a radar. */
  cloudFraction: number;
  /** The product's stream: where in the noise its clouds are read. */
  rng: Random;
  /** Pixels seen; all when left out. */
  valid?: Uint8Array;
  /** Ground size of a pixel, for slopes that do not depend on resolution. */
  pixelKm: number;
}

export function renderScene(grid: GeoGrid, landMask: LandMask, options: SceneOptions): Scene {
  const n = grid.width * grid.height;
  const scene: Scene = {
    width: grid.width,
    height: grid.height,
    valid: options.valid ?? new Uint8Array(n).fill(1),
    land: new Float32Array(n),
    elevation: new Float32Array(n),
    shade: new Float32Array(n),
    green: new Float32Array(n),
    cloud: new Float32Array(n),
  };
  landMask.sample(grid.lon, grid.lat, scene.land);
  const { xKm, yKm } = grid;
  // Noise finer than a pixel would alias into stripes: kilometre-scale detail only on fine grids.
  const detail = options.pixelKm < 1 ? 1 : 0;
  const fieldDetail = options.pixelKm < 0.5 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const x = xKm[i] as number;
    const y = yKm[i] as number;
    // Noise read at several scales (1 unit = 2 km, 0.4 km, 12 km, 3 km, 0.25 km): the coast's wiggle,
    // its detail, mountain ranges, valleys and fields.
    const coarse = noiseAt(x * 0.5, y * 0.5);
    const fine = detail * noiseAt(x * 2.5 + 101, y * 2.5 + 57);
    const wobble = 0.16 * (0.6 * coarse + 0.4 * fine);
    scene.land[i] = clamp01(((scene.land[i] as number) + wobble - 0.5) * 8 + 0.5);
    const mountains = noiseAt(x / 12 + 211, y / 12 + 17);
    const valleys = noiseAt(x / 3 + 45, y / 3 + 300);
    const h = 0.7 * mountains + 0.5 * Math.max(0, mountains + 0.3) * (1 - (2 * Math.abs(valleys)) / 3) + 0.04 * fine;
    scene.elevation[i] = h;
    const lat = grid.lat[i] as number;
    const dryness = lat < 42 ? (42 - lat) * 0.05 : 0;
    const fields = detail * fieldDetail * noiseAt(x * 4 + 19, y * 4 + 230);
    const patches = noiseAt(x + 333, y + 71);
    scene.green[i] = clamp01(
      0.68 + 0.2 * noiseAt(x / 4 + 333, y / 4 + 71) + 0.14 * patches + 0.12 * fields - 0.3 * Math.max(0, h - 0.7) - dryness,
    );
  }
  shadeRelief(scene, options.pixelKm);
  drawClouds(scene, grid, options);
  return scene;
}

/** Light from the north-west: slopes facing it brighter, slopes away darker (a Lambertian hillshade of the fractal). */
function shadeRelief(scene: Scene, pixelKm: number): void {
  const { width, height: rows, elevation: heights } = scene;
  // Height units are scaled so that a unit-variance fractal makes hills of a few hundred metres.
  const relief = 0.6 / Math.max(pixelKm, 0.05);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const left = heights[x > 0 ? i - 1 : i] as number;
      const right = heights[x + 1 < width ? i + 1 : i] as number;
      const up = heights[y > 0 ? i - width : i] as number;
      const down = heights[y + 1 < rows ? i + width : i] as number;
      const slope = (left - right + (up - down)) * relief;
      scene.shade[i] = Math.min(1.35, Math.max(0.65, 1 + slope));
    }
  }
}

function drawClouds(scene: Scene, grid: GeoGrid, options: SceneOptions): void {
  const n = scene.width * scene.height;
  const target = Math.min(1, Math.max(0, options.cloudFraction));
  if (target === 0) return;
  const ox = options.rng.float(0, NOISE_SIZE);
  const oy = options.rng.float(0, NOISE_SIZE);
  const field = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = grid.xKm[i] as number;
    const y = grid.yKm[i] as number;
    // Cloud fields of tens of kilometres with kilometre-scale edges; 1 unit = 8 km and 1.5 km.
    field[i] =
      0.7 * noiseAt(x / 8 + ox, y / 8 + oy) +
      0.3 * noiseAt(x / (options.pixelKm < 2 ? 1.5 : 4) + oy, y / (options.pixelKm < 2 ? 1.5 : 4) + ox);
  }
  const threshold = quantileAbove(field, scene.valid, target);
  for (let i = 0; i < n; i++) scene.cloud[i] = clamp01(((field[i] as number) - threshold) / 0.08 + 0.5);
}

/**
 * The value above which `share` of the valid pixels lie: a 4096-bin histogram, then the exact value
 * among the pixels of the bin where the share is reached, so the cloudy share matches to the pixel.
 */
function quantileAbove(field: Float32Array, valid: Uint8Array, share: number): number {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < field.length; i++) {
    if (valid[i] !== 1) continue;
    const v = field[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    count++;
  }
  if (count === 0 || share >= 1) return -Infinity;
  const wanted = Math.round(share * count);
  if (wanted === 0) return Infinity;
  const bins = 4096;
  const scale = (bins - 1) / Math.max(max - min, 1e-9);
  const histogram = new Int32Array(bins);
  for (let i = 0; i < field.length; i++) {
    if (valid[i] !== 1) continue;
    const b = Math.floor(((field[i] as number) - min) * scale);
    histogram[b] = (histogram[b] as number) + 1;
  }
  let above = 0;
  let bin = bins - 1;
  while (bin > 0 && above + (histogram[bin] as number) < wanted) above += histogram[bin--] as number;
  const inBin: number[] = [];
  for (let i = 0; i < field.length; i++)
    if (valid[i] === 1 && Math.floor(((field[i] as number) - min) * scale) === bin) inBin.push(field[i] as number);
  inBin.sort((a, b) => b - a);
  // The pixel that completes the share, and the one just below it: the threshold sits between them.
  const last = inBin[wanted - above - 1] ?? min;
  const next = inBin[wanted - above] ?? last - 1e-6;
  return (last + next) / 2;
}

/** Reflectance of pixel `i` for one band, given the band's reflectance over water, vegetation, bare soil and cloud. */
export function mixReflectance(s: Scene, i: number, water: number, vegetation: number, soil: number, cloud: number): number {
  const land = s.land[i] as number;
  const green = s.green[i] as number;
  const ground = (1 - land) * water + land * (s.shade[i] as number) * (green * vegetation + (1 - green) * soil);
  const alpha = s.cloud[i] as number;
  return (1 - alpha) * ground + alpha * cloud;
}

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
