/**
 * An area of interest from an uploaded file: GeoJSON (a geometry, Feature or FeatureCollection; the first
 * polygon found, or a bounding box of points and lines) or KML (the first <coordinates> of a Polygon).
 * Plain text parsing: no DOM needed, so it runs in tests as in the browser.
 */
import type { PolygonWgs84 } from './search-state.ts';

type Json = Record<string, unknown>;

function bboxPolygon(points: number[][]): PolygonWgs84 | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0] ?? 0);
  const ys = points.map((p) => p[1] ?? 0);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}

function flattenPoints(coords: unknown): number[][] {
  if (!Array.isArray(coords)) return [];
  if (typeof coords[0] === 'number') return [coords as number[]]; // a position: numbers only
  return coords.flatMap(flattenPoints);
}

function polygonOf(value: unknown): PolygonWgs84 | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Json; // an object (checked above) read key by key
  switch (o['type']) {
    case 'FeatureCollection':
      for (const f of Array.isArray(o['features']) ? o['features'] : []) {
        const p = polygonOf(f);
        if (p) return p;
      }
      return null;
    case 'Feature':
      return polygonOf(o['geometry']);
    case 'Polygon':
      return Array.isArray(o['coordinates']) ? [(o['coordinates'] as number[][][])[0] ?? []] : null;
    case 'MultiPolygon':
      return Array.isArray(o['coordinates']) ? [((o['coordinates'] as number[][][][])[0] ?? [])[0] ?? []] : null;
    default:
      return bboxPolygon(flattenPoints(o['coordinates']));
  }
}

function kmlPolygon(text: string): PolygonWgs84 | null {
  const m = /<coordinates>([\s\S]*?)<\/coordinates>/i.exec(text);
  if (!m?.[1]) return null;
  const ring = m[1]
    .trim()
    .split(/\s+/)
    .map((t) => t.split(',').slice(0, 2).map(Number))
    .filter((p) => p.length === 2 && p.every(Number.isFinite));
  if (ring.length === 0) return null;
  if (ring.length < 4) return bboxPolygon(ring);
  return [ring];
}

/** The polygon a GeoJSON or KML text holds; throws when there is none. */
export function parseAoiFile(text: string): PolygonWgs84 {
  const trimmed = text.trimStart();
  const polygon = trimmed.startsWith('<') ? kmlPolygon(trimmed) : polygonOf(JSON.parse(trimmed));
  const ring = polygon?.[0];
  if (!polygon || !ring || ring.length < 4) throw new Error('no polygon in this file');
  return polygon;
}

/** A rectangle (west, south, east, north) as a polygon. */
export function rectanglePolygon(west: number, south: number, east: number, north: number): PolygonWgs84 {
  return [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ];
}
