/**
 * Plausible orbit geometry for the demo products: absolute orbit numbers that match the date, relative
 * orbits and cycles by each mission's own relation, ground tracks at the right local solar time.
 *
 * Each platform is a circular, sun-synchronous orbit anchored on one real product from
 * ../shared/samples (an absolute orbit and the UTC time of its ascending node, ANX). Sun-synchronous
 * means the node keeps its local solar time, so its longitude follows from the UTC of the crossing
 * (LTAN − UTC, in hours × 15°) and the Earth turns under the orbit plane at the solar rate,
 * 360° per 86 400 s. Good to a few kilometres and seconds near the anchors, and within minutes years
 * away: enough for names, orbit numbers and footprints that agree with each other.
 */

export type Platform = 'S1A' | 'S1C' | 'S2A' | 'S2B' | 'S3A' | 'S3B' | 'S5P';
export type OrbitDirection = 'ASCENDING' | 'DESCENDING';

export interface OrbitModel {
  platform: Platform;
  anchorOrbit: number;
  /** Start of `anchorOrbit` (epoch milliseconds, UTC). */
  anchorStartMs: number;
  /** Seconds from the start of an orbit to its ascending node (0 except for Sentinel-5P). */
  anxAfterStartS: number;
  /** Nodal period. For repeat-track missions exactly cycle days × 86 400 / orbits per cycle. */
  periodS: number;
  inclinationDeg: number;
  /** Mean local solar time of the ascending node, hours. */
  ltanHours: number;
  altitudeKm: number;
  relativeOrbit(orbit: number): number | undefined;
  cycle(orbit: number): number | undefined;
}

const ms = (iso: string): number => Date.parse(iso);
const mod = (a: number, n: number): number => ((a % n) + n) % n;

const S1_PERIOD_S = (12 * 86400) / 175;
const S2_PERIOD_S = (10 * 86400) / 143;
const S3_PERIOD_S = (27 * 86400) / 385;

/** S1C flies 180° from S1A (the slot S1B left): its tracks repeat S1A's six days later. */
const S1C_PHASE_DAYS = 6;
const S1A_ANCHOR_MS = ms('2021-08-09T17:27:46.470Z');

export const ORBIT_MODELS: Readonly<Record<Platform, OrbitModel>> = {
  // S1A_IW_GRDH_1SDV_20210809T173953_…_039156: s1:ascendingNodeTime of orbit 39156.
  S1A: {
    platform: 'S1A',
    anchorOrbit: 39156,
    anchorStartMs: S1A_ANCHOR_MS,
    anxAfterStartS: 0,
    periodS: S1_PERIOD_S,
    inclinationDeg: 98.18,
    ltanHours: 18,
    altitudeKm: 693,
    // Sentinel-1 Mission Performance Centre relations; the cycle offset fits every S1A sample.
    relativeOrbit: (n) => mod(n - 73, 175) + 1,
    cycle: (n) => Math.floor((n - 73) / 175) + 15,
  },
  // S1C relative orbit = mod(abs − 172, 175) + 1 (ESA STEP forum, valid until the 2026 reconfiguration);
  // its anchor is derived from S1A's so that equal relative orbits share a ground track. No sample
  // states an S1C cycle number: cycles are counted from the first relative orbit 1.
  S1C: {
    platform: 'S1C',
    anchorOrbit: 5664,
    anchorStartMs: s1cAnchorMs(5664),
    anxAfterStartS: 0,
    periodS: S1_PERIOD_S,
    inclinationDeg: 98.18,
    ltanHours: 18,
    altitudeKm: 693,
    relativeOrbit: (n) => mod(n - 172, 175) + 1,
    cycle: (n) => Math.floor((n - 172) / 175) + 1,
  },
  // S2A_MSIL1C_20210908T042701_N0301_R133_T46RER: tile sensing time, moved back to the node.
  S2A: {
    platform: 'S2A',
    anchorOrbit: 32448,
    anchorStartMs: ms('2021-09-08T03:58:15Z'),
    anxAfterStartS: 0,
    periodS: S2_PERIOD_S,
    inclinationDeg: 98.62,
    ltanHours: 22.5,
    altitudeKm: 786,
    relativeOrbit: (n) => mod(n + 2, 143) + 1,
    cycle: () => undefined,
  },
  // S2B_MSIL2A_20210122T133229_N0214_R081_T22HBD: tile sensing time, moved back to the node.
  S2B: {
    platform: 'S2B',
    anchorOrbit: 20270,
    anchorStartMs: ms('2021-01-22T12:41:51Z'),
    anxAfterStartS: 0,
    periodS: S2_PERIOD_S,
    inclinationDeg: 98.62,
    ltanHours: 22.5,
    altitudeKm: 786,
    relativeOrbit: (n) => mod(n - 27, 143) + 1,
    cycle: () => undefined,
  },
  // S3A_OL_1_EFR____20211021T073827_…: the first ephemeris (z = 0) of orbit 29567 is its node.
  S3A: {
    platform: 'S3A',
    anchorOrbit: 29567,
    anchorStartMs: ms('2021-10-21T06:26:27.255Z'),
    anxAfterStartS: 0,
    periodS: S3_PERIOD_S,
    inclinationDeg: 98.65,
    ltanHours: 22,
    altitudeKm: 814.5,
    relativeOrbit: (n) => mod(n - 359, 385) + 1,
    cycle: (n) => Math.floor((n - 359) / 385) + 2,
  },
  // S3B_OL_1_ERR____20210831T200148_…: node of orbit 17454.
  S3B: {
    platform: 'S3B',
    anchorOrbit: 17454,
    anchorStartMs: ms('2021-08-31T19:37:28.376Z'),
    anxAfterStartS: 0,
    periodS: S3_PERIOD_S,
    inclinationDeg: 98.65,
    ltanHours: 22,
    altitudeKm: 814.5,
    relativeOrbit: (n) => mod(n - 273, 385) + 1,
    cycle: (n) => Math.floor((n - 273) / 385) + 12,
  },
  // S5P orbits start at spacecraft midnight, half an orbit before the (daylit) ascending node. Anchor:
  // the OFFL CH4 file of orbit 20333; period fitted between it and orbit 12367 (samples 12 and 11).
  S5P: {
    platform: 'S5P',
    anchorOrbit: 20333,
    anchorStartMs: ms('2021-09-15T13:09:38Z'),
    anxAfterStartS: 6089.888 / 2,
    periodS: 6089.888,
    inclinationDeg: 98.74,
    ltanHours: 13.5,
    altitudeKm: 824,
    relativeOrbit: () => undefined,
    cycle: () => undefined,
  },
};

function s1cAnchorMs(orbit: number): number {
  // The S1A orbit with the same relative orbit six days (half a cycle) earlier has the same track.
  const rel = mod(orbit - 172, 175) + 1;
  const approxMs = ms('2025-12-29T08:30:00Z') - S1C_PHASE_DAYS * 86400_000;
  const s1aNearby = 39156 + Math.round((approxMs - S1A_ANCHOR_MS) / 1000 / S1_PERIOD_S);
  const behind = mod(mod(s1aNearby - 73, 175) + 1 - rel, 175);
  const s1a = s1aNearby - (behind > 87 ? behind - 175 : behind);
  return S1A_ANCHOR_MS + (s1a - 39156) * S1_PERIOD_S * 1000 + S1C_PHASE_DAYS * 86400_000;
}

export function orbitStartMs(model: OrbitModel, orbit: number): number {
  return model.anchorStartMs + (orbit - model.anchorOrbit) * model.periodS * 1000;
}

/** The absolute orbit the platform is on at that time. */
export function orbitAt(model: OrbitModel, timeMs: number): number {
  return model.anchorOrbit + Math.floor((timeMs - model.anchorStartMs) / 1000 / model.periodS);
}

export function anxTimeMs(model: OrbitModel, orbit: number): number {
  return orbitStartMs(model, orbit) + model.anxAfterStartS * 1000;
}

export interface GroundPoint {
  lon: number;
  lat: number;
  /** Bearing of the ground track, degrees clockwise from north. */
  headingDeg: number;
  direction: OrbitDirection;
}

const DEG = Math.PI / 180;
const EARTH_RADIUS_KM = 6371;

/** The sub-satellite point `secondsAfterAnx` after the ascending node of `orbit`. */
export function groundPoint(model: OrbitModel, orbit: number, secondsAfterAnx: number): GroundPoint {
  const [lon, lat] = subSatellite(model, orbit, secondsAfterAnx);
  const [lon2, lat2] = subSatellite(model, orbit, secondsAfterAnx + 1);
  const u = mod((360 * secondsAfterAnx) / model.periodS, 360);
  return { lon, lat, headingDeg: bearingDeg(lon, lat, lon2, lat2), direction: u < 90 || u >= 270 ? 'ASCENDING' : 'DESCENDING' };
}

function subSatellite(model: OrbitModel, orbit: number, t: number): [number, number] {
  const anxMs = anxTimeMs(model, orbit);
  const utcHours = mod(anxMs / 3_600_000, 24);
  const nodeLon = 15 * (model.ltanHours - utcHours);
  const u = (2 * Math.PI * t) / model.periodS;
  const i = model.inclinationDeg * DEG;
  const lat = Math.asin(Math.sin(i) * Math.sin(u)) / DEG;
  const alongNode = Math.atan2(Math.cos(i) * Math.sin(u), Math.cos(u)) / DEG;
  return [wrapLon(nodeLon + alongNode - (360 * t) / 86400), lat];
}

/** Seconds after the node at which the track crosses `latDeg` going that way. */
export function secondsAtLatitude(model: OrbitModel, latDeg: number, direction: OrbitDirection): number {
  const s = Math.max(-1, Math.min(1, Math.sin(latDeg * DEG) / Math.sin(model.inclinationDeg * DEG)));
  const uDeg = direction === 'ASCENDING' ? Math.asin(s) / DEG : 180 - Math.asin(s) / DEG;
  return (mod(uDeg, 360) / 360) * model.periodS;
}

export interface Pass {
  orbit: number;
  secondsAfterAnx: number;
  timeMs: number;
  track: GroundPoint;
  /** Distance of the target from the track, positive to the right of the direction of flight. */
  crossTrackKm: number;
}

/**
 * Of the passes of that day (going `direction`) over the target's latitude, the one whose track comes
 * closest to the target.
 */
export function nearestPass(model: OrbitModel, dayStartMs: number, target: { lon: number; lat: number }, direction: OrbitDirection): Pass {
  const t = secondsAtLatitude(model, target.lat, direction);
  const first = orbitAt(model, dayStartMs - model.anxAfterStartS * 1000 - t * 1000) + 1;
  let best: Pass | undefined;
  for (let orbit = first; anxTimeMs(model, orbit) + t * 1000 < dayStartMs + 86400_000; orbit++) {
    const track = groundPoint(model, orbit, t);
    const crossTrackKm = offTrackKm(track, target.lon, target.lat);
    if (!best || Math.abs(crossTrackKm) < Math.abs(best.crossTrackKm)) {
      best = { orbit, secondsAfterAnx: t, timeMs: anxTimeMs(model, orbit) + t * 1000, track, crossTrackKm };
    }
  }
  if (!best) throw new RangeError('no pass in a day: orbit period longer than a day?');
  return best;
}

/** The point `distanceKm` away along a great circle with that initial bearing. */
export function destination(lon: number, lat: number, bearing: number, distanceKm: number): [number, number] {
  const d = distanceKm / EARTH_RADIUS_KM;
  const p1 = lat * DEG;
  const b = bearing * DEG;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = lon * DEG + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [wrapLon(l2 / DEG), p2 / DEG];
}

export function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * DEG;
  const p2 = lat2 * DEG;
  const dl = (lon2 - lon1) * DEG;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return mod(Math.atan2(y, x) / DEG, 360);
}

export function wrapLon(lon: number): number {
  return mod(lon + 180, 360) - 180;
}

/**
 * Tries the given day, then the days around it (+1, −1, +2, …) within [firstDayMs, lastDayMs], and
 * returns the first pass `accept` takes: one satellite sees a given place only every few days.
 */
export function findPass(
  model: OrbitModel,
  dayMs: number,
  target: { lon: number; lat: number },
  direction: OrbitDirection,
  accept: (pass: Pass) => boolean,
  range: { firstDayMs: number; lastDayMs: number },
  maxDays = 14,
): Pass | undefined {
  for (let k = 0; k <= 2 * maxDays; k++) {
    const offset = k % 2 === 1 ? (k + 1) / 2 : -k / 2;
    const day = dayMs + offset * 86400_000;
    if (day < range.firstDayMs || day > range.lastDayMs) continue;
    const pass = nearestPass(model, day, target, direction);
    if (accept(pass)) return pass;
  }
  return undefined;
}

/** Signed distance of a point from the track of `orbit` (positive to the right of the flight direction). */
export function crossTrackKm(model: OrbitModel, orbit: number, direction: OrbitDirection, lon: number, lat: number): number {
  return offTrackKm(groundPoint(model, orbit, secondsAtLatitude(model, lat, direction)), lon, lat);
}

/** Along the parallel from the track point, projected on the across-track direction (fine below ~75°). */
function offTrackKm(track: GroundPoint, lon: number, lat: number): number {
  return wrapLon(lon - track.lon) * Math.cos(lat * DEG) * 111.195 * Math.cos(track.headingDeg * DEG);
}

/**
 * The part of a closed lon/lat ring whose signed distance (by `distanceKm`) lies in [minKm, maxKm]:
 * Sutherland–Hodgman against the two swath edges, interpolating the distance linearly along each side
 * (sides are short against the Earth's curvature here). Returns [] when nothing is left.
 */
export function clipRing(
  ring: readonly number[][],
  distanceKm: (lon: number, lat: number) => number,
  minKm: number,
  maxKm: number,
): number[][] {
  const open = ring.slice(0, -1).map((p) => [p[0] as number, p[1] as number]);
  const clipped = clipHalf(
    clipHalf(open, (p) => distanceKm(p[0] as number, p[1] as number) - minKm),
    (p) => maxKm - distanceKm(p[0] as number, p[1] as number),
  );
  const first = clipped[0];
  return first ? [...clipped, [...first]] : [];
}

function clipHalf(points: number[][], inside: (p: number[]) => number): number[][] {
  const out: number[][] = [];
  points.forEach((p, i) => {
    const q = points[(i + 1) % points.length] as number[];
    const dp = inside(p);
    const dq = inside(q);
    if (dp >= 0) out.push(p);
    if (dp >= 0 !== dq >= 0) {
      const f = dp / (dp - dq);
      out.push([
        (p[0] as number) + ((q[0] as number) - (p[0] as number)) * f,
        (p[1] as number) + ((q[1] as number) - (p[1] as number)) * f,
      ]);
    }
  });
  return out;
}

/** Area of a small lon/lat ring in km² (equirectangular about its mean latitude; enough for ratios). */
export function ringAreaKm2(ring: readonly number[][]): number {
  const meanLat = ring.reduce((s, p) => s + (p[1] as number), 0) / Math.max(1, ring.length);
  const k = Math.cos(meanLat * DEG) * 111.195;
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] as number[];
    const [x2, y2] = ring[i + 1] as number[];
    twice += (x1 as number) * k * (y2 as number) * 111.195 - (x2 as number) * k * (y1 as number) * 111.195;
  }
  return Math.abs(twice) / 2;
}

/**
 * Earth-fixed position (m) and velocity (m/s) `secondsAfterAnx` after the node of `orbit`: the orbit-plane
 * position rotated to the node's longitude, which drifts westward at the solar rate. The velocity is the
 * central difference over ±0.5 s, so it includes the Earth's rotation as an EARTH_FIXED frame does.
 */
export function stateVector(model: OrbitModel, orbit: number, secondsAfterAnx: number): { position: number[]; velocity: number[] } {
  const position = (t: number): number[] => {
    const r = (EARTH_RADIUS_KM + model.altitudeKm) * 1000;
    const u = (2 * Math.PI * t) / model.periodS;
    const i = model.inclinationDeg * DEG;
    const utcHours = mod(anxTimeMs(model, orbit) / 3_600_000, 24);
    const node = (15 * (model.ltanHours - utcHours) - (360 * t) / 86400) * DEG;
    const [x, y, z] = [r * Math.cos(u), r * Math.sin(u) * Math.cos(i), r * Math.sin(u) * Math.sin(i)];
    return [x * Math.cos(node) - y * Math.sin(node), x * Math.sin(node) + y * Math.cos(node), z];
  };
  const before = position(secondsAfterAnx - 0.5);
  const after = position(secondsAfterAnx + 0.5);
  return { position: position(secondsAfterAnx), velocity: after.map((a, k) => a - (before[k] as number)) };
}
