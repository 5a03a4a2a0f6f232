/**
 * The CQL2 conformance test data (../shared/cql2/data, Natural Earth 1:110m) in the catalogue: one
 * collection per layer, each feature a product named `<layer>.<n>`, its geometry the footprint and its
 * properties typed attributes. The features are in the GeoPackage `ne110m4cql2.gpkg` (the `.json` files
 * beside it are the layers' queryables, not features); it is read with sql.js (SQLite in WebAssembly) and
 * its geometries decoded from GeoPackage binary (OGC 12-128r18 §2.1.3) + WKB here.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createCollection, insertProduct, type Footprint, type NewProduct } from '../../src/catalog/index.ts';
import type { Db } from '../../src/db/index.ts';
import { HubError } from '../../src/errors/index.ts';
import type { AttributeValue, AttributeValueType } from '../../src/metadata/types.ts';
import { QUERY_ERRORS, type PropertyResolver } from '../../src/query/index.ts';
import { SHARED_DIR } from './samples.ts';

export const NE_LAYERS = ['ne_110m_admin_0_countries', 'ne_110m_populated_places_simple', 'ne_110m_rivers_lake_centerlines'] as const;
export type NeLayer = (typeof NE_LAYERS)[number];

export const GPKG_PATH = join(SHARED_DIR, 'cql2', 'data', 'ne110m4cql2.gpkg');

/** The part of sql.js these tests use (the package ships no types). */
interface SqlJsDatabase {
  exec(sql: string): Array<{ columns: string[]; values: unknown[][] }>;
  close(): void;
}
type InitSqlJs = () => Promise<{ Database: new (data: Uint8Array) => SqlJsDatabase }>;

export interface Feature {
  geometry: Footprint;
  attributes: Record<string, AttributeValue>;
}

export interface NeLayerData {
  layer: NeLayer;
  /** Attribute types by column, from the GeoPackage's declared column types. */
  types: Map<string, AttributeValueType>;
  features: Feature[];
}

/** GeoPackage columns are declared with SQLite type names (OGC 12-128r18 Table 1). */
function attributeType(declared: string): AttributeValueType | null {
  const t = declared.toUpperCase();
  if (t.startsWith('TEXT')) return 'String';
  if (['INTEGER', 'INT', 'MEDIUMINT', 'SMALLINT', 'TINYINT'].includes(t)) return 'Integer';
  if (['REAL', 'DOUBLE', 'FLOAT'].includes(t)) return 'Double';
  if (t === 'BOOLEAN') return 'Boolean';
  if (t === 'DATE' || t === 'DATETIME') return 'DateTimeOffset';
  return null;
}

function attributeValue(type: AttributeValueType, value: unknown): AttributeValue {
  switch (type) {
    case 'String':
      return { type, value: String(value) };
    case 'Integer':
    case 'Double':
      return { type, value: Number(value) };
    case 'Boolean':
      return { type, value: value === 1 || value === true };
    case 'DateTimeOffset': {
      // GeoPackage DATETIME is ISO 8601 in UTC, written here without a zone; a DATE stays a date.
      const text = String(value);
      return { type, value: /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text };
    }
  }
}

/** WKB (OGC 06-103r4 §8.2.9), 2D or with Z/M dropped, as GeoJSON. */
class WkbReader {
  constructor(
    private readonly view: DataView,
    private at: number,
  ) {}

  geometry(): Footprint {
    const little = this.view.getUint8(this.at) === 1;
    this.at += 1;
    const raw = this.view.getUint32(this.at, little);
    this.at += 4;
    const base = raw % 1000;
    const dims = 2 + (raw >= 1000 && raw < 4000 ? (raw >= 3000 ? 2 : 1) : 0);
    const number = (): number => {
      const v = this.view.getFloat64(this.at, little);
      this.at += 8;
      return v;
    };
    const count = (): number => {
      const n = this.view.getUint32(this.at, little);
      this.at += 4;
      return n;
    };
    const point = (): number[] => {
      const p = [number(), number()];
      for (let i = 2; i < dims; i++) number();
      return p;
    };
    const points = (): number[][] => Array.from({ length: count() }, point);
    const rings = (): number[][][] => Array.from({ length: count() }, points);
    const parts = <T>(read: (g: Footprint) => T): T[] => Array.from({ length: count() }, () => read(this.geometry()));
    switch (base) {
      case 1:
        return { type: 'Point', coordinates: point() };
      case 2:
        return { type: 'LineString', coordinates: points() };
      case 3:
        return { type: 'Polygon', coordinates: rings() };
      case 4:
        return { type: 'MultiPoint', coordinates: parts((g) => g.coordinates as number[]) };
      case 5:
        return { type: 'MultiLineString', coordinates: parts((g) => g.coordinates as number[][]) };
      case 6:
        return { type: 'MultiPolygon', coordinates: parts((g) => g.coordinates as number[][][]) };
      default:
        throw new Error(`WKB geometry type ${raw} is not used by the test data`);
    }
  }
}

/** GeoPackage binary: "GP", version, flags (envelope kind in bits 1-3, header byte order in bit 0), srs_id, envelope, WKB. */
function decodeGeometry(blob: Uint8Array): Footprint {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry');
  const flags = blob[3] ?? 0;
  const envelopeBytes = [0, 32, 48, 48, 64][(flags >> 1) & 7] ?? 0;
  return new WkbReader(view, 8 + envelopeBytes).geometry();
}

let cache: Promise<NeLayerData[]> | undefined;

/** Every layer's features, read once per worker. */
export function readNaturalEarth(): Promise<NeLayerData[]> {
  cache ??= (async () => {
    // sql.js is CommonJS without types: loaded through require and typed by the interface above.
    const initSqlJs = createRequire(import.meta.url)('sql.js') as InitSqlJs;
    const SQL = await initSqlJs();
    const gpkg = new SQL.Database(readFileSync(GPKG_PATH));
    try {
      return NE_LAYERS.map((layer) => {
        const columns = gpkg.exec(`PRAGMA table_info(${layer})`)[0]?.values ?? [];
        const types = new Map<string, AttributeValueType>();
        for (const [, name, declared] of columns) {
          const type = attributeType(String(declared));
          if (name !== 'fid' && type) types.set(String(name), type);
        }
        const result = gpkg.exec(`SELECT * FROM ${layer} ORDER BY fid`)[0];
        const features = (result?.values ?? []).map((row): Feature => {
          const attributes: Record<string, AttributeValue> = {};
          let geometry: Footprint | undefined;
          result?.columns.forEach((column, i) => {
            const value = row[i];
            if (column === 'geom' && value instanceof Uint8Array) geometry = decodeGeometry(value);
            const type = types.get(column);
            if (type && value !== null && value !== undefined) attributes[column] = attributeValue(type, value);
          });
          if (!geometry) throw new Error(`a feature of ${layer} has no geometry`);
          return { geometry, attributes };
        });
        return { layer, types, features };
      });
    } finally {
      gpkg.close();
    }
  })();
  return cache;
}

/** The catalogue collection of a layer (collection names are upper case). */
export function neCollection(layer: NeLayer): string {
  return layer.toUpperCase();
}

/**
 * Loads every layer into the catalogue of `db` and returns a resolver per layer: `geom` (and `geometry`)
 * is the footprint; any other name is the attribute of the type registered for that collection.
 */
export async function loadNaturalEarth(db: Db): Promise<Map<NeLayer, PropertyResolver>> {
  const resolvers = new Map<NeLayer, PropertyResolver>();
  for (const data of await readNaturalEarth()) {
    const collection = neCollection(data.layer);
    await createCollection(db, { name: collection, title: data.layer });
    await db.transaction(async (tx) => {
      let n = 0;
      for (const f of data.features) {
        n++;
        const product: NewProduct = {
          id: randomUUID(),
          name: `${data.layer}.${n}`,
          collection,
          contentType: 'application/geo+json',
          contentLength: 0,
          originDate: '2022-04-16T00:00:00Z',
          publicationDate: '2022-04-16T00:00:00Z',
          sensingStart: null,
          sensingEnd: null,
          footprint: f.geometry,
          storage: { store: 'test', path: `${data.layer}/${n}` },
          checksums: [],
          attributes: f.attributes,
          warnings: [],
          files: [],
        };
        await insertProduct(tx, product);
      }
    });
    const registered = await db.query<{ name: string; value_type: AttributeValueType }>(
      'SELECT name, value_type FROM attribute_types WHERE collection = $1',
      [collection],
    );
    const types = new Map(registered.rows.map((r) => [r.name, r.value_type]));
    resolvers.set(data.layer, (name) => {
      if (name === 'geom' || name === 'geometry') return { kind: 'footprint' };
      const type = types.get(name);
      if (!type) throw new HubError(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY, 'invalid', `unknown queryable ${JSON.stringify(name)}`);
      return { kind: 'attribute', name, type };
    });
  }
  return resolvers;
}
