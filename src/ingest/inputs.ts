import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HubError } from '../errors/index.ts';
import { INGEST_ERRORS } from './errors.ts';

/** File names that mark a folder as one product (SAFE, SEN3, AWS layouts, S2 tiles). */
const PRODUCT_MARKERS = /^(manifest\.safe|xfdumanifest\.xml|MTD_MSIL[12][AC]\.xml|productInfo\.json|tileInfo\.json|metadata\.xml)$/;
const PRODUCT_FOLDER = /\.(SAFE|SEN3)$/i;
/** Single files that are whole products. */
const PRODUCT_FILE = /\.(zip|nc|EOF|json)$/i;
/** Files that sit beside products and are not products (provenance notes, checksums, reference outputs). */
const SIDE_FILE = /^(SOURCE\.txt|README(\.md)?|.*\.(md5|sha256|txt))$|^stac-item\..*\.json$/i;

export interface IngestCandidate {
  path: string;
  kind: 'folder' | 'zip' | 'file';
}

export interface ResolvedInputs {
  candidates: IngestCandidate[];
  /** Paths looked at and passed over, with why. */
  skipped: Array<{ path: string; reason: string }>;
}

/**
 * Turns what the user named (files, product folders, folders of products) into products to ingest.
 * A folder that is not itself a product is searched for products; side files are passed over and
 * reported, so a typo does not go unnoticed.
 */
export async function resolveInputs(paths: readonly string[]): Promise<ResolvedInputs> {
  const out: ResolvedInputs = { candidates: [], skipped: [] };
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new HubError(INGEST_ERRORS.NOT_FOUND, 'not_found', `${p}: no such file or folder`);
    }
    if (s.isDirectory()) await visitFolder(p, out, true);
    else out.candidates.push(fileCandidate(p));
  }
  return out;
}

function fileCandidate(path: string): IngestCandidate {
  return { path, kind: /\.zip$/i.test(path) ? 'zip' : 'file' };
}

async function visitFolder(dir: string, out: ResolvedInputs, named: boolean): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (PRODUCT_FOLDER.test(basename(dir)) || entries.some((e) => e.isFile() && PRODUCT_MARKERS.test(e.name))) {
    out.candidates.push({ path: dir, kind: 'folder' });
    return;
  }
  const before = out.candidates.length;
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const stacBeside: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) await visitFolder(full, out, false);
    else if (e.isFile() && SIDE_FILE.test(e.name) && /\.json$/i.test(e.name)) stacBeside.push(full);
    else if (e.isFile() && SIDE_FILE.test(e.name)) out.skipped.push({ path: full, reason: 'not a product' });
    else if (e.isFile() && PRODUCT_FILE.test(e.name)) out.candidates.push(fileCandidate(full));
    else if (e.isFile()) out.skipped.push({ path: full, reason: 'not a product' });
    else out.skipped.push({ path: full, reason: 'not a regular file or folder' });
  }
  // A `stac-item.*.json` is a product of its own (Copernicus DEM tiles) unless it describes a product
  // found beside it, as the STAC items that converters write next to a SAFE do.
  const productsBeside = out.candidates.length > before;
  for (const json of stacBeside) {
    if (productsBeside) out.skipped.push({ path: json, reason: 'describes the product beside it' });
    else out.candidates.push(fileCandidate(json));
  }
  if (named && out.candidates.length === before && out.skipped.length === 0) {
    out.skipped.push({ path: dir, reason: 'empty folder' });
  }
}
