import type { FootprintGeometry } from '../metadata/index.ts';

/**
 * CDSE's `Footprint`: EWKT inside an OData geography literal, `geography'SRID=4326;POLYGON ((lon lat, ...))'`
 * or a MULTIPOLYGON (reference/cdse.md §1.2). Read only for records without `GeoFootprint`. Returns
 * undefined for anything else (another SRID, other geometry types, broken text).
 */
export function parseFootprintWkt(text: string): FootprintGeometry | undefined {
  const m = /^\s*(?:geography')?\s*(?:SRID=(\d+);)?\s*(MULTIPOLYGON|POLYGON)\s*(\(.*\))\s*'?\s*$/is.exec(text);
  if (!m || (m[1] !== undefined && m[1] !== '4326')) return undefined;
  const nested = readNested(m[3] ?? '');
  if (nested === undefined) return undefined;
  if ((m[2] ?? '').toUpperCase() === 'POLYGON') {
    const rings = asRings(nested);
    return rings && { type: 'Polygon', coordinates: rings };
  }
  if (!Array.isArray(nested) || nested.length === 0) return undefined;
  const polygons: number[][][][] = [];
  for (const p of nested) {
    const rings = asRings(p);
    if (!rings) return undefined;
    polygons.push(rings);
  }
  return { type: 'MultiPolygon', coordinates: polygons };
}

type Nested = string | Nested[];

/** `((a b, c d), (e f))` → [['a b', 'c d'], ['e f']]: parentheses become arrays, comma-separated leaves strings. */
function readNested(text: string): Nested | undefined {
  const stack: Nested[][] = [[]];
  let leaf = '';
  const flush = (): void => {
    if (leaf.trim() !== '') stack[stack.length - 1]?.push(leaf.trim());
    leaf = '';
  };
  for (const ch of text) {
    if (ch === '(') stack.push([]);
    else if (ch === ')') {
      flush();
      const done = stack.pop();
      const parent = stack[stack.length - 1];
      if (!done || !parent) return undefined;
      parent.push(done);
    } else if (ch === ',') flush();
    else leaf += ch;
  }
  flush();
  return stack.length === 1 && stack[0]?.length === 1 ? stack[0][0] : undefined;
}

function asRings(polygon: Nested): number[][][] | undefined {
  if (!Array.isArray(polygon) || polygon.length === 0) return undefined;
  const rings: number[][][] = [];
  for (const ring of polygon) {
    if (!Array.isArray(ring) || ring.length < 4) return undefined;
    const positions: number[][] = [];
    for (const p of ring) {
      if (typeof p !== 'string') return undefined;
      const xy = p.split(/\s+/).map(Number);
      if (xy.length < 2 || xy.length > 3 || xy.some((v) => !Number.isFinite(v))) return undefined;
      positions.push(xy.slice(0, 2));
    }
    rings.push(positions);
  }
  return rings;
}
