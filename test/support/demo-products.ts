import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/index.ts';

const written = new Map<string, Promise<string[]>>();

/**
 * Paths of demo products written once per worker for a count and seed, shared by every backend's suite:
 * generating pixels costs seconds, and the same seed gives the same products.
 */
export function demoProductPaths(count: number, seed: string): Promise<string[]> {
  const key = `${seed}:${count}`;
  let paths = written.get(key);
  if (!paths) {
    paths = (async () => {
      const dir = await mkdtemp(join(tmpdir(), `eohub-demo-${seed}-`));
      await generateDemo({ outDir: dir, count, seed });
      return (await readdir(dir)).map((name) => join(dir, name));
    })();
    written.set(key, paths);
  }
  return paths;
}
