import { INTERNAL_SEES_EVERYTHING, type AccessScope } from '../access/index.ts';
import { scopeCondition } from '../query/index.ts';
import { HubError } from '../errors/index.ts';
import { sqlState, type Queryable } from '../db/index.ts';
import { CATALOG_ERRORS } from './errors.ts';
import type { Collection } from './types.ts';

interface CollectionRow {
  name: string;
  title: string;
  description: string;
  storage_prefix: string;
  properties: Record<string, unknown>;
}

const toCollection = (r: CollectionRow): Collection => ({
  name: r.name,
  title: r.title,
  description: r.description,
  storagePrefix: r.storage_prefix,
  properties: r.properties,
});

const COLUMNS = 'c.name, c.title, c.description, c.storage_prefix, c.properties';

/** The collections the scope sees. */
export async function listCollections(db: Queryable, scope: AccessScope): Promise<Collection[]> {
  const params: unknown[] = [];
  const r = await db.query<CollectionRow>(
    `SELECT ${COLUMNS} FROM collections c WHERE ${scopeCondition(scope, params, 'c.name')} ORDER BY c.name`,
    params,
  );
  return r.rows.map(toCollection);
}

/** A collection the scope sees; a hidden one is COLLECTION_NOT_FOUND like an unknown one. */
export async function getCollection(db: Queryable, name: string, scope: AccessScope): Promise<Collection> {
  const params: unknown[] = [name];
  const r = await db.query<CollectionRow>(
    `SELECT ${COLUMNS} FROM collections c WHERE c.name = $1 AND ${scopeCondition(scope, params, 'c.name')}`,
    params,
  );
  const row = r.rows[0];
  if (!row) throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_FOUND, 'not_found', `no collection ${name}`);
  return toCollection(row);
}

/**
 * Adds a collection: a contributing mission or a service's derived products. Names follow CDSE's
 * spelling (upper case, digits, '-' and '_').
 */
export async function createCollection(
  db: Queryable,
  input: { name: string; title?: string; description?: string; storagePrefix?: string; properties?: Record<string, unknown> },
): Promise<Collection> {
  if (!/^[A-Z0-9][A-Z0-9_-]{0,63}$/.test(input.name)) {
    throw new HubError(
      CATALOG_ERRORS.INVALID_COLLECTION,
      'invalid',
      `collection name ${JSON.stringify(input.name)} must be upper case letters, digits, '-' or '_'`,
    );
  }
  const prefix = input.storagePrefix ?? input.name;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(prefix)) {
    throw new HubError(CATALOG_ERRORS.INVALID_COLLECTION, 'invalid', `storage prefix ${JSON.stringify(prefix)} must be one path segment`);
  }
  try {
    await db.query(`INSERT INTO collections (name, title, description, storage_prefix, properties) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
      input.name,
      input.title ?? input.name,
      input.description ?? '',
      prefix,
      JSON.stringify(input.properties ?? {}),
    ]);
  } catch (error) {
    if (sqlState(error) === '23505') throw new HubError(CATALOG_ERRORS.COLLECTION_EXISTS, 'conflict', `collection ${input.name} exists`);
    throw error;
  }
  return getCollection(db, input.name, INTERNAL_SEES_EVERYTHING);
}
