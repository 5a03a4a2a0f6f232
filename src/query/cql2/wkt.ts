/**
 * WKT geometry literals as CQL2 text writes them (cql2.bnf geometryLiteral, after OGC 06-103r4 §7):
 * POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION, each with an
 * optional Z and 2D or 3D coordinates, read into GeoJSON. Rings, ranges and sizes are checked later, by
 * validateFilter, as for every geometry.
 */
import type { GeoJsonGeometry, Position } from '../filter.ts';
import type { TokenCursor } from './token-cursor.ts';

export const GEOMETRY_WORDS: ReadonlySet<string> = new Set([
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
]);

export class WktReader {
  constructor(private readonly c: TokenCursor) {}

  position(): Position {
    const x = this.c.signedNumber();
    const y = this.c.signedNumber();
    if (this.c.peek().type === 'number' || this.c.isSymbol('-') || this.c.isSymbol('+')) return [x, y, this.c.signedNumber()];
    return [x, y];
  }

  list<T>(item: () => T): T[] {
    this.c.symbol('(');
    const items = [item()];
    while (this.c.isSymbol(',')) {
      this.c.at++;
      items.push(item());
    }
    this.c.symbol(')');
    return items;
  }

  /** WKT as CQL2 text allows it (cql2.bnf geometryLiteral): optional Z, 2D or 3D coordinates. */
  geometry(nesting = 0): GeoJsonGeometry {
    this.c.checkDepth(nesting);
    const word = this.c.next().text.toLowerCase();
    if (this.c.isWord('z')) this.c.at++;
    const line = (): Position[] => this.list(() => this.position());
    const polygon = (): Position[][] => this.list(line);
    switch (word) {
      case 'point':
        return { type: 'Point', coordinates: this.list(() => this.position())[0] as Position };
      case 'linestring':
        return { type: 'LineString', coordinates: line() };
      case 'polygon':
        return { type: 'Polygon', coordinates: polygon() };
      case 'multipoint':
        // Both `MULTIPOINT((1 2), (3 4))` (cql2.bnf) and the common `MULTIPOINT(1 2, 3 4)`.
        return {
          type: 'MultiPoint',
          coordinates: this.list(() => (this.c.isSymbol('(') ? (this.list(() => this.position())[0] as Position) : this.position())),
        };
      case 'multilinestring':
        return { type: 'MultiLineString', coordinates: this.list(line) };
      case 'multipolygon':
        return { type: 'MultiPolygon', coordinates: this.list(polygon) };
      default: {
        this.c.symbol('(');
        const geometries = [this.memberGeometry(nesting + 1)];
        while (this.c.isSymbol(',')) {
          this.c.at++;
          geometries.push(this.memberGeometry(nesting + 1));
        }
        this.c.symbol(')');
        return { type: 'GeometryCollection', geometries };
      }
    }
  }

  memberGeometry(nesting: number): GeoJsonGeometry {
    const t = this.c.peek();
    if (t.type !== 'ident' || !GEOMETRY_WORDS.has(t.text.toLowerCase())) throw this.c.expected('a WKT geometry');
    this.c.countNode();
    return this.geometry(nesting);
  }
}
