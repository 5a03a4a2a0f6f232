import { createRandom } from './random.ts';
import { geoGrid, greatCircleKm } from './raster/geo-grid.ts';
import type { LandMask } from './raster/land.ts';
import { displayTable, encodeQuicklook } from './raster/quicklook.ts';
import { mixReflectance, renderScene, type Scene } from './raster/scene.ts';
import type { Sentinel3Plan } from './sentinel3.ts';

/**
 * The browse image of a demo Sentinel-3 frame: the frame's swath (between the footprint's two long
 * edges, first line at the frame's start) drawn at about 5 km, west on the left. OLCI products get a
 * true-colour picture (Oa08, Oa06, Oa04-like reflectances of water, vegetation, soil and cloud), SLSTR
 * land-surface-temperature products a temperature colour scale (270 … 310 K) over land with the sea left dark. Clouds
 * cover the share of the frame that the manifest's cloudyPixels states, and the land share it states is
 * measured on the same pixels. The netCDF measurement files stay header-less placeholders.
 */

const PIXEL_KM = 5;

export interface Sentinel3Rasters {
  quicklook: Uint8Array;
  /** Shares of the frame's pixels, 0 … 100. */
  landPercent: number;
  cloudPercent: number;
}

export async function renderSentinel3(plan: Sentinel3Plan, landMask: LandMask): Promise<Sentinel3Rasters> {
  // footprint = left edge (7 points along the track), right edge back, first point again.
  const points = plan.footprint.slice(0, -1);
  const half = points.length / 2;
  let left = points.slice(0, half);
  let right = points.slice(half).reverse();
  const meanLon = (edge: number[][]): number => edge.reduce((sum, p) => sum + (p[0] as number), 0) / edge.length;
  if (meanLon(left) > meanLon(right)) [left, right] = [right, left];
  const width = Math.round(greatCircleKm(left[0] ?? [], right[0] ?? []) / PIXEL_KM);
  const height = Math.round(greatCircleKm(left[0] ?? [], left[half - 1] ?? []) / PIXEL_KM);
  const along = (edge: number[][], v: number): number[] => {
    const k = Math.min(half - 2, Math.max(0, Math.floor(v)));
    const f = v - k;
    const a = edge[k] ?? [];
    const b = edge[k + 1] ?? [];
    return [0, 1].map((c) => (a[c] as number) * (1 - f) + (b[c] as number) * f);
  };
  const grid = geoGrid(width, height, (column, row) => {
    const v = (row / height) * (half - 1);
    const l = along(left, v);
    const r = along(right, v);
    const u = column / width;
    return [0, 1].map((c) => (l[c] as number) * (1 - u) + (r[c] as number) * u);
  });
  const rng = createRandom(`${plan.name}/clouds`);
  // OL_1_EFR carries no cloud statistic; its picture gets clouds all the same.
  const cloudPercent = plan.cloudPercent ?? rng.float(10, 70);
  const scene = renderScene(grid, landMask, { cloudFraction: cloudPercent / 100, rng, pixelKm: PIXEL_KM });
  const rgb = plan.type === 'SL_2_LST' ? temperatureColours(scene, grid.lat) : trueColours(scene);
  let land = 0;
  for (let i = 0; i < width * height; i++) if ((scene.land[i] as number) >= 0.5) land++;
  const quicklook = await encodeQuicklook({ width, height, data: rgb }, 'jpeg', { width, height });
  return { quicklook, landPercent: (100 * land) / (width * height), cloudPercent };
}

function trueColours(s: Scene): Uint8Array {
  const lut = displayTable(0.3);
  const top = lut.length - 1;
  const rgb = new Uint8Array(s.width * s.height * 3);
  const bands = [
    [0.03, 0.04, 0.16, 0.6],
    [0.05, 0.08, 0.12, 0.6],
    [0.07, 0.04, 0.09, 0.62],
  ] as const;
  for (let i = 0; i < s.width * s.height; i++) {
    bands.forEach(([water, vegetation, soil, cloud], k) => {
      const r = Math.round(mixReflectance(s, i, water, vegetation, soil, cloud) * 10000);
      rgb[3 * i + k] = lut[r < 0 ? 0 : r > top ? top : r] as number;
    });
  }
  return rgb;
}

/** Land-surface temperature from blue (270 K) through green and yellow to red (310 K); sea dark blue-grey, cloud white. */
function temperatureColours(s: Scene, lat: Float64Array): Uint8Array {
  const rgb = new Uint8Array(s.width * s.height * 3);
  for (let i = 0; i < s.width * s.height; i++) {
    const kelvin = 300 - 0.5 * ((lat[i] as number) - 40) - 6 * (s.elevation[i] as number) + 8 * ((s.shade[i] as number) - 1);
    const t = Math.min(1, Math.max(0, (kelvin - 270) / 40));
    const ground = [Math.min(1, Math.max(0, 2 * t - 0.6)), Math.min(1, 1.6 - Math.abs(2.2 * t - 1.2)), Math.min(1, Math.max(0, 1 - 2 * t))];
    const land = s.land[i] as number;
    const alpha = s.cloud[i] as number;
    const sea = [0.12, 0.15, 0.22];
    for (let k = 0; k < 3; k++) {
      const v = (1 - alpha) * ((1 - land) * (sea[k] as number) + land * (ground[k] as number)) + alpha * 0.95;
      rgb[3 * i + k] = Math.round(v * 255);
    }
  }
  return rgb;
}
