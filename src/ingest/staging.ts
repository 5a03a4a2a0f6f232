import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../util/process.ts';

/**
 * Staging folders are named `<pid>-<random>`; those of processes that are gone (a crash, a kill) are
 * removed when a hub starts. Staging never holds anything the catalogue refers to.
 */
export async function sweepStaging(stagingDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(stagingDir);
  } catch {
    return [];
  }
  const dead = names.filter((n) => {
    const pid = Number(n.split('-')[0]);
    return !Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && !isProcessAlive(pid));
  });
  await Promise.all(dead.map((n) => rm(join(stagingDir, n), { recursive: true, force: true })));
  return dead;
}
