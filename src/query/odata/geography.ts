/**
 * The body of an OData geography literal, `SRID=4326;POLYGON((lon lat, …))` (OData 4.01 ABNF
 * "fullPolygonLiteral": an SRID prefix, then WKT), as GeoJSON. CDSE §1.4 accepts POLYGON, MULTIPOLYGON
 * and POINT in EPSG:4326 lon/lat, with or without a space after the type name; LINESTRING and
 * MULTIPOINT come free with the same reader. Rings must close (CDSE rejects open ones); everything else
 * about validity is checked by validateFilter, as for every dialect.
 */
import type { GeoJsonGeometry, Position } from '../filter.ts';
import { ODATA_QUERY_ERRORS, odataQueryError } from './errors.ts';

const MAX_WKT_POSITIONS = 100_000;

class WktReader {
  private i = 0;
  private positions = 0;
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  fail(message: string): never {
    throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, `geography: ${message}`, this.base + this.i);
  }

  skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] as string)) this.i++;
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.i] !== ch) this.fail(`expected '${ch}'`);
    this.i++;
  }

  peek(): string | undefined {
    this.skipSpace();
    return this.text[this.i];
  }

  word(): string {
    this.skipSpace();
    const m = /^[A-Za-z]+/.exec(this.text.slice(this.i, this.i + 32));
    if (!m) this.fail('expected a geometry type');
    this.i += m[0].length;
    return m[0].toUpperCase();
  }

  number(): number {
    this.skipSpace();
    const m = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 64));
    if (!m) this.fail('expected a coordinate');
    this.i += m[0].length;
    return Number(m[0]);
  }

  position(): Position {
    if (++this.positions > MAX_WKT_POSITIONS) this.fail(`more than ${MAX_WKT_POSITIONS} positions`);
    const lon = this.number();
    const lat = this.number();
    const next = this.peek();
    // An optional height (WKT "Z" coordinates written without the Z tag).
    return next !== undefined && /[-+\d.]/.test(next) ? [lon, lat, this.number()] : [lon, lat];
  }

  list<T>(item: () => T): T[] {
    this.expect('(');
    const out = [item()];
    while (this.peek() === ',') {
      this.i++;
      out.push(item());
    }
    this.expect(')');
    return out;
  }

  ring(): Position[] {
    const ring = this.list(() => this.position());
    const first = ring[0] as Position; // list() returns at least one item
    const last = ring[ring.length - 1] as Position;
    if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1])
      this.fail('a polygon ring must have 4 or more positions and close');
    return ring;
  }

  geometry(): GeoJsonGeometry {
    const type = this.word();
    switch (type) {
      case 'POINT':
        this.expect('(');
        return { type: 'Point', coordinates: this.finishPoint() };
      case 'MULTIPOINT':
        return { type: 'MultiPoint', coordinates: this.list(() => (this.peek() === '(' ? this.bracketedPoint() : this.position())) };
      case 'LINESTRING':
        return { type: 'LineString', coordinates: this.list(() => this.position()) };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: this.list(() => this.ring()) };
      case 'MULTIPOLYGON':
        return { type: 'MultiPolygon', coordinates: this.list(() => this.list(() => this.ring())) };
      default:
        return this.fail(`unsupported geometry type ${type}`);
    }
  }

  private finishPoint(): Position {
    const p = this.position();
    this.expect(')');
    return p;
  }

  private bracketedPoint(): Position {
    this.expect('(');
    return this.finishPoint();
  }

  end(): void {
    this.skipSpace();
    if (this.i !== this.text.length) this.fail('unexpected text after the geometry');
  }
}

/** Parses `SRID=4326;<WKT>`; `base` is the literal's offset in the filter, for error positions. */
export function parseGeographyLiteral(text: string, base: number): GeoJsonGeometry {
  const m = /^\s*SRID\s*=\s*(\d+)\s*;/i.exec(text);
  if (m && m[1] !== '4326') {
    throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, 'geography literals are in SRID 4326 (lon/lat)', base);
  }
  const reader = new WktReader(m ? text.slice(m[0].length) : text, base + (m ? m[0].length : 0));
  const geometry = reader.geometry();
  reader.end();
  return geometry;
}
