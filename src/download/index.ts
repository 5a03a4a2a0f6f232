/**
 * Download: a product's `$value` (its deterministic zip package, or the file itself for a one-file
 * product) and the files inside it (CDSE Nodes, reference/cdse.md §1.7-1.8), as byte spaces whose
 * length and validators are known up front and whose any range is read without reading the rest:
 * package headers are generated from the catalogue's file list (storage/product-zip.ts), file bytes are
 * ranged reads on the blob store. Owns no tables, jobs or events; reads the catalogue and the stores.
 * HTTP semantics (Range, conditionals, multipart) live in api/odata/download.ts.
 */
import { checkDownload, type AccessScope } from '../access/index.ts';
import { HubError } from '../errors/index.ts';
import { fileDownloadable, loadProductContent, packageDownloadable, productOffline, type DownloadContext, type Downloadable } from './content.ts';
import { DOWNLOAD_ERRORS } from './errors.ts';
import type { ProductNode } from './product-tree.ts';

export type { DownloadContext, Downloadable } from './content.ts';
export type { ProductNode } from './product-tree.ts';
export type { ByteSource } from '../storage/index.ts';
export { DOWNLOAD_ERRORS } from './errors.ts';

/** `Products(<id>)/$value`. */
export async function openProductPackage(ctx: DownloadContext, scope: AccessScope, productId: string): Promise<Downloadable> {
  const c = await loadProductContent(ctx, scope, productId);
  checkDownload(scope, c.product.collection);
  return packageDownloadable(c);
}

/** `Products(<id>)/Nodes(<a>)/Nodes(<b>)/$value`: the file at these decoded segments (the first the root). */
export async function openProductNode(
  ctx: DownloadContext,
  scope: AccessScope,
  productId: string,
  segments: readonly string[],
): Promise<Downloadable> {
  const c = await loadProductContent(ctx, scope, productId, { offline: 'allowed' });
  const node = c.tree.find(segments);
  if (!node.file) throw new HubError(DOWNLOAD_ERRORS.NODE_IS_FOLDER, 'invalid', `${segments.join('/')} is a folder`);
  const d = fileDownloadable(c, node.file);
  if (node.file.role !== 'quicklook') {
    if (!c.product.online) throw productOffline(productId);
    checkDownload(scope, c.product.collection);
    return d;
  }
  // Quicklooks are previews shown beside search results (OData Assets, DHuS Quicklook, a portal's list):
  // whoever sees the product sees them, and they are no download, so neither quotas nor usage count them.
  // They stay online when the product is evicted (archive/eviction.ts), so they are served offline too.
  const { product: _notADownload, ...preview } = d;
  return preview;
}

/** `Products(<id>)/Nodes` (segments []) and `.../Nodes(<a>)/.../Nodes`: the entries inside; [] for a file. */
/** A listing, like the product's metadata, is open to whoever sees the product; only bytes follow the download policy. */
export async function listProductNodes(
  ctx: DownloadContext,
  scope: AccessScope,
  productId: string,
  segments: readonly string[],
): Promise<ProductNode[]> {
  const c = await loadProductContent(ctx, scope, productId);
  return c.tree.children(segments);
}
