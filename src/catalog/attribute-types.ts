import type { Queryable } from '../db/index.ts';
import type { AttributeValueType } from './types.ts';

/**
 * The attributes products carry and their types: of one collection, or of all (a name typed differently
 * in two collections keeps the first type in name order of the collections, so the answer is stable).
 */
export async function listAttributeTypes(db: Queryable, collection?: string): Promise<Record<string, AttributeValueType>> {
  const r = await db.query<{ name: string; value_type: AttributeValueType }>(
    `SELECT DISTINCT ON (name) name, value_type FROM attribute_types WHERE ($1::text IS NULL OR collection = $1) ORDER BY name, collection`,
    [collection ?? null],
  );
  return Object.fromEntries(r.rows.map((row) => [row.name, row.value_type]));
}
