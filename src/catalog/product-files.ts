import type { Queryable } from '../db/index.ts';
import type { ProductFile } from './types.ts';

/** A `product_files` row as the statements here and in products.ts select it. */
export interface FileRow {
  path: string;
  size_bytes: number;
  md5: string;
  blake3: string;
  media_type: string;
  role: ProductFile['role'];
}

export const toFile = (f: FileRow): ProductFile => ({
  path: f.path,
  sizeBytes: Number(f.size_bytes),
  md5: f.md5,
  blake3: f.blake3,
  mediaType: f.media_type,
  role: f.role,
});

/**
 * A column of a search over `products p`: the product's files as a JSON array in path order (null when it
 * has none), so that a page of results and their files come in one round trip (filesOfColumn reads it).
 */
export const FILES_COLUMN = `(SELECT json_agg(json_build_object('path', f.path, 'size_bytes', f.size_bytes, 'md5', f.md5,
  'blake3', f.blake3, 'media_type', f.media_type, 'role', f.role) ORDER BY f.path)
  FROM product_files f WHERE f.product_id = p.id) AS files`;

/** The files of one row from FILES_COLUMN (both drivers parse json columns). */
export function filesOfColumn(value: unknown): ProductFile[] {
  const rows: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(rows) ? (rows as FileRow[]).map(toFile) : [];
}

/** The files of several products in one statement (a page of search results), by product id, in path order. */
export async function listFilesOfProducts(db: Queryable, ids: readonly string[]): Promise<Map<string, ProductFile[]>> {
  const out = new Map<string, ProductFile[]>();
  if (ids.length === 0) return out;
  const r = await db.query<FileRow & { product_id: string }>(
    `SELECT product_id, path, size_bytes, md5, blake3, media_type, role FROM product_files
     WHERE product_id = ANY($1::uuid[]) ORDER BY product_id, path`,
    [[...ids]],
  );
  for (const f of r.rows) {
    const list = out.get(f.product_id) ?? [];
    list.push(toFile(f));
    out.set(f.product_id, list);
  }
  return out;
}
