/**
 * Where each pixel of a demo raster lies on the Earth. The exact mapping (UTM for a Sentinel-2 tile,
 * the swath's edges for Sentinel-1 and -3) is evaluated on a lattice every few pixels and interpolated
 * bilinearly in between: over a tile or a frame the mappings are smooth enough that the difference is
 * metres, and proj4 is then called a few hundred times per image instead of a hundred thousand.
 */

export interface GeoGrid {
  width: number;
  height: number;
  /** Pixel centres, row-major from the upper-left pixel. */
  lon: Float64Array;
  lat: Float64Array;
  /** Local-equirectangular kilometres (lon·cos(lat), lat), continuous across products: what noise is read at. */
  xKm: Float32Array;
  yKm: Float32Array;
}

const KM_PER_DEGREE = 111.32;

/** `map(column, row)` gives [lon, lat] of a pixel position (0, 0 = outer corner of the upper-left pixel). */
export function geoGrid(width: number, height: number, map: (column: number, row: number) => number[], step = 16): GeoGrid {
  // Knots every `step` pixels from the first pixel's centre, one past the last pixel (the mapping is
  // evaluated a little outside the image rather than bending the lattice at its edge).
  const across = Math.floor((width - 1) / step) + 2;
  const down = Math.floor((height - 1) / step) + 2;
  const knots = { lon: new Float64Array(across * down), lat: new Float64Array(across * down), x: new Float64Array(across * down) };
  for (let j = 0; j < down; j++) {
    for (let i = 0; i < across; i++) {
      const [lon = 0, lat = 0] = map(i * step + 0.5, j * step + 0.5);
      knots.lon[j * across + i] = lon;
      knots.lat[j * across + i] = lat;
      knots.x[j * across + i] = lon * KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    }
  }
  const grid: GeoGrid = {
    width,
    height,
    lon: new Float64Array(width * height),
    lat: new Float64Array(width * height),
    xKm: new Float32Array(width * height),
    yKm: new Float32Array(width * height),
  };
  const { lon, lat, x: xs } = knots;
  for (let y = 0; y < height; y++) {
    const gy = y / step;
    const j = Math.floor(gy);
    const fy = gy - j;
    for (let x = 0; x < width; x++) {
      const gx = x / step;
      const i = Math.floor(gx);
      const fx = gx - i;
      const k = j * across + i;
      // Bilinear weights of the four knots around the pixel.
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      const k2 = k + across;
      const p = y * width + x;
      const la = (lat[k] as number) * w00 + (lat[k + 1] as number) * w10 + (lat[k2] as number) * w01 + (lat[k2 + 1] as number) * w11;
      grid.lon[p] = (lon[k] as number) * w00 + (lon[k + 1] as number) * w10 + (lon[k2] as number) * w01 + (lon[k2 + 1] as number) * w11;
      grid.lat[p] = la;
      grid.xKm[p] = (xs[k] as number) * w00 + (xs[k + 1] as number) * w10 + (xs[k2] as number) * w01 + (xs[k2 + 1] as number) * w11;
      grid.yKm[p] = la * KM_PER_DEGREE;
    }
  }
  return grid;
}

/**
 * 1 for the pixels whose centre lies inside `ring` (pixel coordinates: x right, y down, 0, 0 = outer
 * corner of the upper-left pixel), 0 elsewhere: a scan-line fill, even-odd.
 */
export function polygonMask(width: number, height: number, ring: readonly number[][]): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const cy = row + 0.5;
    const xs: number[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax = 0, ay = 0] = ring[i] as number[];
      const [bx = 0, by = 0] = ring[i + 1] as number[];
      if (ay <= cy === by <= cy) continue;
      xs.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((a, b) => a - b);
    for (let j = 0; j + 1 < xs.length; j += 2) {
      const from = Math.max(0, Math.ceil((xs[j] as number) - 0.5));
      const to = Math.min(width, Math.ceil((xs[j + 1] as number) - 0.5));
      if (to > from) mask.fill(1, row * width + from, row * width + to);
    }
  }
  return mask;
}

/** Great-circle distance between two [lon, lat] points on a sphere of the Earth's mean radius (haversine). */
export function greatCircleKm(a: readonly number[], b: readonly number[]): number {
  const rad = Math.PI / 180;
  const [lon1 = 0, lat1 = 0] = a;
  const [lon2 = 0, lat2 = 0] = b;
  const h =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
