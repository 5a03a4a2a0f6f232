import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';
import type { ProductSource, SourceFile } from './types.ts';

/**
 * Opens a product laid out as a folder on the local disk. Symbolic links and anything that is not a
 * regular file or folder are refused: a product must not be able to point outside itself.
 */
export async function openFolderSource(dir: string, arrivalName: string): Promise<ProductSource> {
  const files: SourceFile[] = [];
  await walk(dir, '', files);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = new Set(files.map((f) => f.path));
  return {
    arrivalName,
    files,
    readFile: async (path) => {
      if (!known.has(path)) {
        throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `no file ${path} in the product`);
      }
      return readFile(join(dir, ...path.split('/')));
    },
    localPath: (path) => join(dir, ...path.split('/')),
  };
}

async function walk(root: string, rel: string, out: SourceFile[]): Promise<void> {
  const entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
  for (const entry of entries) {
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const full = join(root, ...relPath.split('/'));
    if (entry.isSymbolicLink()) {
      throw new HubError(METADATA_ERRORS.UNSAFE_PATH, 'invalid', `symbolic link ${relPath} in the product is not allowed`);
    }
    if (entry.isDirectory()) {
      await walk(root, relPath, out);
    } else if (entry.isFile()) {
      const stat = await lstat(full);
      out.push({ path: relPath, sizeBytes: stat.size });
    } else {
      throw new HubError(METADATA_ERRORS.UNSAFE_PATH, 'invalid', `${relPath} is not a regular file`);
    }
  }
}

/**
 * Checks a relative path taken from a zip entry or a manifest: no absolute paths, drive letters,
 * backslashes or `..` segments. Returns the normalised '/'-separated path.
 */
export function checkRelativePath(path: string): string {
  const p = path.replaceAll('\\', '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.includes('\0')) {
    throw new HubError(METADATA_ERRORS.UNSAFE_PATH, 'invalid', `absolute path ${JSON.stringify(path)} in the product`);
  }
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..')) {
    throw new HubError(METADATA_ERRORS.UNSAFE_PATH, 'invalid', `path ${JSON.stringify(path)} escapes the product`);
  }
  return parts.join('/');
}

/** Finds files whose base name matches, shallowest first. */
export function findFiles(source: ProductSource, test: RegExp): SourceFile[] {
  return source.files
    .filter((f) => test.test(f.path.split('/').pop() ?? ''))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
}

/** The folder part of a relative path ('' at the top). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export const pathSep = sep;
