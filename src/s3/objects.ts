import type { AccessScope } from '../access/index.ts';
import type { Db } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { scopeCondition } from '../query/index.ts';
import { S3_ERRORS } from './errors.ts';

/**
 * The bucket `eodata` as objects: one key per stored file, `<storage_path>/<file path>` (the archive
 * layout, OData's S3Path without `/eodata/`). Products are walked in key order through the index on
 * `(storage_path || '/') COLLATE "C"` (migration 0012); their files are sorted in memory.
 */
export interface S3Object {
  key: string;
  productId: string;
  collection: string;
  sizeBytes: number;
  md5: string;
  lastModified: string;
  online: boolean;
  mediaType: string;
  store: string;
  /** Key inside the product's store. */
  storeKey: string;
}

export interface ListRequest {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** Where to resume: after `key` (or from it, when inclusive). */
  cursor: { key: string; inclusive: boolean } | null;
}

export interface ListResult {
  objects: S3Object[];
  commonPrefixes: string[];
  truncated: boolean;
  /** Where the next page starts, when truncated. */
  next: { key: string; inclusive: boolean } | null;
}

interface ProductRow {
  id: string;
  collection: string;
  kp: string;
  online: boolean;
  modification_date: string;
  storage_store: string;
  storage_path: string;
}

const KP = `((storage_path || '/') COLLATE "C")`;
const PRODUCT_COLUMNS = `id, collection, storage_path || '/' AS kp, online, modification_date, storage_store, storage_path`;

/** Products fetched per query while listing: few with a delimiter, where each may end a page of prefixes. */
const BATCH_PLAIN = 32;
const BATCH_DELIMITED = 4;

/** The scope's hidden collections, kept out in SQL. */
const scopeSql = (scope: AccessScope, params: unknown[]): string => ` AND ${scopeCondition(scope, params, 'collection')}`;

/** Every prefix of `s` that ends with '/': the key prefixes of products that could hold `s`. */
function slashPrefixes(s: string): string[] {
  const out: string[] = [];
  for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) out.push(s.slice(0, i + 1));
  return out;
}

/** The least string greater than every string starting with `s` (increments the last character). */
export function prefixEnd(s: string): string | null {
  if (s === '') return null;
  return s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + 1);
}

async function objectsOf(db: Db, products: ProductRow[]): Promise<S3Object[]> {
  if (products.length === 0) return [];
  const r = await db.query<{ product_id: string; path: string; size_bytes: number; md5: string; media_type: string }>(
    `SELECT product_id, path, size_bytes, md5, media_type FROM product_files WHERE product_id = ANY($1::uuid[])`,
    [products.map((p) => p.id)],
  );
  const byProduct = new Map<string, S3Object[]>();
  const info = new Map(products.map((p) => [p.id, p]));
  for (const f of r.rows) {
    const p = info.get(f.product_id);
    if (!p) continue;
    const list = byProduct.get(p.id) ?? [];
    list.push({
      key: p.kp + f.path,
      productId: p.id,
      collection: p.collection,
      sizeBytes: f.size_bytes,
      md5: f.md5,
      lastModified: p.modification_date,
      online: p.online,
      mediaType: f.media_type,
      store: p.storage_store,
      storeKey: `${p.storage_path}/${f.path}`,
    });
    byProduct.set(p.id, list);
  }
  return products.flatMap((p) => (byProduct.get(p.id) ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
}

/** The product whose folder holds `key` (at most one: product folders do not nest). */
async function productHolding(db: Db, key: string, scope: AccessScope): Promise<ProductRow | undefined> {
  const candidates = slashPrefixes(key);
  if (candidates.length === 0) return undefined;
  const params: unknown[] = [candidates];
  const r = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${KP} = ANY($1::text[])${scopeSql(scope, params)} ORDER BY ${KP} DESC LIMIT 1`,
    params,
  );
  return r.rows[0];
}

export async function findObject(db: Db, key: string, scope: AccessScope): Promise<S3Object> {
  const product = await productHolding(db, key, scope);
  const found = product ? (await objectsOf(db, [product])).find((o) => o.key === key) : undefined;
  if (!found) throw new HubError(S3_ERRORS.NO_SUCH_KEY, 'not_found', 'The specified key does not exist.');
  return found;
}

const after = (key: string, cursor: { key: string; inclusive: boolean }): boolean =>
  cursor.inclusive ? key >= cursor.key : key > cursor.key;

/**
 * Keys from `cursor` on, in order, a few products at a time: first the files of the product holding the
 * cursor, then whole products after it up to the end of `prefix`. Empty when nothing is left.
 */
async function keysFrom(
  db: Db,
  cursor: { key: string; inclusive: boolean },
  prefix: string,
  batch: number,
  scope: AccessScope,
): Promise<{ objects: S3Object[]; lastProduct: string | null }> {
  const holding = await productHolding(db, cursor.key, scope);
  if (holding) {
    const objects = (await objectsOf(db, [holding])).filter((o) => after(o.key, cursor));
    if (objects.length > 0) return { objects, lastProduct: holding.kp };
    cursor = { key: holding.kp, inclusive: false };
  }
  const params: unknown[] = [cursor.key];
  let where = `${KP} ${cursor.inclusive ? '>=' : '>'} $1`;
  const end = prefixEnd(prefix);
  if (end !== null) {
    params.push(end);
    where += ` AND ${KP} < $${params.length}`;
  }
  where += scopeSql(scope, params);
  params.push(batch);
  const r = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${where} ORDER BY ${KP} LIMIT $${params.length}`,
    params,
  );
  return { objects: await objectsOf(db, r.rows), lastProduct: r.rows.at(-1)?.kp ?? null };
}

/**
 * ListObjects over the archive (S3 API reference, ListObjectsV2): keys starting with `prefix` after the
 * cursor; with a delimiter, keys whose rest holds it roll up into one CommonPrefix each, and the walk
 * jumps past a rolled-up prefix instead of reading what is under it (a million products under
 * `Sentinel-2/` cost one index seek per common prefix).
 */
export async function listObjects(db: Db, req: ListRequest, scope: AccessScope): Promise<ListResult> {
  const objects: S3Object[] = [];
  const commonPrefixes: string[] = [];
  let cursor = req.cursor ?? { key: req.prefix, inclusive: true };
  if (cursor.key < req.prefix) cursor = { key: req.prefix, inclusive: true };
  let last = cursor;
  const batch = req.delimiter === '' ? BATCH_PLAIN : BATCH_DELIMITED;
  walk: for (;;) {
    const { objects: page, lastProduct } = await keysFrom(db, cursor, req.prefix, batch, scope);
    if (lastProduct === null) break;
    if (page.length === 0) {
      // Products without stored files (metadata only): step past them.
      cursor = { key: lastProduct, inclusive: false };
      continue;
    }
    for (const o of page) {
      if (!o.key.startsWith(req.prefix)) {
        if (o.key > req.prefix) break walk;
        continue;
      }
      if (objects.length + commonPrefixes.length >= req.maxKeys) return { objects, commonPrefixes, truncated: true, next: last };
      const at = req.delimiter === '' ? -1 : o.key.indexOf(req.delimiter, req.prefix.length);
      if (at >= 0) {
        const common = o.key.slice(0, at + req.delimiter.length);
        const end = { key: prefixEnd(common) ?? common, inclusive: true };
        // A v1 NextMarker may be a common prefix: resuming after it must not list it again.
        const seen = req.cursor !== null && !req.cursor.inclusive && common <= req.cursor.key;
        if (!seen) {
          commonPrefixes.push(common);
          last = end;
        }
        cursor = end;
        continue walk;
      }
      objects.push(o);
      last = { key: o.key, inclusive: false };
      cursor = last;
    }
    cursor = { key: page.at(-1)?.key ?? lastProduct, inclusive: false };
  }
  return { objects, commonPrefixes, truncated: false, next: null };
}
