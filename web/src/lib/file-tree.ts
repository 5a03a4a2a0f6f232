/**
 * A product's files as the folder tree they sit in: the STAC item has one asset per file, titled with its
 * path inside the product, and the product panel shows them as folders with their totals.
 */

export interface TreeFile<F> {
  kind: 'file';
  name: string;
  path: string;
  sizeBytes: number;
  file: F;
}

export interface TreeFolder<F> {
  kind: 'folder';
  name: string;
  path: string;
  /** Sum of the sizes of every file below. */
  sizeBytes: number;
  /** How many files are below, at any depth. */
  fileCount: number;
  children: TreeNode<F>[];
}

export type TreeNode<F> = TreeFile<F> | TreeFolder<F>;

/** Folders first, then files, each by name, as file managers list them. */
function sortChildren<F>(folder: TreeFolder<F>): void {
  folder.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  for (const child of folder.children) if (child.kind === 'folder') sortChildren(child);
}

/** The tree of files given with their '/'-separated paths; the root folder has the empty path. */
export function buildFileTree<F>(files: readonly { path: string; sizeBytes: number; file: F }[]): TreeFolder<F> {
  const root: TreeFolder<F> = { kind: 'folder', name: '', path: '', sizeBytes: 0, fileCount: 0, children: [] };
  for (const { path, sizeBytes, file } of files) {
    const parts = path.split('/').filter((p) => p !== '');
    let folder = root;
    const chain = [root];
    for (const [i, name] of parts.slice(0, -1).entries()) {
      let next = folder.children.find((c): c is TreeFolder<F> => c.kind === 'folder' && c.name === name);
      if (!next) {
        next = { kind: 'folder', name, path: parts.slice(0, i + 1).join('/'), sizeBytes: 0, fileCount: 0, children: [] };
        folder.children.push(next);
      }
      folder = next;
      chain.push(folder);
    }
    folder.children.push({ kind: 'file', name: parts.at(-1) ?? path, path, sizeBytes, file });
    for (const f of chain) {
      f.sizeBytes += sizeBytes;
      f.fileCount += 1;
    }
  }
  sortChildren(root);
  return root;
}

/** Multihash prefixes (function code and digest length, varints) of the checksums products carry. */
const MULTIHASH_PREFIXES: [string, string][] = [
  ['1e20', 'BLAKE3'],
  ['1220', 'SHA-256'],
  ['1340', 'SHA-512'],
  ['d50110', 'MD5'],
];

/** The function and digest of a `file:checksum` multihash (STAC file extension), for showing to people. */
export function describeChecksum(multihash: string): { algorithm: string; digest: string } {
  const lower = multihash.toLowerCase();
  const known = MULTIHASH_PREFIXES.find(([prefix]) => lower.startsWith(prefix));
  return known ? { algorithm: known[1], digest: lower.slice(known[0].length) } : { algorithm: '', digest: lower };
}
