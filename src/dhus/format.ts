/**
 * Value formats of DHuS (reference/dhus-sentinelsat.md §1.6, §2.4, §2.5): sizes as `"110.44 MB"`,
 * titles without the extension, platform names as DHuS spells them, footprints as WKT (lon lat) and
 * GML 2 (lat,lon), and OData 2 verbose dates `/Date(ms)/`.
 */
import type { Footprint, Product } from '../catalog/index.ts';
import { displayFootprint } from '../odata/index.ts';

type DisplayFootprint = NonNullable<ReturnType<typeof displayFootprint>>;

/** DHuS's size string, in binary units with two decimals; sentinelsat's get_products_size reads GB, MB and KB. */
export function sizeText(bytes: number): string {
  const units: [string, number][] = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  for (const [unit, scale] of units) if (bytes >= scale) return `${(bytes / scale).toFixed(2)} ${unit}`;
  return `${(bytes / 1024).toFixed(2)} KB`;
}

/** The identifier: the name without its product extension (`X.SAFE` → `X`). */
export function titleOf(name: string): string {
  return name.replace(/\.(SAFE|SEN3|nc|zip|tar|tgz|EOF|TGZ|SEN6|DBL|HDR|xml|json|tif)$/i, '');
}

/** `SENTINEL-2` → `Sentinel-2`; Sentinel-5P is "Sentinel-5 Precursor" in DHuS. */
export function platformName(p: Product): string {
  const short = p.attributes['platformShortName']?.value;
  const name = typeof short === 'string' ? short : p.collection;
  if (/^SENTINEL-5P$/i.test(name)) return 'Sentinel-5 Precursor';
  return name.replace(/^SENTINEL/i, 'Sentinel');
}

/** `/Date(1474509300563)/`, OData 2 verbose JSON's DateTime (sentinelsat's _parse_odata_timestamp). */
export function odataV2Date(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : `/Date(${ms})/`;
}

/** An instant as sentinelsat's strptime reads it: `Z`, three fractional digits. */
export function isoDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

type Pos = number[];
const ring = (r: Pos[]): string => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;

/** The footprint as WKT in lon lat, as DHuS's JTS footprint (`footprint`). */
export function footprintWkt(stored: Footprint | null): string | null {
  const f = displayFootprint(stored);
  if (!f) return null;
  switch (f.type) {
    case 'Point':
      return `POINT (${f.coordinates[0]} ${f.coordinates[1]})`;
    case 'MultiPoint':
      return `MULTIPOINT ${ring(f.coordinates)}`;
    case 'LineString':
      return `LINESTRING ${ring(f.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING (${f.coordinates.map(ring).join(', ')})`;
    case 'Polygon':
      return `POLYGON (${f.coordinates.map(ring).join(', ')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${f.coordinates.map((p) => `(${p.map(ring).join(', ')})`).join(', ')})`;
  }
}

/** The outer ring to show in GML: the polygon's, or the largest part's of a multipolygon (sentinelsat reads one ring). */
function outerRing(f: DisplayFootprint): Pos[] | null {
  if (f.type === 'Polygon') return f.coordinates[0] ?? null;
  if (f.type !== 'MultiPolygon') return null;
  let best: Pos[] | null = null;
  for (const part of f.coordinates) if (part[0] && part[0].length > (best?.length ?? 0)) best = part[0];
  return best;
}

/** GML 2 as DHuS writes `gmlfootprint` and ContentGeometry: `lat,lon` pairs (reference §2.5). */
export function footprintGml(stored: Footprint | null): string | null {
  const f = displayFootprint(stored);
  if (!f) return null;
  const ns = 'xmlns:gml="http://www.opengis.net/gml"';
  if (f.type === 'Point') return `<gml:Point ${ns}><gml:coordinates>${f.coordinates[1]},${f.coordinates[0]}</gml:coordinates></gml:Point>`;
  const r = outerRing(f);
  if (!r) return null;
  const coords = r.map((p) => `${p[1]},${p[0]}`).join(' ');
  return `<gml:Polygon srsName="http://www.opengis.net/gml/srs/epsg.xml#4326" ${ns}><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>${coords}</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon>`;
}

export function md5Of(p: Product): string | null {
  return p.checksums.find((c) => c.algorithm === 'MD5')?.value ?? null;
}
