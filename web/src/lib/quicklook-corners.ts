/**
 * Where a product's quicklook goes on the map: the four ground positions of the image's top-left, top-right,
 * bottom-right and bottom-left corners (the order MapLibre's image sources take). A footprint that is (close
 * to) a quadrilateral gives them; anything else falls back to the bounding box.
 *
 * Which footprint corner is the image's top-left is a property of how each mission draws its quicklook, so it
 * is found from the ground geometry and the orbit, never from the order a producer wrote the vertices in
 * (the catalogue splits footprints at ±180, which loses that order):
 *
 * - Sentinel-1 quicklooks are in the radar's own geometry: lines in azimuth time from the slice start, columns
 *   in ground range from near to far (Sentinel-1 Product Specification; the sample
 *   S1A_EW_GRDM_…_BB15's preview/map-overlay.kml puts the image's lower-left corner, the first of a
 *   gx:LatLonQuad, on the stop-near corner). The radar looks right of the track, so the image is a mirror of the
 *   ground: an ascending slice shows north at the bottom, a descending one east on the left.
 * - Sentinel-3 browse images are pushbroom lines from the frame start, with the column on the spacecraft's
 *   right first (west on the left for the descending day-side frames): rotated, never mirrored.
 * - Anything else (Sentinel-2's tile preview in UTM) is north up, west on the left. A Sentinel-2 preview covers
 *   the whole 109.8 km tile, so only a footprint that is the whole tile places it; a partly covered tile's
 *   footprint is not the image's extent and falls back to the bounding box.
 */

export type LonLat = [number, number];
/** Top-left, top-right, bottom-right, bottom-left of the image, as [lon, lat]; longitudes may run past ±180. */
export type ImageCorners = [LonLat, LonLat, LonLat, LonLat];

export interface QuicklookPlacement {
  corners: ImageCorners;
  /** `footprint` when the corners are the footprint's, `bbox` when the footprint gave no usable quadrilateral. */
  fit: 'footprint' | 'bbox';
}

type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface PlaceableItem {
  geometry: Geometry | null;
  bbox?: number[];
  properties: Record<string, unknown>;
}

/** Sun-synchronous orbits of Sentinel-1, -2 and -3 are inclined 98.2° (98.18°, 98.62°, 98.65°). */
const INCLINATION_RAD = (98.2 * Math.PI) / 180;
/**
 * A footprint places the image when it nearly fills its convex hull and its four widest corners span nearly its
 * area, within this share: a Sentinel-3 frame's edges, sampled every few tens of kilometres, bow by a few per
 * cent in lon/lat (up to 8 % near the poles), which still draws far closer to the truth than the bounding box.
 */
const AREA_TOLERANCE = 0.1;
/** How far a Sentinel-2 footprint's edges may be from the tile's 109.8 km and still be the whole tile. */
const TILE_EDGE_TOLERANCE = 0.03;
/** A Sentinel-2 tile is 109 800 m square (the MGRS 100 km square and its 9.8 km overlap). */
const S2_TILE_KM = 109.8;
const EARTH_RADIUS_KM = 6371.0088;

type Point = { x: number; y: number };

/** An equirectangular frame around a latitude, so that areas and directions are roughly true in the footprint. */
function localFrame(lat0: number): { toPoint(p: LonLat): Point } {
  const k = Math.cos((lat0 * Math.PI) / 180);
  return { toPoint: ([lon, lat]) => ({ x: lon * k, y: lat }) };
}

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

function ringArea(points: Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** Andrew's monotone chain; indices into `points`, counter-clockwise. */
function convexHull(points: Point[]): number[] {
  const order = points
    .map((_, i) => i)
    .sort((a, b) => (points[a] as Point).x - (points[b] as Point).x || (points[a] as Point).y - (points[b] as Point).y);
  const half = (indices: number[]): number[] => {
    const out: number[] = [];
    for (const i of indices) {
      while (
        out.length >= 2 &&
        cross(points[out.at(-2) as number] as Point, points[out.at(-1) as number] as Point, points[i] as Point) <= 0
      )
        out.pop();
      out.push(i);
    }
    out.pop();
    return out;
  };
  return [...half(order), ...half([...order].reverse())];
}

/**
 * The footprint's outer rings as one continuous set of rings: longitudes unwrapped along each ring, and the
 * catalogue's parts cut at ±180 joined back (the western ones moved past +180). Null for a footprint of
 * genuinely separate parts.
 */
function continuousRings(geometry: Geometry): LonLat[][] | null {
  const rings = (geometry.type === 'Polygon' ? [geometry.coordinates[0] ?? []] : geometry.coordinates.map((p) => p[0] ?? [])).map(
    (ring) => {
      const out: LonLat[] = [];
      let offset = 0;
      for (const [lon = 0, lat = 0] of ring) {
        const prev = out.at(-1);
        if (prev) {
          if (lon + offset - prev[0] > 180) offset -= 360;
          else if (prev[0] - (lon + offset) > 180) offset += 360;
        }
        out.push([lon + offset, lat]);
      }
      return out;
    },
  );
  if (rings.length === 1) return rings;
  const touches = (edge: number): boolean => rings.some((r) => r.some(([lon]) => lon === edge));
  if (!touches(180) || !touches(-180)) return null;
  return rings.map((r) => (r.every(([lon]) => lon <= 0) ? r.map(([lon, lat]): LonLat => [lon + 360, lat]) : r));
}

/** Four hull vertices spanning the most: the two farthest apart, and on each side of them the farthest from their line. */
function quadOfHull(points: Point[], hull: number[]): [number, number, number, number] | null {
  let best = -1;
  let a = 0;
  let b = 0;
  for (const i of hull) {
    for (const j of hull) {
      const d = ((points[i] as Point).x - (points[j] as Point).x) ** 2 + ((points[i] as Point).y - (points[j] as Point).y) ** 2;
      if (d > best) [best, a, b] = [d, i, j];
    }
  }
  const pa = points[a] as Point;
  const pb = points[b] as Point;
  let left: number | null = null;
  let right: number | null = null;
  for (const i of hull) {
    const c = cross(pa, pb, points[i] as Point);
    if (c > 0 && (left === null || c > cross(pa, pb, points[left] as Point))) left = i;
    if (c < 0 && (right === null || c < cross(pa, pb, points[right] as Point))) right = i;
  }
  return left === null || right === null ? null : [a, right, b, left];
}

/** The footprint's four corners when it is close to a quadrilateral, in no particular order. */
function footprintQuad(geometry: Geometry): LonLat[] | null {
  const rings = continuousRings(geometry);
  if (!rings) return null;
  const vertices = rings.flatMap((r) => r.slice(0, -1));
  if (vertices.length < 4) return null;
  const frame = localFrame(vertices.reduce((sum, [, lat]) => sum + lat, 0) / vertices.length);
  const points = vertices.map((v) => frame.toPoint(v));
  const footprintArea = rings.reduce((sum, r) => sum + ringArea(r.slice(0, -1).map((v) => frame.toPoint(v))), 0);
  const hull = convexHull(points);
  const quad = hull.length >= 4 ? quadOfHull(points, hull) : null;
  if (!quad || footprintArea === 0) return null;
  const hullArea = ringArea(hull.map((i) => points[i] as Point));
  const quadArea = ringArea(quad.map((i) => points[i] as Point));
  if (footprintArea / hullArea < 1 - AREA_TOLERANCE || Math.abs(quadArea - footprintArea) / footprintArea > AREA_TOLERANCE) return null;
  return quad.map((i) => vertices[i] as LonLat);
}

function greatCircleKm([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/**
 * The ground track's heading (radians clockwise from north) at a latitude: sin(heading) = cos(i) / cos(lat)
 * for a circular orbit, towards the north-west when ascending and the south-west when descending.
 */
function trackHeading(latDeg: number, ascending: boolean): number {
  const s = Math.max(-1, Math.min(1, Math.cos(INCLINATION_RAD) / Math.cos((latDeg * Math.PI) / 180)));
  return ascending ? Math.asin(s) : Math.PI - Math.asin(s);
}

/**
 * The corners as the image's top-left, top-right, bottom-right, bottom-left, for an image whose lines follow
 * `heading` (its first line is the earliest) and whose first column is the one right of the heading (as a map
 * seen the right way round has it) or, when `mirrored`, the one left of it.
 */
function orderCorners(corners: LonLat[], heading: number, mirrored: boolean): ImageCorners {
  const lat0 = corners.reduce((sum, [, lat]) => sum + lat, 0) / corners.length;
  const frame = localFrame(lat0);
  const points = corners.map((c) => frame.toPoint(c));
  const cx = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const cy = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const along = (i: number): number =>
    ((points[i] as Point).x - cx) * Math.sin(heading) + ((points[i] as Point).y - cy) * Math.cos(heading);
  const rightward = (i: number): number =>
    ((points[i] as Point).x - cx) * Math.cos(heading) - ((points[i] as Point).y - cy) * Math.sin(heading);
  const byTime = [0, 1, 2, 3].sort((a, b) => along(a) - along(b));
  const firstColumn = (pair: number[]): number[] =>
    [...pair].sort((a, b) => (mirrored ? rightward(a) - rightward(b) : rightward(b) - rightward(a)));
  const [topLeft = 0, topRight = 0] = firstColumn(byTime.slice(0, 2));
  const [bottomLeft = 0, bottomRight = 0] = firstColumn(byTime.slice(2));
  return [topLeft, topRight, bottomRight, bottomLeft].map((i) => corners[i] as LonLat) as ImageCorners; // four indices give four corners
}

/** Shifts the corners by whole turns so that their middle lies within [-180, 180), where MapLibre tiles it. */
function centred(corners: ImageCorners): ImageCorners {
  const middle = corners.reduce((sum, [lon]) => sum + lon, 0) / 4;
  const shift = -360 * Math.floor((middle + 180) / 360);
  return corners.map(([lon, lat]): LonLat => [lon + shift, lat]) as ImageCorners; // a map of four stays four
}

function bboxCorners(bbox: number[] | undefined, geometry: Geometry | null): ImageCorners | null {
  let [w, s, e, n] = bbox && bbox.length >= 4 ? bbox : [];
  if (w === undefined || s === undefined || e === undefined || n === undefined) {
    const rings = geometry ? continuousRings(geometry) : null;
    const all = (rings ?? []).flat();
    if (all.length === 0) return null;
    [w, e] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
    [s, n] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  }
  // A STAC bbox across the antimeridian has its west edge east of its east edge (STAC item spec, bbox).
  if (w > e) e += 360;
  return [
    [w, n],
    [e, n],
    [e, s],
    [w, s],
  ];
}

function placeOnFootprint(item: PlaceableItem, quad: LonLat[]): ImageCorners | null {
  const platform = String(item.properties['platform'] ?? '').toLowerCase();
  const state = item.properties['sat:orbit_state'];
  const lat0 = quad.reduce((sum, [, lat]) => sum + lat, 0) / 4;
  if (platform.startsWith('sentinel-1') || platform.startsWith('sentinel-3')) {
    if (state !== 'ascending' && state !== 'descending') return null;
    return orderCorners(quad, trackHeading(lat0, state === 'ascending'), platform.startsWith('sentinel-1'));
  }
  if (platform.startsWith('sentinel-2')) {
    const ring = [...quad, quad[0] as LonLat];
    const edges = quad.map((c, i) => greatCircleKm(c, ring[i + 1] as LonLat));
    if (edges.some((km) => Math.abs(km - S2_TILE_KM) > S2_TILE_KM * TILE_EDGE_TOLERANCE)) return null;
  }
  // North up: lines run southwards from the northern edge, and the first column is on the west.
  return orderCorners(quad, Math.PI, false);
}

/** Where the item's quicklook goes: on its footprint's corners when they are the image's, else on its bounding box. */
export function quicklookPlacement(item: PlaceableItem): QuicklookPlacement | null {
  const quad = item.geometry ? footprintQuad(item.geometry) : null;
  const onFootprint = quad ? placeOnFootprint(item, quad) : null;
  if (onFootprint) return { corners: centred(onFootprint), fit: 'footprint' };
  const box = bboxCorners(item.bbox, item.geometry);
  return box ? { corners: centred(box), fit: 'bbox' } : null;
}
