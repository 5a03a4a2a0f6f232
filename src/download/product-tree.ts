import type { ProductFile } from '../catalog/index.ts';
import { HubError } from '../errors/index.ts';
import { DOWNLOAD_ERRORS } from './errors.ts';

/** One entry of a product's file tree, as CDSE's Nodes list them (reference/cdse.md §1.8). */
export interface ProductNode {
  name: string;
  /** Bytes of a file; 0 for a folder, as CDSE shows. */
  sizeBytes: number;
  /** Entries directly inside a folder; 0 for a file. */
  childrenCount: number;
  /** The file, when this node is one. */
  file: ProductFile | null;
}

/**
 * The tree of a product's files. Its top node is the product's root folder (`X.SAFE`, named after the
 * product, as in the package where every path starts with it) or, for a product that is one file (a
 * netCDF, an orbit file), that file itself. Lookups only ever match catalogued paths, so no segment can
 * reach outside the product whatever it holds; malformed segments are refused before looking.
 */
export class ProductTree {
  private readonly folders = new Map<string, Map<string, ProductNode>>();

  constructor(
    readonly rootName: string,
    files: readonly ProductFile[],
    readonly singleFile: boolean,
  ) {
    const top = new Map<string, ProductNode>();
    this.folders.set('', top);
    if (singleFile) {
      const f = files[0] as ProductFile;
      top.set(rootName, { name: rootName, sizeBytes: f.sizeBytes, childrenCount: 0, file: f });
      return;
    }
    top.set(rootName, { name: rootName, sizeBytes: 0, childrenCount: 0, file: null });
    for (const f of files) {
      const parts = [rootName, ...f.path.split('/')];
      for (let i = 1; i < parts.length; i++) {
        const parent = parts.slice(0, i).join('/');
        const children = this.childrenOf(parent);
        const name = parts[i] as string;
        if (children.has(name)) continue;
        const isFile = i === parts.length - 1;
        children.set(name, { name, sizeBytes: isFile ? f.sizeBytes : 0, childrenCount: 0, file: isFile ? f : null });
        const parentNode = this.nodeAt(parts.slice(0, i));
        if (parentNode) parentNode.childrenCount += 1;
      }
    }
  }

  private childrenOf(folderPath: string): Map<string, ProductNode> {
    let m = this.folders.get(folderPath);
    if (!m) {
      m = new Map();
      this.folders.set(folderPath, m);
    }
    return m;
  }

  private nodeAt(segments: readonly string[]): ProductNode | undefined {
    const parent = this.folders.get(segments.slice(0, -1).join('/'));
    return parent?.get(segments.at(-1) ?? '');
  }

  /** The node at these decoded segments (the first one being the root), or NODE_NOT_FOUND. */
  find(segments: readonly string[]): ProductNode {
    for (const s of segments) checkSegment(s);
    const node = segments.length === 0 ? undefined : this.nodeAt(segments);
    if (!node) throw new HubError(DOWNLOAD_ERRORS.NODE_NOT_FOUND, 'not_found', `no node ${segments.join('/')} in this product`);
    return node;
  }

  /** The entries directly inside the node at `segments` ([] = the top level); a file has none. */
  children(segments: readonly string[]): ProductNode[] {
    if (segments.length === 0) return [...(this.folders.get('')?.values() ?? [])];
    const node = this.find(segments);
    if (node.file) return [];
    return [...(this.folders.get(segments.join('/'))?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function checkSegment(s: string): void {
  if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)) {
    throw new HubError(DOWNLOAD_ERRORS.INVALID_NODE_PATH, 'invalid', `${JSON.stringify(s)} cannot name a node`);
  }
}
