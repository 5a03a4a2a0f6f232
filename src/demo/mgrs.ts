/**
 * Sentinel-2 tile ids (MGRS 100 km squares) for a point, and each tile's outline.
 *
 * A Sentinel-2 tile is the MGRS square `<zone><band><column letter><row letter>` extended to
 * 109 800 m: its upper-left corner is 20 m west and 20 m north of the square's (NW corner of the
 * 100 km square), as every MTD_TL.xml shows (T46RER: ULX 499980, ULY 3100020). Lettering follows the
 * MGRS "AA" scheme for WGS84 (NGA.STND.0037, §2.6): columns A–H, J–R, S–Z by zone mod 3; rows A–V
 * (no I, O), even zones shifted by five letters. Zone exceptions: Norway's 32V; Svalbard (≥ 72°N) is
 * outside the demo area and not handled.
 */
import { lonLatToUtm, utmToLonLat } from '../util/utm.ts';

export interface Tile {
  /** Without the leading `T`, as CDSE's tileId: `32TQM`. */
  id: string;
  zone: number;
  north: boolean;
  /** Upper-left corner in the zone's UTM coordinates, metres. */
  ulxM: number;
  ulyM: number;
  /** EPSG code of the tile's UTM zone: 326zz / 327zz. */
  epsg: number;
}

export const TILE_SIZE_M = 109_800;

const BANDS = 'CDEFGHJKLMNPQRSTUVWX';
const COLUMN_SETS = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ'] as const;
const ROWS = 'ABCDEFGHJKLMNPQRSTUV';

/** The tile whose 100 km square holds the point. */
export function tileAt(lon: number, lat: number): Tile {
  const zone = utmZoneOf(lon, lat);
  const north = lat >= 0;
  const [e, n] = lonLatToUtm(lon, lat, zone);
  const column = Math.floor(e / 100_000);
  const row = Math.floor(n / 100_000);
  const columnLetter = COLUMN_SETS[(zone - 1) % 3]?.[column - 1];
  const rowLetter = ROWS[(row + (zone % 2 === 0 ? 5 : 0)) % 20];
  const band = BANDS[Math.min(Math.floor((lat + 80) / 8), BANDS.length - 1)];
  if (columnLetter === undefined || rowLetter === undefined || band === undefined) {
    throw new RangeError(`no MGRS square for ${lon},${lat}`);
  }
  return {
    id: `${String(zone).padStart(2, '0')}${band}${columnLetter}${rowLetter}`,
    zone,
    north,
    ulxM: column * 100_000 - 20,
    ulyM: (row + 1) * 100_000 + 20,
    epsg: (north ? 32600 : 32700) + zone,
  };
}

/**
 * The tile of an id such as `32TQM`. A row letter repeats every 2 000 km, so of its northings the one
 * nearest the latitude band's middle is taken.
 */
export function tileById(id: string): Tile {
  const m = /^(\d{2})([C-X])([A-HJ-NP-Z])([A-HJ-NP-V])$/.exec(id);
  const zone = Number(m?.[1]);
  const bandIndex = BANDS.indexOf(m?.[2] ?? '');
  const column = (COLUMN_SETS[(zone - 1) % 3] ?? '').indexOf(m?.[3] ?? '') + 1;
  const rowLetter = ROWS.indexOf(m?.[4] ?? '');
  if (!m || zone < 1 || zone > 60 || bandIndex < 0 || column < 1 || rowLetter < 0) throw new RangeError(`not an MGRS tile id: ${id}`);
  const bandMidLat = -80 + bandIndex * 8 + 4;
  const [, midNorthing] = lonLatToUtm((zone - 1) * 6 - 180 + 3, bandMidLat, zone);
  const base = (rowLetter - (zone % 2 === 0 ? 5 : 0) + 20) % 20;
  const cycle = Math.round((midNorthing / 100_000 - base) / 20);
  const row = base + 20 * cycle;
  const north = bandMidLat >= 0;
  return { id, zone, north, ulxM: column * 100_000 - 20, ulyM: (row + 1) * 100_000 + 20, epsg: (north ? 32600 : 32700) + zone };
}

export function utmZoneOf(lon: number, lat: number): number {
  // Southwest Norway belongs to zone 32 (NGA.STND.0037 §2.4).
  if (lat >= 56 && lat < 64 && lon >= 3 && lon < 12) return 32;
  return Math.min(60, Math.floor((lon + 180) / 6) + 1);
}

/**
 * The tile's outline as a closed lon/lat ring, clockwise from the upper-left corner, each side sampled
 * at `pointsPerSide` points so the ring follows the UTM grid's curvature.
 */
export function tileOutline(tile: Tile, pointsPerSide = 1): number[][] {
  const { ulxM: x0, ulyM: y0 } = tile;
  const x1 = x0 + TILE_SIZE_M;
  const y1 = y0 - TILE_SIZE_M;
  const corners: [number, number][] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  const ring: number[][] = [];
  corners.forEach(([ax, ay], i) => {
    const [bx, by] = corners[(i + 1) % 4] as [number, number];
    for (let k = 0; k < pointsPerSide; k++) {
      const f = k / pointsPerSide;
      ring.push(utmToLonLat(ax + (bx - ax) * f, ay + (by - ay) * f, tile.zone, tile.north));
    }
  });
  ring.push(ring[0] as number[]);
  return ring;
}
