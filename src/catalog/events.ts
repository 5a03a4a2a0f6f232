import type { Queryable } from '../db/index.ts';

/**
 * Writes one catalogue event to the outbox (`events`) on the caller's transaction, so that the change and
 * its event commit or vanish together (DESIGN.md, "State changes are events").
 */
export async function writeEvent(
  tx: Queryable,
  type: string,
  productId: string | null,
  collection: string,
  payload: object,
): Promise<void> {
  await tx.query(`INSERT INTO events (type, product_id, collection, payload) VALUES ($1, $2, $3, $4::jsonb)`, [
    type,
    productId,
    collection,
    JSON.stringify(payload),
  ]);
}
