/**
 * Writing one batch of bulk records, in one transaction: the attribute types the batch brings, the
 * products (footprints normalised by the same SQL as insertProduct's, catalog/footprint.ts) and one
 * `product.created` event per product in the outbox. Two ways to get the rows to the server:
 *
 * - PostgreSQL: COPY (pg-copy-streams) into a temporary staging table, then INSERT ... SELECT from it.
 *   COPY needs the driver's own connection, which the Db interface keeps to itself, so the loader opens
 *   one dedicated connection for the whole load, as pg_restore does.
 * - PGlite (and PostgreSQL without a connection string): one INSERT ... SELECT over the batch sent as one
 *   jsonb parameter, i.e. a multi-row insert that needs no thousands of parameters.
 *
 * Either way a batch commits whole or leaves nothing: an error rolls back its transaction.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Queryable } from '../db/index.ts';
import type { BulkProduct } from './bulk-formats.ts';
import { footprintSql, unwrapFootprint } from './footprint.ts';

export interface BatchWriter {
  readonly method: 'copy' | 'insert';
  write(rows: readonly BulkProduct[], newTypes: readonly AttributeTypeRow[]): Promise<void>;
  close(): Promise<void>;
}

export interface AttributeTypeRow {
  collection: string;
  name: string;
  value_type: string;
}

/** The staged columns, in COPY order, with their SQL types. */
const COLUMNS: readonly (readonly [string, string])[] = [
  ['id', 'uuid'],
  ['name', 'text'],
  ['collection', 'text'],
  ['content_type', 'text'],
  ['content_length', 'bigint'],
  ['origin_date', 'timestamptz'],
  ['publication_date', 'timestamptz'],
  ['modification_date', 'timestamptz'],
  ['sensing_start', 'timestamptz'],
  ['sensing_end', 'timestamptz'],
  ['footprint', 'text'],
  ['online', 'boolean'],
  ['eviction_date', 'timestamptz'],
  ['storage_store', 'text'],
  ['storage_path', 'text'],
  ['checksums', 'jsonb'],
  ['attributes', 'jsonb'],
  ['warnings', 'jsonb'],
];

const STAGING = 'eohub_bulk_staging';

/** The products of a staged batch `s` into the catalogue, with their events, in one statement. */
function insertFromSql(source: string): string {
  const target = COLUMNS.map(([c]) => c).join(', ');
  const values = COLUMNS.map(([c]) => (c === 'footprint' ? footprintSql('s.footprint') : `s.${c}`)).join(', ');
  return `WITH inserted AS (
      INSERT INTO products (${target}) SELECT ${values} FROM ${source}
      RETURNING id, collection, name)
    INSERT INTO events (type, product_id, collection, payload)
    SELECT 'product.created', id, collection, jsonb_build_object('name', name) FROM inserted`;
}

/** insertProduct's attribute-type check, for every new (collection, name) of the batch at once. */
const ATTRIBUTE_TYPES_SQL = `WITH wanted AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(collection text, name text, value_type text)),
  ins AS (INSERT INTO attribute_types (collection, name, value_type) SELECT collection, name, value_type FROM wanted
          ON CONFLICT (collection, name) DO NOTHING)
  SELECT t.collection, t.name, t.value_type, w.value_type AS wanted FROM attribute_types t JOIN wanted w USING (collection, name)
  WHERE t.value_type <> w.value_type`;

export class AttributeTypeConflict extends Error {
  constructor(readonly conflict: { collection: string; name: string; value_type: string; wanted: string }) {
    super(`attribute ${conflict.name} of ${conflict.collection} is ${conflict.value_type}, the batch gives a ${conflict.wanted}`);
  }
}

async function writeAttributeTypes(q: Queryable, rows: readonly AttributeTypeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const r = await q.query<{ collection: string; name: string; value_type: string; wanted: string }>(ATTRIBUTE_TYPES_SQL, [
    JSON.stringify(rows),
  ]);
  if (r.rows[0]) throw new AttributeTypeConflict(r.rows[0]);
}

/** A record as the staged row: stored shapes (plain attribute values, unwrapped footprint as GeoJSON text). */
function stagedValues(p: BulkProduct): (string | number | boolean | null)[] {
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p.attributes)) attributes[k] = v.value;
  return [
    p.id,
    p.name,
    p.collection,
    p.contentType,
    p.contentLength,
    p.originDate,
    p.publicationDate,
    p.modificationDate,
    p.sensingStart,
    p.sensingEnd,
    p.footprint ? JSON.stringify(unwrapFootprint(p.footprint)) : null,
    p.online,
    p.evictionDate,
    p.storage.store,
    p.storage.path,
    JSON.stringify(p.checksums),
    JSON.stringify(attributes),
    JSON.stringify(p.warnings),
  ];
}

export function insertWriter(db: Db): BatchWriter {
  const source = `jsonb_to_recordset($1::jsonb) AS s(${COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})`;
  const sql = insertFromSql(source);
  return {
    method: 'insert',
    async write(rows, newTypes) {
      const doc = rows.map((p) => Object.fromEntries(stagedValues(p).map((v, i) => [COLUMNS[i]?.[0], jsonValue(COLUMNS[i]?.[1], v)])));
      await db.transaction(async (tx) => {
        await writeAttributeTypes(tx, newTypes);
        await tx.query(sql, [JSON.stringify(doc)]);
      });
    },
    async close() {},
  };
}

/** jsonb_to_recordset reads a jsonb column from a JSON value, not from text holding JSON. */
function jsonValue(type: string | undefined, v: string | number | boolean | null): unknown {
  return type === 'jsonb' && typeof v === 'string' ? JSON.parse(v) : v;
}

/** COPY's text format: backslash escapes for the characters that delimit, `\N` for NULL. */
function copyField(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return /[\\\n\r\t]/.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c) : v;
}

/**
 * The COPY path: a dedicated connection to `url` with eohub's schema first on its search path and a
 * temporary staging table whose rows vanish at each commit or rollback.
 */
export async function copyWriter(url: string, schema: string): Promise<BatchWriter> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path="${schema}",public -c TimeZone=UTC` });
  await client.connect();
  client.on('error', () => {
    // A lost connection surfaces as the error of the statement in flight.
  });
  try {
    await client.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS ${STAGING} (${COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DELETE ROWS`,
    );
  } catch (error) {
    await client.end();
    throw error;
  }
  const q: Queryable = {
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const r = await client.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
  const copySql = `COPY ${STAGING} (${COLUMNS.map(([c]) => c).join(', ')}) FROM STDIN`;
  const insertSql = insertFromSql(`${STAGING} s`);
  return {
    method: 'copy',
    async write(rows, newTypes) {
      const text = rows.map((p) => `${stagedValues(p).map(copyField).join('\t')}\n`).join('');
      await client.query('BEGIN');
      try {
        await writeAttributeTypes(q, newTypes);
        await pipeline(Readable.from([text]), client.query(copyFrom(copySql)));
        await client.query(insertSql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}
