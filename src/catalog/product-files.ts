import type { Queryable } from '../db/index.ts';
import type { ProductFile } from './types.ts';

/** The files of several products in one statement (a page of search results), by product id, in path order. */
export async function listFilesOfProducts(db: Queryable, ids: readonly string[]): Promise<Map<string, ProductFile[]>> {
  const out = new Map<string, ProductFile[]>();
  if (ids.length === 0) return out;
  const r = await db.query<{
    product_id: string;
    path: string;
    size_bytes: number;
    md5: string;
    blake3: string;
    media_type: string;
    role: ProductFile['role'];
  }>(
    `SELECT product_id, path, size_bytes, md5, blake3, media_type, role FROM product_files
     WHERE product_id = ANY($1::uuid[]) ORDER BY product_id, path`,
    [[...ids]],
  );
  for (const f of r.rows) {
    const list = out.get(f.product_id) ?? [];
    list.push({ path: f.path, sizeBytes: Number(f.size_bytes), md5: f.md5, blake3: f.blake3, mediaType: f.media_type, role: f.role });
    out.set(f.product_id, list);
  }
  return out;
}
