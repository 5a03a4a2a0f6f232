import { z } from 'zod';
import { CATALOG_ERRORS } from '../catalog/index.ts';
import type { Db, Queryable } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { ACCESS_ERRORS } from './errors.ts';
import { effectivePolicy } from './policy.ts';
import { ACCESS_POLICIES, type AccessPolicy, type CollectionAccess, type DefaultPolicy } from './types.ts';

/** A collection's access as the admin API and CLI show it. */
export interface CollectionAccessInfo {
  name: string;
  title: string;
  /** The collection's own policy; null follows the default. */
  policy: AccessPolicy | null;
  effectivePolicy: AccessPolicy;
  allow: string[];
  productCount: number;
}

/** `PUT /admin/collections/{name}/access` and `eohub admin collection access`; role and group names as auth/ spells them. */
export const accessChangeSchema = z
  .object({
    policy: z.enum(ACCESS_POLICIES).nullable(),
    allow: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'a role or group name'))
      .max(100)
      .default([]),
  })
  .strict();
export type AccessChange = z.input<typeof accessChangeSchema>;

interface AccessRow {
  name: string;
  title: string;
  access_policy: AccessPolicy | null;
  access_allow: string[];
}

export async function readCollectionAccess(db: Queryable): Promise<CollectionAccess[]> {
  const r = await db.query<Omit<AccessRow, 'title'>>('SELECT name, access_policy, access_allow FROM collections');
  return r.rows.map((row) => ({ collection: row.name, policy: row.access_policy, allow: row.access_allow }));
}

export async function listCollectionAccess(db: Queryable, defaultPolicy: DefaultPolicy): Promise<CollectionAccessInfo[]> {
  const r = await db.query<AccessRow & { products: number }>(
    `SELECT c.name, c.title, c.access_policy, c.access_allow, (SELECT count(*) FROM products p WHERE p.collection = c.name)::bigint AS products
     FROM collections c ORDER BY c.name`,
  );
  return r.rows.map((row) => toInfo(row, defaultPolicy));
}

function toInfo(row: AccessRow & { products: number }, defaultPolicy: DefaultPolicy): CollectionAccessInfo {
  return {
    name: row.name,
    title: row.title,
    policy: row.access_policy,
    effectivePolicy: effectivePolicy({ policy: row.access_policy }, defaultPolicy),
    allow: row.access_allow,
    productCount: Number(row.products),
  };
}

/** Sets a collection's policy and allow list, with a `collection.access` event in the same transaction. */
export async function setCollectionAccess(
  db: Db,
  name: string,
  change: unknown,
  defaultPolicy: DefaultPolicy,
): Promise<CollectionAccessInfo> {
  const parsed = accessChangeSchema.safeParse(change);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new HubError(ACCESS_ERRORS.INVALID_ACCESS_POLICY, 'invalid', message);
  }
  const { policy, allow } = parsed.data;
  return db.transaction(async (tx) => {
    const r = await tx.query<AccessRow & { products: number }>(
      `UPDATE collections c SET access_policy = $2, access_allow = $3::text[] WHERE c.name = $1
       RETURNING c.name, c.title, c.access_policy, c.access_allow, (SELECT count(*) FROM products p WHERE p.collection = c.name)::bigint AS products`,
      [name, policy, [...new Set(allow)]],
    );
    const row = r.rows[0];
    if (!row) throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_FOUND, 'not_found', `no collection ${name}`);
    await tx.query(`INSERT INTO events (type, collection, payload) VALUES ('collection.access', $1, $2::jsonb)`, [
      name,
      JSON.stringify({ policy, allow: row.access_allow }),
    ]);
    return toInfo(row, defaultPolicy);
  });
}
