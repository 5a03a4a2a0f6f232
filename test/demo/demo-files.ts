import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateDemo, type DemoProduct } from '../../src/demo/index.ts';

/** Helpers the demo's raster tests share: a small generated set, file lookup, and GDAL as the outside judge. */

export const run = promisify(execFile);

/**
 * Ten products of seed `rasters-1`: two L1C/L2A tiles with 48–88 % cloud among five Sentinel-2, three
 * Sentinel-1 IW GRDH, one Sentinel-3 OLCI WFR, one Sentinel-5P CO. Small enough to make in seconds.
 */
export async function generateSmallSet(outDir: string): Promise<DemoProduct[]> {
  const products: DemoProduct[] = [];
  await generateDemo({ outDir, count: 10, seed: 'rasters-1', onProduct: (p) => void products.push(p) });
  return products;
}

/** Every file under `dir`, as paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

export async function findFile(dir: string, pattern: RegExp): Promise<string> {
  const found = (await listFiles(dir)).find((f) => pattern.test(f));
  if (!found) throw new Error(`no file matching ${String(pattern)} in ${dir}`);
  return join(dir, found);
}

/** The raster's first band as GDAL decodes it (gdal_translate to raw ENVI), so no code of ours reads it back. */
export async function readBandWithGdal(path: string, scratch: string): Promise<{ width: number; height: number; data: Uint16Array }> {
  const out = join(scratch, `${Math.random().toString(36).slice(2)}.bin`);
  await run('gdal_translate', ['-q', '-of', 'ENVI', '-ot', 'UInt16', '-b', '1', path, out]);
  const info = JSON.parse((await run('gdalinfo', ['-json', path])).stdout) as { size: [number, number] };
  const bytes = await readFile(out);
  return { width: info.size[0], height: info.size[1], data: new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) };
}
