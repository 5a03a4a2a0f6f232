import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * Where the land is: Natural Earth's 1:10 m land polygons (the `world-atlas` package's TopoJSON,
 * decoded by `topojson-client`; nothing is downloaded), burnt once into two lon/lat grids: a fine
 * one (1/48°, about 2 km) over Europe and the seas the demo's frames reach, and a coarse one (1/8°)
 * over the globe for the orbit-long Sentinel-5P swaths. Lookups interpolate bilinearly, so a point
 * near a coast gets a fraction between 0 (sea) and 1 (land) that the renderers roughen with noise
 * into a natural coastline. Rasterising once costs ~0.4 s; a lookup then costs nanoseconds, where a
 * point-in-polygon test against 400 000 vertices would not.
 */

export interface LandMask {
  /** Land fraction, 0 … 1, at each (lon, lat) pair; `out[i]` for `lons[i]`, `lats[i]`. */
  sample(lons: Float64Array, lats: Float64Array, out: Float32Array): void;
}

interface Grid {
  west: number;
  north: number;
  cellsPerDegree: number;
  width: number;
  height: number;
  /** 0 or 255 per cell, row-major from the north-west corner. */
  cells: Uint8Array;
}

/** Europe and the seas around it, as far as Sentinel-1 and -3 frames over the demo area reach. */
const FINE = { west: -65, east: 85, south: 22, north: 86, cellsPerDegree: 48 } as const;
const COARSE = { west: -180, east: 180, south: -90, north: 90, cellsPerDegree: 8 } as const;

let building: Promise<LandMask> | undefined;
let built: WeakRef<LandMask> | undefined;

/**
 * The land mask (about 25 MB). Callers hold it while they draw; once none does, the garbage collector
 * may take it, so a server that made its demo at start-up does not carry it for the rest of its life.
 */
export async function loadLandMask(): Promise<LandMask> {
  const alive = built?.deref();
  if (alive) return alive;
  building ??= buildLandMask().finally(() => (building = undefined));
  const mask = await building;
  built = new WeakRef(mask);
  return mask;
}

async function buildLandMask(): Promise<LandMask> {
  const path = createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
  const topology = JSON.parse(await readFile(path, 'utf8')) as Topology<{ land: GeometryCollection }>;
  const land = feature(topology, topology.objects.land);
  const rings: Float64Array[] = [];
  for (const f of land.features) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const polygon of polygons) for (const ring of polygon) rings.push(...planarCopies(ring));
  }
  const fine = blur(rasterise(rings, FINE));
  const coarse = rasterise(rings, COARSE);
  return {
    sample(lons, lats, out) {
      for (let i = 0; i < out.length; i++) {
        const lon = lons[i] as number;
        const lat = lats[i] as number;
        const inFine = lon > FINE.west + 0.1 && lon < FINE.east - 0.1 && lat > FINE.south + 0.1 && lat < FINE.north - 0.1;
        out[i] = bilinear(inFine ? fine : coarse, wrapLon(lon), lat);
      }
    },
  };
}

/**
 * A [1 2 1]² binomial blur: interpolating the hard 0/255 cells bilinearly draws coasts as staircases of
 * cell size; blurred once they come out as rounded curves that the renderers' noise can roughen.
 */
function blur(g: Grid): Grid {
  const { width, height } = g;
  const across = new Uint16Array(width * height);
  const src = g.cells;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const left = src[row + (x > 0 ? x - 1 : x)] as number;
      const right = src[row + (x + 1 < width ? x + 1 : x)] as number;
      across[row + x] = left + 2 * (src[row + x] as number) + right;
    }
  }
  const cells = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : y) * width;
    const down = (y + 1 < height ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      cells[y * width + x] = Math.round(
        ((across[up + x] as number) + 2 * (across[y * width + x] as number) + (across[down + x] as number)) / 16,
      );
    }
  }
  return { ...g, cells };
}

/**
 * TopoJSON from world-atlas is made for spherical rendering: a ring that crosses the antimeridian
 * (Chukotka, Fiji) jumps from +180 to -180 in one edge, and Antarctica's ring runs round the pole. On a
 * flat lon/lat grid such an edge would sweep across the whole world, so the ring is unwrapped into
 * continuous longitudes, closed over the pole when it went round the globe, and drawn again shifted by
 * ±360° wherever it reaches past ±180°. Rings come out flat (lon, lat, lon, lat, …) to spare the
 * garbage collector 400 000 small arrays.
 */
function planarCopies(ring: readonly number[][]): Float64Array[] {
  const flat = new Float64Array(2 * ring.length + 6);
  let shift = 0;
  let min = Infinity;
  let max = -Infinity;
  ring.forEach((point, i) => {
    const lon = (point[0] as number) + shift;
    const previous = i > 0 ? (flat[2 * i - 2] as number) : lon;
    if (lon - previous > 180) shift -= 360;
    else if (lon - previous < -180) shift += 360;
    flat[2 * i] = (point[0] as number) + shift;
    flat[2 * i + 1] = point[1] as number;
    min = Math.min(min, flat[2 * i] as number);
    max = Math.max(max, flat[2 * i] as number);
  });
  let length = 2 * ring.length;
  const firstLon = flat[0] as number;
  const lastLon = flat[length - 2] as number;
  if (Math.abs(lastLon - firstLon) > 180) {
    let latSum = 0;
    for (let i = 1; i < length; i += 2) latSum += flat[i] as number;
    const pole = latSum < 0 ? -90 : 90;
    flat.set([lastLon, pole, firstLon, pole, firstLon, flat[1] as number], length);
    length += 6;
  }
  const unwrapped = flat.subarray(0, length);
  return [-360, 0, 360]
    .filter((k) => min + k < 180 && max + k > -180)
    .map((k) => (k === 0 ? unwrapped : unwrapped.map((v, i) => (i % 2 === 0 ? v + k : v))));
}

function wrapLon(lon: number): number {
  return lon < -180 ? lon + 360 : lon >= 180 ? lon - 360 : lon;
}

function bilinear(g: Grid, lon: number, lat: number): number {
  const x = (lon - g.west) * g.cellsPerDegree - 0.5;
  const y = (g.north - lat) * g.cellsPerDegree - 0.5;
  let x0 = Math.floor(x);
  let y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  // Beyond the edges (the poles, or past ±180° on the global grid) the nearest cells stand in.
  let x1 = x0 + 1;
  let y1 = y0 + 1;
  if (x0 < 0 || x1 >= g.width) {
    x0 = Math.min(g.width - 1, Math.max(0, x0));
    x1 = Math.min(g.width - 1, Math.max(0, x1));
  }
  if (y0 < 0 || y1 >= g.height) {
    y0 = Math.min(g.height - 1, Math.max(0, y0));
    y1 = Math.min(g.height - 1, Math.max(0, y1));
  }
  const c = g.cells;
  const top = (c[y0 * g.width + x0] as number) * (1 - fx) + (c[y0 * g.width + x1] as number) * fx;
  const bottom = (c[y1 * g.width + x0] as number) * (1 - fx) + (c[y1 * g.width + x1] as number) * fx;
  return (top * (1 - fy) + bottom * fy) / 255;
}

/**
 * Scan-line polygon fill with the non-zero winding rule: for each grid row, the longitudes where ring
 * edges cross the row's centre latitude are collected with the edge's direction, sorted, and the cells
 * where the running winding number is not zero are land. Non-zero rather than even-odd because some
 * Natural Earth land polygons overlap their neighbours (even-odd would punch holes there); lakes and
 * seas cut out of a polygon run the other way round and still come out as water. Natural Earth closes
 * its rings along ±180° and the poles, so every row's windings sum to zero.
 */
function rasterise(
  rings: readonly Float64Array[],
  area: { west: number; east: number; south: number; north: number; cellsPerDegree: number },
): Grid {
  const { west, north, cellsPerDegree: k } = area;
  const width = Math.round((area.east - west) * k);
  const height = Math.round((north - area.south) * k);
  const rowY = (lat: number): number => (north - lat) * k - 0.5;
  // Two passes over the edges: count the crossings of each row, then store them (compressed rows).
  const counts = new Int32Array(height + 1);
  const eachCrossing = (visit: (row: number, x: number, up: boolean) => void): void => {
    for (const ring of rings) {
      for (let i = 0; i + 3 < ring.length; i += 2) {
        const ax = ring[i] as number;
        const ay = ring[i + 1] as number;
        const bx = ring[i + 2] as number;
        const by = ring[i + 3] as number;
        const ya = rowY(ay);
        const yb = rowY(by);
        if (ya === yb) continue;
        // Rows whose centre (integer y) lies in [min, max): each crossing counted once per row.
        const first = Math.max(0, Math.ceil(Math.min(ya, yb)));
        const last = Math.min(height - 1, Math.ceil(Math.max(ya, yb)) - 1);
        for (let row = first; row <= last; row++) {
          const t = (row - ya) / (yb - ya);
          visit(row, (ax + t * (bx - ax) - west) * k - 0.5, yb < ya);
        }
      }
    }
  };
  eachCrossing((row) => (counts[row + 1] = (counts[row + 1] as number) + 1));
  for (let r = 0; r < height; r++) counts[r + 1] = (counts[r + 1] as number) + (counts[r] as number);
  const xs = new Float64Array(counts[height] as number);
  const ups = new Uint8Array(xs.length);
  const filled = new Int32Array(height);
  eachCrossing((row, x, up) => {
    const at = (counts[row] as number) + (filled[row] as number);
    xs[at] = x;
    ups[at] = up ? 1 : 0;
    filled[row] = (filled[row] as number) + 1;
  });
  const cells = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const start = counts[row] as number;
    const order = Array.from({ length: (counts[row + 1] as number) - start }, (_, i) => start + i).sort(
      (a, b) => (xs[a] as number) - (xs[b] as number),
    );
    let winding = 0;
    order.forEach((at, j) => {
      winding += ups[at] === 1 ? 1 : -1;
      const next = order[j + 1];
      if (winding === 0 || next === undefined) return;
      // Cell centres c with xs[at] <= c < xs[next] are inside.
      const from = Math.max(0, Math.ceil(xs[at] as number));
      const to = Math.min(width, Math.ceil(xs[next] as number));
      if (to > from) cells.fill(255, row * width + from, row * width + to);
    });
  }
  return { west, north, cellsPerDegree: k, width, height, cells };
}
