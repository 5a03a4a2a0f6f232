import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

/**
 * What every demo product writer shares: the description handed back to the caller, atomic writing,
 * and the small formatting rules the real files follow (compact dates in names, microsecond ISO
 * times, XML escaping, MD5 of each data object).
 */

export type DemoMission = 'SENTINEL-1' | 'SENTINEL-2' | 'SENTINEL-3' | 'SENTINEL-5P';

/** What a product's own files say, for whoever wants to check an extractor against them. */
export interface DemoProduct {
  /** Name with its extension, as CDSE lists it: `….SAFE`, `….SEN3`, `….nc`, `….EOF`. */
  name: string;
  mission: DemoMission;
  productType: string;
  /** S1A, S1C, S2A, S2B, S3A, S3B, S5P. */
  platform: string;
  sensingStart: string;
  sensingEnd: string;
  orbitNumber: number;
  relativeOrbitNumber?: number;
  orbitDirection?: 'ASCENDING' | 'DESCENDING';
  /** Sentinel-2 only, without the leading `T`. */
  tileId?: string;
  cloudCover?: number;
  /** Closed lon/lat ring (WGS84), or null for orbit files. */
  footprint: number[][] | null;
}

/** Where and when a product should be: a place to cover and a day to start looking for a pass on. */
export interface SceneRequest {
  /** Midnight UTC of the preferred day. */
  dayMs: number;
  target: { lon: number; lat: number };
  /** Days a pass may be taken from (midnights, both included). */
  range: { firstDayMs: number; lastDayMs: number };
}

export interface ProductFile {
  /** Relative to the product's top folder, '/'-separated. */
  path: string;
  content: string | Uint8Array;
}

/** Products being written are named so; nothing else in an output folder starts with it. */
export const PARTIAL_PREFIX = '.partial-';

/**
 * Writes a product folder into a hidden temporary sibling, then renames it into place, so that an
 * interrupted run never leaves half a product under its real name. A leftover temporary folder from
 * an earlier interrupted run is replaced.
 */
export async function writeProductFolder(outDir: string, name: string, files: readonly ProductFile[]): Promise<void> {
  const temp = temporaryPath(outDir, name);
  const final = join(outDir, name);
  await rm(temp, { recursive: true, force: true });
  // Deepest folders only (mkdir is recursive), then every file at once: small files, many of them.
  const folders = [...new Set(files.map((f) => dirname(join(temp, ...f.path.split('/')))))];
  const leaves = folders.filter((d) => !folders.some((other) => other !== d && other.startsWith(`${d}${sep}`)));
  for (const folder of leaves) await mkdir(folder, { recursive: true });
  await Promise.all(files.map((f) => writeFile(join(temp, ...f.path.split('/')), f.content)));
  await rm(final, { recursive: true, force: true });
  await rename(temp, final);
}

export function temporaryPath(outDir: string, name: string): string {
  return join(outDir, `${PARTIAL_PREFIX}${name}`);
}

export function md5Hex(content: string | Uint8Array): string {
  return createHash('md5').update(content).digest('hex');
}

/** `20250403T103021`, the form product names use. */
export function compactUtc(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/** ISO 8601 UTC with `digits` fractional digits (0–6, truncated like the seconds of a name), with or without `Z`. */
export function isoUtc(timeMs: number, digits: number, zulu = true): string {
  const micros = Math.floor(timeMs * 1000);
  const wholeMs = Math.floor(micros / 1_000_000) * 1000;
  const fraction = String(micros - wholeMs * 1000)
    .padStart(6, '0')
    .slice(0, digits);
  return `${new Date(wholeMs).toISOString().slice(0, 19)}${digits > 0 ? `.${fraction}` : ''}${zulu ? 'Z' : ''}`;
}

/** A UUID-shaped identifier from the generator (real products carry random ones; ours must repeat). */
export function uuidFrom(hex32: string): string {
  const h = hex32.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Number formatting without exponent notation or locale: `fixed(46.0338901, 6)` → `46.033890`. */
export function fixed(value: number, digits: number): string {
  return (Object.is(value, -0) ? 0 : value).toFixed(digits);
}

/** A ring as "lat lon lat lon …" (EXT_POS_LIST, gml:posList, S2 gml:coordinates). */
export function latLonList(ring: readonly number[][], digits: number): string {
  return ring.map(([lon, lat]) => `${fixed(lat ?? 0, digits)} ${fixed(lon ?? 0, digits)}`).join(' ');
}
