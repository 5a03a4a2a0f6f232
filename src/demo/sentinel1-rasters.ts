import { createRandom } from './random.ts';
import { encodeCog } from './raster/cog.ts';
import { geoGrid, greatCircleKm } from './raster/geo-grid.ts';
import type { LandMask } from './raster/land.ts';
import { encodeQuicklook } from './raster/quicklook.ts';
import { renderScene } from './raster/scene.ts';
import { speckleFactors } from './raster/speckle.ts';
import type { Sentinel1Plan } from './sentinel1.ts';

/**
 * The pixels of a demo Sentinel-1 GRD: one GeoTIFF per polarisation in the product's own geometry
 * (lines = azimuth time from the first line, samples = ground range from near to far), located by a
 * grid of ground control points as the real measurement files are, and the RGB quick-look
 * (co-polarised, cross-polarised, their ratio) that preview/map-overlay.kml drapes over the footprint.
 * Pixels are about 1.5 km (IW) or 2.4 km (EW) instead of 10 m and 40 m, so a product stays ~60 kB.
 *
 * Backscatter (σ⁰, dB) follows textbook C-band values: calm-to-windy sea dark and falling off with
 * incidence angle across the swath, land brighter and rougher, slopes facing the radar brighter still;
 * the cross-polarised channel ~7 dB below the co-polarised one over land and ~10 dB over sea. Digital
 * numbers are amplitudes, DN = A·√σ⁰ with A = 600 (the order of the real sigmaNought calibration LUTs),
 * times speckle.
 */

const PIXEL_KM = { IW: 1.5, EW: 2.4 } as const;
const CALIBRATION = 600;

export interface Sentinel1Rasters {
  /** GeoTIFF bytes per polarisation, in the plan's order. */
  measurements: Uint8Array[];
  quicklook: Uint8Array;
}

/** `measurements: false` (SLC, whose measurement files stay empty) draws the quick-look only. */
export async function renderSentinel1(
  plan: Sentinel1Plan,
  landMask: LandMask,
  options: { measurements: boolean },
): Promise<Sentinel1Rasters> {
  // corners: [stop-near, stop-far, start-far, start-near]; the first line is the start of the slice.
  const [stopNear, stopFar, startFar, startNear] = plan.corners as [number[], number[], number[], number[]];
  const km = PIXEL_KM[plan.mode];
  const width = Math.round(greatCircleKm(startNear, startFar) / km);
  const height = Math.round(greatCircleKm(startNear, stopNear) / km);
  const place = (column: number, row: number): number[] => {
    const u = column / width;
    const v = row / height;
    return [0, 1].map(
      (k) =>
        (1 - v) * ((1 - u) * (startNear[k] as number) + u * (startFar[k] as number)) +
        v * ((1 - u) * (stopNear[k] as number) + u * (stopFar[k] as number)),
    );
  };
  const grid = geoGrid(width, height, place, 16);
  const rng = createRandom(`${plan.name}/radar`);
  const scene = renderScene(grid, landMask, { cloudFraction: 0, rng, pixelKm: km });
  const n = width * height;
  const co = new Float32Array(n);
  const cross = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const land = scene.land[i] as number;
      const wind = Math.sin((grid.xKm[i] as number) / 40 + (grid.yKm[i] as number) / 55) * 1.5 + (scene.elevation[i] as number) * 1.2;
      const seaCo = -14 - (8 * x) / width + wind;
      const landCo = -8.5 + 4 * ((scene.green[i] as number) - 0.5) + 20 * ((scene.shade[i] as number) - 1);
      const coDb = (1 - land) * seaCo + land * landCo;
      // Vegetation scatters into the cross-polarised channel (volume scattering): the ratio falls with green cover.
      const crossDb = coDb - (1 - land) * 10 - land * (9 - 4 * (scene.green[i] as number));
      co[i] = Math.pow(10, coDb / 10);
      cross[i] = Math.pow(10, crossDb / 10);
    }
  }
  const gcps = groundControlPoints(width, height, place);
  const speckle = [speckleFactors(n, rng.int(1, 0xffffffff)), speckleFactors(n, rng.int(1, 0xffffffff))] as const;
  const measurements = (options.measurements ? [co, cross] : []).map((s, k) => {
    const data = new Uint16Array(n);
    for (let i = 0; i < n; i++)
      data[i] = Math.min(65535, Math.round(CALIBRATION * Math.sqrt(s[i] as number) * (speckle[k]?.[i] as number)));
    return encodeCog(
      { width, height, samplesPerPixel: 1, data },
      {
        geo: { kind: 'gcps', gcps },
        overviews: false,
        description: `Sentinel-1${plan.platform.slice(2)} ${plan.mode} GRD ${plan.kind === 'GRDM' ? 'MR' : 'HR'} L1 ${plan.polarisations[k]}`,
        software: 'Sentinel-1 IPF 003.91',
        dateTime: new Date(plan.generationMs).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':'),
      },
    );
  });
  // The quick-look shows backscatter without speckle, as ESA's heavily multi-looked ones nearly do (and PNG keeps it small).
  return { measurements, quicklook: await quicklook(width, height, co, cross) };
}

/** 11 × 6 points over the image, edges included, as the annotation's geolocation grid spreads them. */
function groundControlPoints(width: number, height: number, place: (column: number, row: number) => number[]) {
  const gcps = [];
  for (let j = 0; j <= 5; j++) {
    for (let i = 0; i <= 10; i++) {
      const pixel = (i * width) / 10;
      const line = (j * height) / 5;
      const [lon = 0, lat = 0] = place(pixel, line);
      gcps.push({ pixel, line, lon, lat, heightM: 0 });
    }
  }
  return gcps;
}

/** ESA's quick-look colours: red the co-polarised, green the cross-polarised, blue their ratio, in dB stretched to bytes. */
async function quicklook(width: number, height: number, co: Float32Array, cross: Float32Array): Promise<Uint8Array> {
  const rgb = new Uint8Array(width * height * 3);
  const byte = (db: number, low: number, high: number): number => Math.max(0, Math.min(255, Math.round(((db - low) / (high - low)) * 255)));
  for (let i = 0; i < width * height; i++) {
    const c = 10 * Math.log10(co[i] as number);
    const x = 10 * Math.log10(cross[i] as number);
    rgb[3 * i] = byte(c, -25, 0);
    rgb[3 * i + 1] = byte(x, -32, -5);
    rgb[3 * i + 2] = byte(c - x, 0, 25);
  }
  return encodeQuicklook({ width, height, data: rgb }, 'png', { width, height });
}
