import type { Dataset, Group } from 'h5wasm/node';
import { ORBIT_MODELS, destination, groundPoint } from './orbits.ts';
import type { LandMask } from './raster/land.ts';
import { noiseAt } from './raster/noise.ts';

/**
 * The data of a demo Sentinel-5P file: PRODUCT/latitude, PRODUCT/longitude and the product's main
 * variable (nitrogendioxide_tropospheric_column for NO2, ozone_total_vertical_column for O3, …) on the
 * real swath geometry, sampled every 32nd scanline and every 10th ground pixel so that an orbit-long
 * file stays ~100 kB instead of ~500 MB. The PRODUCT dimensions have the sampled sizes and the file
 * says so in its `comment` attribute. Values follow each species' usual range, higher over land for the
 * tropospheric pollutants, with fractal variation; the variables carry the netCDF-4 dimension scales,
 * units and _FillValue that netCDF readers and GDAL's netCDF driver expect.
 */

export const SCANLINE_STEP = 32;
export const GROUND_PIXEL_STEP = 10;
const SWATH_HALF_KM = 1300;
const FILL = 9.969209968386869e36;

/** Main variable of each product type: name, units, long name, and a value from land share and noise. */
const MAIN: Record<string, { name: string; units: string; long: string; value: (land: number, n: number) => number }> = {
  L2__NO2___: {
    name: 'nitrogendioxide_tropospheric_column',
    units: 'mol m-2',
    long: 'Tropospheric vertical column of nitrogen dioxide',
    value: (l, n) => 1.5e-5 + l * 4e-5 * Math.exp(n),
  },
  L2__O3____: {
    name: 'ozone_total_vertical_column',
    units: 'mol m-2',
    long: 'total ozone vertical column',
    value: (_, n) => 0.14 + 0.012 * n,
  },
  L2__CO____: {
    name: 'carbonmonoxide_total_column',
    units: 'mol m-2',
    long: 'Vertically integrated CO column',
    value: (l, n) => 0.03 + 0.004 * l + 0.003 * n,
  },
  L2__CH4___: {
    name: 'methane_mixing_ratio',
    units: '1e-9',
    long: 'Column averaged dry air mixing ratio of methane',
    value: (l, n) => 1880 + 12 * l + 8 * n,
  },
  L2__HCHO__: {
    name: 'formaldehyde_tropospheric_vertical_column',
    units: 'mol m-2',
    long: 'Formaldehyde troposheric vertical column',
    value: (l, n) => 6e-5 + l * 8e-5 + 3e-5 * n,
  },
  L2__SO2___: {
    name: 'sulfurdioxide_total_vertical_column',
    units: 'mol m-2',
    long: 'total vertical column of sulfur dioxide for the polluted scenario',
    value: (l, n) => 5e-5 * n + l * 2e-5,
  },
  L2__AER_AI: {
    name: 'aerosol_index_354_388',
    units: '1',
    long: 'Aerosol index from 388 and 354 nm',
    value: (l, n) => -0.8 + 0.6 * l + 0.7 * n,
  },
  L2__CLOUD_: {
    name: 'cloud_fraction',
    units: '1',
    long: 'Effective radiometric cloud fraction',
    value: (_, n) => Math.min(1, Math.max(0, 0.45 + 0.35 * n)),
  },
};

/** Sampled swath size for a file of `scanlines` × `groundPixels` real pixels. */
export function sampledShape(scanlines: number, groundPixels: number): { scanlines: number; groundPixels: number } {
  return { scanlines: Math.ceil(scanlines / SCANLINE_STEP), groundPixels: Math.ceil(groundPixels / GROUND_PIXEL_STEP) };
}

export interface SwathSampling {
  type: string;
  orbit: number;
  /** Seconds after the ascending node of the first and last scanline. */
  firstS: number;
  lastS: number;
  scanlines: number;
  groundPixels: number;
}

/** Writes latitude, longitude and the main variable into PRODUCT, attached to its dimensions time, scanline, ground_pixel. */
export function writeSwathVariables(product: Group, swath: SwathSampling, landMask: LandMask): void {
  const { scanlines, groundPixels } = swath;
  const n = scanlines * groundPixels;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let s = 0; s < scanlines; s++) {
    const t = swath.firstS + ((swath.lastS - swath.firstS) * s) / Math.max(1, scanlines - 1);
    const g = groundPoint(ORBIT_MODELS.S5P, swath.orbit, t);
    for (let p = 0; p < groundPixels; p++) {
      const crossKm = -SWATH_HALF_KM + (2 * SWATH_HALF_KM * (p + 0.5)) / groundPixels;
      const [x = 0, y = 0] = destination(g.lon, g.lat, g.headingDeg + 90, crossKm);
      lon[s * groundPixels + p] = x > 180 ? x - 360 : x < -180 ? x + 360 : x;
      lat[s * groundPixels + p] = y;
    }
  }
  const land = new Float32Array(n);
  landMask.sample(lon, lat, land);
  const main = MAIN[swath.type] ?? MAIN['L2__NO2___'];
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = (lon[i] as number) * 111 * Math.cos(((lat[i] as number) * Math.PI) / 180);
    const y = (lat[i] as number) * 111;
    values[i] = main?.value(land[i] as number, noiseAt(x / 60, y / 60)) ?? FILL;
  }
  const shape = [1, scanlines, groundPixels];
  const variable = (name: string, data: Float32Array, attributes: Record<string, string | number>): void => {
    const ds = product.create_dataset({ name, data, shape, dtype: '<f', chunks: shape, compression: 6 });
    ds.create_attribute('_FillValue', new Float32Array([FILL]), [1], '<f');
    for (const [key, value] of Object.entries(attributes)) {
      if (typeof value === 'string') ds.create_attribute(key, value, null, `A${Math.max(1, Buffer.byteLength(value))}`);
      else ds.create_attribute(key, new Float32Array([value]), [1], '<f');
    }
    attachDimensions(product, ds);
  };
  variable('latitude', Float32Array.from(lat), {
    long_name: 'pixel center latitude',
    units: 'degrees_north',
    standard_name: 'latitude',
    valid_min: -90,
    valid_max: 90,
  });
  variable('longitude', Float32Array.from(lon), {
    long_name: 'pixel center longitude',
    units: 'degrees_east',
    standard_name: 'longitude',
    valid_min: -180,
    valid_max: 180,
  });
  if (main) variable(main.name, values, { units: main.units, long_name: main.long, coordinates: 'longitude latitude' });
}

function attachDimensions(product: Group, ds: Dataset): void {
  ['time', 'scanline', 'ground_pixel'].forEach((dim, index) => ds.attach_scale(index, `${product.path}/${dim}`));
}
