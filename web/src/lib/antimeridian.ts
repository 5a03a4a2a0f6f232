/**
 * Footprints that cross the antimeridian, drawn as they are on a Web-Mercator map. A ring stored with a
 * jump of more than 180° in longitude between neighbours (e.g. 179.5 → -179.5) crosses ±180°: its
 * longitudes are shifted to run continuously past 180, then the ring is cut at 180 into an eastern and
 * a western part (RFC 7946 §3.1.9 asks for exactly that split). Footprints already stored as a
 * MultiPolygon split at ±180 (as eohub stores them) pass through unchanged.
 */

export type Ring = number[][];
export type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** True when consecutive vertices jump by more than 180° of longitude. */
export function crossesAntimeridian(ring: Ring): boolean {
  for (let i = 1; i < ring.length; i++) {
    if (Math.abs((ring[i]?.[0] ?? 0) - (ring[i - 1]?.[0] ?? 0)) > 180) return true;
  }
  return false;
}

/** The ring with longitudes made continuous (each step under 180°), so some exceed ±180. */
export function unwrapRing(ring: Ring): Ring {
  const out: Ring = [];
  let offset = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x = 0, y = 0] = ring[i] ?? [];
    if (i > 0) {
      const prev = ring[i - 1]?.[0] ?? 0;
      if (x - prev > 180) offset -= 360;
      else if (prev - x > 180) offset += 360;
    }
    out.push([x + offset, y]);
  }
  return out;
}

/** Sutherland–Hodgman clip of a closed ring against the half-plane x <= limit (keepBelow) or x >= limit. */
function clipRing(ring: Ring, limit: number, keepBelow: boolean): Ring {
  const inside = (p: number[]): boolean => (keepBelow ? (p[0] ?? 0) <= limit : (p[0] ?? 0) >= limit);
  const out: Ring = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i] ?? [0, 0];
    const b = ring[i + 1] ?? [0, 0];
    const [ax = 0, ay = 0] = a;
    const [bx = 0, by = 0] = b;
    if (inside(a)) out.push([ax, ay]);
    if (inside(a) !== inside(b)) {
      const t = (limit - ax) / (bx - ax);
      out.push([limit, ay + t * (by - ay)]);
    }
  }
  if (out.length > 0) out.push([...(out[0] ?? [])]);
  return out.length >= 4 ? out : [];
}

const shift = (ring: Ring, dx: number): Ring => ring.map(([x = 0, y = 0]) => [x + dx, y]);

const outsideWorld = (ring: Ring): boolean => ring.some((p) => Math.abs(p[0] ?? 0) > 180);

/**
 * A polygon's outer ring split at the antimeridian into parts that each lie within [-180, 180]: rings
 * that jump across it, and rings kept continuous past it (longitudes beyond ±180, as eohub's extractors
 * keep a tile across the antimeridian).
 */
export function splitRingAtAntimeridian(ring: Ring): Ring[] {
  if (!crossesAntimeridian(ring) && !outsideWorld(ring)) return [ring];
  const unwrapped = unwrapRing(ring);
  // A ring that does not come back to its start once unwrapped goes round a pole (Antarctica): it is
  // already drawn right as it is.
  if (Math.abs((unwrapped.at(-1)?.[0] ?? 0) - (unwrapped[0]?.[0] ?? 0)) > 1e-9) return [ring];
  const xs = unwrapped.map((p) => p[0] ?? 0);
  // The line crossed is +180 when the ring runs past it eastwards, -180 when westwards.
  const line = Math.max(...xs) > 180 ? 180 : -180;
  if (Math.min(...xs) >= -180 && Math.max(...xs) <= 180) return [ring];
  const west = clipRing(unwrapped, line, true);
  const east = clipRing(unwrapped, line, false);
  const parts = line === 180 ? [west, shift(east, -360)] : [shift(west, 360), east];
  return parts.filter((r) => r.length > 0);
}

/** The geometry as drawn on the map: crossing polygons become MultiPolygons of their parts. */
export function geometryForMap(geometry: Geometry): Geometry {
  if (geometry.type === 'MultiPolygon') {
    const parts = geometry.coordinates.flatMap((poly) => splitRingAtAntimeridian(poly[0] ?? []).map((r) => [r]));
    return { type: 'MultiPolygon', coordinates: parts };
  }
  const outer = geometry.coordinates[0] ?? [];
  if (!crossesAntimeridian(outer) && !outsideWorld(outer)) return geometry;
  return { type: 'MultiPolygon', coordinates: splitRingAtAntimeridian(outer).map((r) => [r]) };
}
