/**
 * A large catalogue without pixels, for benchmarks and scale tests: `eohub demo --count 1000000
 * --metadata-only` writes one STAC Item per line (NDJSON) that `eohub catalog load` registers. No product
 * files are written; each item still has the geometry, times, orbit numbers and tile ids of a plausible
 * product, from the same orbit models (orbits.ts) and MGRS tiling (mgrs.ts) as the demo products.
 *
 * The mix is performance.md's: 70 % Sentinel-2 L2A tiles, 15 % Sentinel-1 IW GRD frames (250 × 170 km),
 * 10 % Sentinel-3 OLCI frames (~1,270 km), 5 % Sentinel-5P half-orbit strips to ±70°, uniform over
 * 2022–2024, over Europe and the rest of the world. The same seed gives the same lines.
 */
import type { Writable } from 'node:stream';
import { tileAt, tileOutline } from './mgrs.ts';
import { destination, groundPoint, nearestPass, ORBIT_MODELS, secondsAtLatitude, type OrbitDirection, type Platform } from './orbits.ts';
import { createRandom, type Random } from './random.ts';

export type MetadataKind = 'S2' | 'S1' | 'S3' | 'S5P';

export const METADATA_MIX: readonly (readonly [MetadataKind, number])[] = [
  ['S2', 0.7],
  ['S1', 0.15],
  ['S3', 0.1],
  ['S5P', 0.05],
];

/** 2022-01-01 to the end of 2024, the span performance.md's data set covers. */
export const METADATA_PERIOD = { firstDayMs: Date.UTC(2022, 0, 1), lastDayMs: Date.UTC(2024, 11, 31) } as const;

/** Europe, where a quarter of the targets are drawn (the rest: anywhere between 56°S and 72°N). */
export const METADATA_EUROPE = { west: -25, east: 45, south: 34, north: 72 } as const;
const EUROPE_SHARE = 0.25;

const S5P_TYPES = ['L2__NO2___', 'L2__O3____', 'L2__CO____', 'L2__CH4___', 'L2__SO2___', 'L2__HCHO__', 'L2__CLOUD_', 'L2__AER_AI'];

export interface StacItem {
  type: 'Feature';
  stac_version: '1.0.0';
  id: string;
  collection: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  bbox: number[];
  properties: Record<string, unknown>;
  assets: Record<string, Record<string, unknown>>;
  links: never[];
}

interface Draft {
  /** What makes two products the same product: a repeat is drawn again. */
  key: string;
  name: string;
  collection: string;
  platform: Platform;
  instrument: string;
  productType: string;
  storage: string;
  startMs: number;
  endMs: number;
  ring: number[][];
  properties: Record<string, unknown>;
}

/**
 * The items, one at a time, so that ten million need no more memory than the keys already used. Every
 * product draws from its own fork of the seed; a repeat of an earlier product is drawn again from the
 * same fork, so the output stays deterministic.
 */
export function* metadataOnlyItems(options: { count: number; seed: string | number }): Generator<StacItem> {
  if (!Number.isSafeInteger(options.count) || options.count < 0) throw new RangeError(`count must be a non-negative integer`);
  const root = createRandom(`metadata-only\u0000${options.seed}`);
  const used = new Set<string>();
  for (let i = 0; i < options.count; i++) {
    const r = root.fork(String(i));
    const kind = r.weighted(METADATA_MIX);
    let draft = drawProduct(r, kind);
    for (let attempt = 0; used.has(draft.key); attempt++) {
      if (attempt > 100) throw new Error(`no new ${kind} product after 100 draws`);
      draft = drawProduct(r, kind);
    }
    used.add(draft.key);
    yield toItem(r, draft);
  }
}

/** The items as NDJSON lines (no newline), for bulk loading without a file. */
export function* metadataOnlyLines(options: { count: number; seed: string | number }): Generator<string> {
  for (const item of metadataOnlyItems(options)) yield JSON.stringify(item);
}

/** Writes the NDJSON to `out` (a file or stdout), waiting when it is full. */
export async function writeMetadataOnly(options: { count: number; seed: string | number; out: Writable }): Promise<number> {
  let n = 0;
  for (const line of metadataOnlyLines(options)) {
    n++;
    if (!options.out.write(`${line}\n`)) await new Promise((resolve) => options.out.once('drain', resolve));
  }
  return n;
}

function drawProduct(r: Random, kind: MetadataKind): Draft {
  const dayMs = METADATA_PERIOD.firstDayMs + r.int(0, (METADATA_PERIOD.lastDayMs - METADATA_PERIOD.firstDayMs) / 86400_000) * 86400_000;
  const target = drawTarget(r);
  switch (kind) {
    case 'S2':
      return drawSentinel2(r, dayMs, target);
    case 'S1':
      return drawSentinel1(r, dayMs, target);
    case 'S3':
      return drawSentinel3(r, dayMs, target);
    case 'S5P':
      return drawSentinel5p(r, dayMs, target);
  }
}

function drawTarget(r: Random): { lon: number; lat: number } {
  const box = r.chance(EUROPE_SHARE) ? METADATA_EUROPE : { west: -180, east: 180, south: -56, north: 72 };
  // Uniform by area: the sine of the latitude is uniform.
  const s = r.float(Math.sin((box.south * Math.PI) / 180), Math.sin((box.north * Math.PI) / 180));
  return { lon: r.float(box.west, box.east), lat: (Math.asin(s) * 180) / Math.PI };
}

/** The target moved across the track into the swath when the day's nearest pass misses it. */
function intoSwath(
  model: (typeof ORBIT_MODELS)[Platform],
  dayMs: number,
  target: { lon: number; lat: number },
  dir: OrbitDirection,
  halfKm: number,
) {
  const pass = nearestPass(model, dayMs, target, dir);
  if (Math.abs(pass.crossTrackKm) <= halfKm) return { pass, point: target };
  const offsetKm = (pass.crossTrackKm > 0 ? 1 : -1) * halfKm * 0.9;
  const [lon, lat] = destination(pass.track.lon, pass.track.lat, pass.track.headingDeg + 90, offsetKm);
  return { pass, point: { lon, lat } };
}

function drawSentinel2(r: Random, dayMs: number, target: { lon: number; lat: number }): Draft {
  const platform = r.pick(['S2A', 'S2B'] as const);
  const model = ORBIT_MODELS[platform];
  const { pass, point } = intoSwath(model, dayMs, target, 'DESCENDING', 145);
  const tile = tileAt(point.lon, point.lat);
  const relative = model.relativeOrbit(pass.orbit) ?? 0;
  const startMs = Math.floor(pass.timeMs / 1000) * 1000 + 24;
  const baseline = startMs < Date.UTC(2022, 0, 25) ? 'N0301' : startMs < Date.UTC(2023, 11, 1) ? 'N0400' : 'N0510';
  const generatedMs = startMs + r.int(2 * 3600, 8 * 3600) * 1000;
  const name = `${platform}_MSIL2A_${compact(startMs)}_${baseline}_R${pad(relative, 3)}_T${tile.id}_${compact(generatedMs)}.SAFE`;
  return {
    key: `${platform}:${pass.orbit}:${tile.id}`,
    name,
    collection: 'sentinel-2',
    platform,
    instrument: 'msi',
    productType: 'S2MSI2A',
    storage: 'Sentinel-2/MSI/L2A',
    startMs,
    endMs: startMs,
    ring: tileOutline(tile),
    properties: {
      'eo:cloud_cover': round(r.next() ** 1.4 * 100, 2),
      'grid:code': `MGRS-${tile.id}`,
      'sat:absolute_orbit': pass.orbit,
      'sat:relative_orbit': relative,
      'sat:orbit_state': 'descending',
      'processing:level': 'L2A',
      'processing:datetime': new Date(generatedMs).toISOString(),
    },
  };
}

/** A swath along the track from `t0` to `t1` seconds after the node, `leftKm`..`rightKm` across it. */
function swathRing(
  model: (typeof ORBIT_MODELS)[Platform],
  orbit: number,
  t0: number,
  t1: number,
  leftKm: number,
  rightKm: number,
  steps: number,
) {
  const edge = (km: number): number[][] =>
    Array.from({ length: steps + 1 }, (_, k) => {
      const g = groundPoint(model, orbit, t0 + ((t1 - t0) * k) / steps);
      return destination(g.lon, g.lat, g.headingDeg + 90, km);
    });
  const left = edge(leftKm);
  return [...left, ...edge(rightKm).reverse(), left[0] as number[]];
}

function drawSentinel1(r: Random, dayMs: number, target: { lon: number; lat: number }): Draft {
  const model = ORBIT_MODELS.S1A;
  const direction = r.pick(['ASCENDING', 'DESCENDING'] as const);
  const { pass } = intoSwath(model, dayMs, target, direction, 125);
  // GRD slices are 25 s of the datatake (about 170 km along the track).
  const slice = Math.floor(pass.secondsAfterAnx / 25);
  const t0 = slice * 25;
  const anxMs = pass.timeMs - pass.secondsAfterAnx * 1000;
  const startMs = Math.round(anxMs + t0 * 1000);
  const endMs = startMs + 25_000;
  const datatake = r.int(0x10000, 0xfffff).toString(16).toUpperCase().padStart(6, '0');
  const name = `S1A_IW_GRDH_1SDV_${compact(startMs)}_${compact(endMs)}_${pad(pass.orbit, 6)}_${datatake}_${r.hex(4).toUpperCase()}.SAFE`;
  return {
    key: `S1A:${pass.orbit}:${slice}`,
    name,
    collection: 'sentinel-1',
    platform: 'S1A',
    instrument: 'sar',
    productType: 'IW_GRDH_1S',
    storage: 'Sentinel-1/SAR/IW_GRDH_1S',
    startMs,
    endMs,
    ring: swathRing(model, pass.orbit, t0, t0 + 25, -125, 125, 1),
    properties: {
      'sat:absolute_orbit': pass.orbit,
      'sat:relative_orbit': model.relativeOrbit(pass.orbit),
      'sat:orbit_state': direction.toLowerCase(),
      's1:product_type': 'IW_GRDH_1S',
      'sar:instrument_mode': 'IW',
      'sar:polarizations': ['VV', 'VH'],
      'processing:level': 'L1',
    },
  };
}

function drawSentinel3(r: Random, dayMs: number, target: { lon: number; lat: number }): Draft {
  const platform = r.pick(['S3A', 'S3B'] as const);
  const model = ORBIT_MODELS[platform];
  const { pass } = intoSwath(model, dayMs, target, 'DESCENDING', 600);
  // OLCI EFR frames: three minutes of the orbit, the full 1,270 km swath.
  const frame = Math.floor(pass.secondsAfterAnx / 180);
  const t0 = frame * 180;
  const startMs = Math.round(pass.timeMs - (pass.secondsAfterAnx - t0) * 1000);
  const endMs = startMs + 180_000;
  const creationMs = endMs + r.int(3600, 48 * 3600) * 1000;
  const relative = model.relativeOrbit(pass.orbit) ?? 0;
  const cycle = model.cycle(pass.orbit) ?? 0;
  const name = `${platform}_OL_1_EFR____${compact(startMs)}_${compact(endMs)}_${compact(creationMs)}_0179_${pad(cycle, 3)}_${pad(relative, 3)}_${pad(frame * 180, 4)}_LN1_O_NT_003.SEN3`;
  return {
    key: `${platform}:${pass.orbit}:${frame}`,
    name,
    collection: 'sentinel-3',
    platform,
    instrument: 'olci',
    productType: 'OL_1_EFR___',
    storage: 'Sentinel-3/OLCI/OL_1_EFR___',
    startMs,
    endMs,
    ring: swathRing(model, pass.orbit, t0, t0 + 180, -635, 635, 3),
    properties: {
      'eo:cloud_cover': round(r.next() * 100, 2),
      'sat:absolute_orbit': pass.orbit,
      'sat:relative_orbit': relative,
      'sat:orbit_cycle': cycle,
      'sat:orbit_state': 'descending',
      'product:timeliness': 'NT',
      'processing:level': 'L1',
    },
  };
}

function drawSentinel5p(r: Random, dayMs: number, target: { lon: number; lat: number }): Draft {
  const model = ORBIT_MODELS.S5P;
  const pass = nearestPass(model, dayMs, target, 'ASCENDING');
  const type = r.pick(S5P_TYPES);
  // The daylit half of the orbit, from 70°S to 70°N on the ascending pass.
  const t0 = secondsAtLatitude(model, -70, 'ASCENDING') - model.periodS;
  const t1 = secondsAtLatitude(model, 70, 'ASCENDING');
  const anxMs = pass.timeMs - pass.secondsAfterAnx * 1000;
  const startMs = Math.round(anxMs + t0 * 1000);
  const endMs = Math.round(anxMs + t1 * 1000);
  const creationMs = endMs + r.int(36 * 3600, 80 * 3600) * 1000;
  const name = `S5P_OFFL_${type}_${compact(startMs)}_${compact(endMs)}_${pad(pass.orbit, 5)}_03_020600_${compact(creationMs)}.nc`;
  return {
    key: `S5P:${pass.orbit}:${type}`,
    name,
    collection: 'sentinel-5p',
    platform: 'S5P',
    instrument: 'tropomi',
    productType: type,
    storage: `Sentinel-5P/TROPOMI/${type}`,
    startMs,
    endMs,
    ring: swathRing(model, pass.orbit, t0, t1, -1300, 1300, 14),
    properties: {
      'sat:absolute_orbit': pass.orbit,
      'sat:orbit_state': 'ascending',
      's5p:processing_mode': 'OFFL',
      'processing:level': 'L2',
    },
  };
}

const PLATFORM_NAMES: Record<Platform, string> = {
  S1A: 'sentinel-1a',
  S1C: 'sentinel-1c',
  S2A: 'sentinel-2a',
  S2B: 'sentinel-2b',
  S3A: 'sentinel-3a',
  S3B: 'sentinel-3b',
  S5P: 'sentinel-5p',
};

function toItem(r: Random, d: Draft): StacItem {
  const ring = d.ring.map(([lon, lat]) => [round(lon as number, 6), round(lat as number, 6)]);
  const lons = ring.map((p) => p[0] as number);
  const lats = ring.map((p) => p[1] as number);
  const day = new Date(d.startMs).toISOString().slice(0, 10).replace(/-/g, '/');
  const publishedMs = d.endMs + r.int(3600, 12 * 3600) * 1000;
  return {
    type: 'Feature',
    stac_version: '1.0.0',
    id: d.name,
    collection: d.collection,
    geometry: { type: 'Polygon', coordinates: [ring] },
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    properties: {
      datetime: new Date(d.startMs).toISOString(),
      start_datetime: new Date(d.startMs).toISOString(),
      end_datetime: new Date(d.endMs).toISOString(),
      published: new Date(publishedMs).toISOString(),
      constellation: d.collection,
      platform: PLATFORM_NAMES[d.platform],
      instruments: [d.instrument],
      'product:type': d.productType,
      ...d.properties,
    },
    assets: {
      product: {
        href: `s3://eodata/${d.storage}/${day}/${d.name}`,
        type: 'application/zip',
        roles: ['data'],
        'file:size': r.int(20_000_000, 1_200_000_000),
        // Multihash: 0xd5 0x10 is MD5 with a 16-byte digest.
        'file:checksum': `d510${r.hex(32)}`,
      },
    },
    links: [],
  };
}

function compact(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
