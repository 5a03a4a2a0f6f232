import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';
import type { FootprintGeometry } from './types.ts';

/**
 * Readers for the coordinate notations found in product metadata. Every one returns a closed
 * lon/lat ring; the antimeridian is handled later, once, by the catalogue (catalog/footprint.ts).
 */

/** `gml:coordinates` as in SAFE manifests: "lat,lon lat,lon ...". */
export function ringFromLatLonPairs(text: string): number[][] {
  const ring = text
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [lat, lon] = pair.split(',').map(Number);
      return [lon as number, lat as number];
    });
  return closeRing(checkRing(ring, text));
}

/** `gml:posList` / `EXT_POS_LIST`: "lat lon lat lon ..." (or with a third value per point when `dims` = 3). */
export function ringFromLatLonList(text: string, dims = 2): number[][] {
  const values = text.trim().split(/\s+/).map(Number);
  const ring: number[][] = [];
  for (let i = 0; i + 1 < values.length; i += dims) {
    ring.push([values[i + 1] as number, values[i] as number]);
  }
  return closeRing(checkRing(ring, text));
}

/** "lon lat lon lat ..." lists. */
export function ringFromLonLatList(text: string): number[][] {
  const values = text.trim().split(/\s+/).map(Number);
  const ring: number[][] = [];
  for (let i = 0; i + 1 < values.length; i += 2) ring.push([values[i] as number, values[i + 1] as number]);
  return closeRing(checkRing(ring, text));
}

export function polygon(ring: number[][]): FootprintGeometry {
  return { type: 'Polygon', coordinates: [ring] };
}

export function closeRing(ring: number[][]): number[][] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) return [...ring, [first[0] as number, first[1] as number]];
  return ring;
}

function checkRing(ring: number[][], source: string): number[][] {
  const ok =
    ring.length >= 3 &&
    ring.every(
      (p) =>
        p.length === 2 &&
        Number.isFinite(p[0]) &&
        Number.isFinite(p[1]) &&
        Math.abs(p[0] as number) <= 360 &&
        Math.abs(p[1] as number) <= 90,
    );
  if (!ok) {
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `footprint is not a valid lon/lat ring: ${source.slice(0, 120)}`);
  }
  return ring;
}

/** Normalises an ISO-like timestamp (or `UTC=...`, or the compact `20210403T101021`) to `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function toIsoUtc(value: string): string {
  let v = value.trim();
  if (/^UTC=/.test(v)) v = v.slice(4);
  // Compact form used in names: 20210403T101021
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (compact) v = `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}Z`;
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(v)) v += 'Z';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `not a date: ${value}`);
  }
  // Always six fractional digits, as CDSE prints them; microseconds survive (JS Dates keep milliseconds only).
  const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(v)?.[1] ?? '';
  const micros = fraction.length > 3 ? fraction.slice(0, 6).padEnd(6, '0') : undefined;
  const iso = d.toISOString();
  return micros ? iso.replace(/\.\d{3}Z$/, `.${micros}Z`) : iso.replace(/Z$/, '000Z');
}
