import { utmToLonLat } from '../util/utm.ts';
import { tileAt, tileOutline, TILE_SIZE_M, type Tile } from './mgrs.ts';
import { ORBIT_MODELS, clipRing, crossTrackKm, findPass, ringAreaKm2, secondsAtLatitude, anxTimeMs } from './orbits.ts';
import type { Random } from './random.ts';
import { compactUtc, fixed, isoUtc, writeProductFolder, type DemoProduct, type ProductFile, type SceneRequest } from './product-files.ts';
import type { LandMask } from './raster/land.ts';
import { S2_BASELINE, manifestSafe, productMetadata, tileMetadata } from './sentinel2-metadata.ts';
import { renderSentinel2 } from './sentinel2-rasters.ts';

/**
 * One Sentinel-2 MSI tile product (SAFE_COMPACT, L1C or L2A) as the ground segment ships it in 2025
 * (processing baseline 05.11): manifest.safe, MTD_MSIL1C/2A.xml, GRANULE/<id>/MTD_TL.xml and the band
 * images. Modelled on the samples S2A_MSIL1C_…_T46RER (N0301) and S2B_MSIL2A_…_T22HBD (N0214). Left
 * out because they carry no searchable metadata: spectral response tables, GIPP lists, angle grids,
 * QI masks, DATASTRIP/, HTML/, INSPIRE.xml, rep_info/.
 *
 * The images are real but small (sentinel2-rasters.ts): Cloud-Optimised GeoTIFFs (`.tif`) where the
 * ground segment ships JPEG 2000, at a thirtieth of the resolution, and the preview (QI_DATA/…_PVI)
 * as a JPEG where the real one is a JPEG 2000.
 */

export interface Sentinel2Plan {
  name: string;
  platform: 'S2A' | 'S2B';
  level: 'L1C' | 'L2A';
  tile: Tile;
  orbit: number;
  relativeOrbit: number;
  datatakeStartMs: number;
  datastripStartMs: number;
  tileSensingMs: number;
  generationMs: number;
  coverage: number[][];
  noDataPercent: number;
  cloudPercent: number;
  snowPercent: number;
  sun: { zenithDeg: number; azimuthDeg: number };
}

const SWATH_HALF_KM = 145;

export function planSentinel2(rng: Random, request: SceneRequest): Sentinel2Plan | undefined {
  const platform = rng.pick(['S2A', 'S2B'] as const);
  const model = ORBIT_MODELS[platform];
  const tile = tileAt(request.target.lon, request.target.lat);
  const outline = tileOutline(tile, 4);
  const pass = findPass(
    model,
    request.dayMs,
    request.target,
    'DESCENDING',
    (p) => Math.abs(p.crossTrackKm) < SWATH_HALF_KM + 40,
    request.range,
  );
  if (!pass) return undefined;
  // Clipped in the tile's UTM plane, where its sides are straight, so edge points stay on the tile's edge.
  const { ulxM: x0, ulyM: y0, zone, north } = tile;
  const square = [
    [x0, y0],
    [x0 + TILE_SIZE_M, y0],
    [x0 + TILE_SIZE_M, y0 - TILE_SIZE_M],
    [x0, y0 - TILE_SIZE_M],
    [x0, y0],
  ];
  const toLonLat = (p: number[]): number[] => utmToLonLat(p[0] as number, p[1] as number, zone, north);
  const distanceKm = (x: number, y: number): number => {
    const [lon, lat] = utmToLonLat(x, y, zone, north);
    return crossTrackKm(model, pass.orbit, 'DESCENDING', lon, lat);
  };
  const inSwath = clipRing(square, distanceKm, -SWATH_HALF_KM, SWATH_HALF_KM).map(toLonLat);
  const fraction = inSwath.length > 0 ? ringAreaKm2(inSwath) / ringAreaKm2(outline) : 0;
  if (fraction < 0.05) return undefined;
  const corners = outline.slice(0, -1);
  const centreLon = corners.reduce((sum, p) => sum + (p[0] as number), 0) / corners.length;
  const centreLat = corners.reduce((sum, p) => sum + (p[1] as number), 0) / corners.length;
  const anxMs = anxTimeMs(model, pass.orbit);
  const tileSensingMs = anxMs + secondsAtLatitude(model, centreLat, 'DESCENDING') * 1000 + rng.float(0, 1000);
  // A datatake starts somewhere north of the tile; its start (whole second + 24 ms, as every real one)
  // names all its products.
  const datatakeStartMs = Math.floor((tileSensingMs - rng.int(10, 900) * 1000) / 1000) * 1000 + 24;
  const datastripStartMs = Math.floor(datatakeStartMs / 1000) * 1000 + rng.int(0, 3) * 1000;
  const generationMs = Math.floor(tileSensingMs / 1000) * 1000 + rng.int(75 * 60, 300 * 60) * 1000;
  const level = rng.chance(0.7) ? 'L2A' : 'L1C';
  const cloudPercent = drawCloudCover(rng);
  const month = new Date(tileSensingMs).getUTCMonth();
  const winter = month <= 2 || month >= 10;
  const snowPercent = winter && centreLat > 45 ? Math.min(100 - cloudPercent, rng.float(0, (centreLat - 40) * 1.5)) : rng.float(0, 0.05);
  const relativeOrbit = model.relativeOrbit(pass.orbit) ?? 0;
  const name = `${platform}_MSI${level}_${compactUtc(datatakeStartMs)}_N${S2_BASELINE.replace('.', '')}_R${String(relativeOrbit).padStart(3, '0')}_T${tile.id}_${compactUtc(generationMs)}.SAFE`;
  return {
    name,
    platform,
    level,
    tile,
    orbit: pass.orbit,
    relativeOrbit,
    datatakeStartMs,
    datastripStartMs,
    tileSensingMs,
    generationMs,
    coverage: fraction > 0.995 ? tileOutline(tile) : inSwath,
    noDataPercent: Math.max(0, (1 - fraction) * 100),
    cloudPercent,
    snowPercent,
    sun: sunAngles(centreLon, centreLat, tileSensingMs),
  };
}

/**
 * Many clear and many overcast scenes, like a real European archive: a third under 5 %, a third over
 * 85 %, the rest spread between.
 */
export function drawCloudCover(rng: Random): number {
  const kind = rng.weighted([
    ['clear', 33],
    ['cloudy', 30],
    ['mixed', 37],
  ] as const);
  if (kind === 'clear') return rng.chance(0.15) ? 0 : rng.float(0, 5);
  if (kind === 'cloudy') return rng.chance(0.15) ? 100 : rng.float(85, 100);
  return rng.float(5, 85);
}

const L1C_BANDS = ['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B09', 'B10', 'B11', 'B12', 'B8A', 'TCI'];
/** Each L2A band once at its native resolution, plus TCI, SCL, AOT and WVP (the real product resamples all to 10, 20 and 60 m). */
const L2A_BANDS: [string, string][] = [
  ['R10m', 'B02'],
  ['R10m', 'B03'],
  ['R10m', 'B04'],
  ['R10m', 'B08'],
  ['R10m', 'TCI'],
  ['R20m', 'B05'],
  ['R20m', 'B06'],
  ['R20m', 'B07'],
  ['R20m', 'B8A'],
  ['R20m', 'B11'],
  ['R20m', 'B12'],
  ['R20m', 'SCL'],
  ['R20m', 'AOT'],
  ['R20m', 'WVP'],
  ['R60m', 'B01'],
  ['R60m', 'B09'],
];

export async function writeSentinel2(outDir: string, plan: Sentinel2Plan, landMask: LandMask): Promise<DemoProduct> {
  const p = plan;
  const centre = `${p.platform.slice(1)}PS`;
  const gen = compactUtc(p.generationMs);
  const granule = `${p.level}_T${p.tile.id}_A${String(p.orbit).padStart(6, '0')}_${compactUtc(p.datastripStartMs)}`;
  const datastripId = `${p.platform}_OPER_MSI_${p.level}_DS_${centre}_${gen}_S${compactUtc(p.datastripStartMs)}_N${S2_BASELINE}`;
  const tileId = `${p.platform}_OPER_MSI_${p.level}_TL_${centre}_${gen}_A${String(p.orbit).padStart(6, '0')}_T${p.tile.id}_N${S2_BASELINE}`;
  const stem = `T${p.tile.id}_${compactUtc(p.datatakeStartMs)}`;
  const images =
    p.level === 'L1C'
      ? L1C_BANDS.map((b) => `GRANULE/${granule}/IMG_DATA/${stem}_${b}`)
      : L2A_BANDS.map(([res, b]) => `GRANULE/${granule}/IMG_DATA/${res}/${stem}_${b}_${res.slice(1)}`);
  const bandNames = p.level === 'L1C' ? L1C_BANDS : L2A_BANDS.map(([, b]) => b);
  const rasters = await renderSentinel2(p, bandNames, landMask);
  const data: ProductFile[] = images.map((path, i) => ({ path: `${path}.tif`, content: rasters.images.get(bandNames[i] as string) ?? '' }));
  const preview: ProductFile = { path: `GRANULE/${granule}/QI_DATA/${stem}_PVI.jpg`, content: rasters.preview };
  const mtdName = `MTD_MSI${p.level}.xml`;
  const mtd: ProductFile = { path: mtdName, content: productMetadata(p, images, datastripId, tileId) };
  const tl: ProductFile = { path: `GRANULE/${granule}/MTD_TL.xml`, content: tileMetadata(p, tileId, datastripId) };
  const manifest: ProductFile = { path: 'manifest.safe', content: manifestSafe(p, [mtd, tl, ...data, preview]) };
  await writeProductFolder(outDir, p.name, [manifest, mtd, tl, ...data, preview]);
  return {
    name: p.name,
    mission: 'SENTINEL-2',
    productType: `S2MSI${p.level.slice(1)}`,
    platform: p.platform,
    sensingStart: isoUtc(p.datatakeStartMs, 3),
    sensingEnd: isoUtc(p.datatakeStartMs, 3),
    orbitNumber: p.orbit,
    relativeOrbitNumber: p.relativeOrbit,
    orbitDirection: 'DESCENDING',
    tileId: p.tile.id,
    cloudCover: Number(fixed(p.cloudPercent, 6)),
    footprint: p.coverage,
  };
}

/** Solar zenith and azimuth (degrees) at a place and time, by the NOAA low-accuracy formulas (±0.5°). */
export function sunAngles(lon: number, lat: number, timeMs: number): { zenithDeg: number; azimuthDeg: number } {
  const days = timeMs / 86400_000 + 2440587.5 - 2451545;
  const meanLon = modulo(280.46 + 0.9856474 * days, 360);
  const anomaly = modulo(357.528 + 0.9856003 * days, 360) * DEG;
  const eclipticLon = (meanLon + 1.915 * Math.sin(anomaly) + 0.02 * Math.sin(2 * anomaly)) * DEG;
  const obliquity = (23.439 - 0.0000004 * days) * DEG;
  const declination = Math.asin(Math.sin(obliquity) * Math.sin(eclipticLon));
  const rightAscension = Math.atan2(Math.cos(obliquity) * Math.sin(eclipticLon), Math.cos(eclipticLon));
  const gmstDeg = modulo(280.46061837 + 360.98564736629 * days, 360);
  const hourAngle = (gmstDeg + lon) * DEG - rightAscension;
  const phi = lat * DEG;
  const cosZenith = Math.sin(phi) * Math.sin(declination) + Math.cos(phi) * Math.cos(declination) * Math.cos(hourAngle);
  const zenith = Math.acos(Math.max(-1, Math.min(1, cosZenith)));
  const azimuth = Math.atan2(-Math.sin(hourAngle), Math.tan(declination) * Math.cos(phi) - Math.sin(phi) * Math.cos(hourAngle));
  return { zenithDeg: zenith / DEG, azimuthDeg: modulo(azimuth / DEG, 360) };
}

const DEG = Math.PI / 180;
const modulo = (a: number, n: number): number => ((a % n) + n) % n;
