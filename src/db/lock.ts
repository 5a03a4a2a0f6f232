import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '../errors/index.ts';
import { isProcessAlive } from '../util/process.ts';
import { DB_ERRORS } from './errors.ts';

/**
 * PGlite is an in-process database: two processes opening one data folder would corrupt it. A lock
 * file holding the owner's pid keeps a second process out with a clear message; a lock left by a dead
 * process is taken over.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'eohub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
        throw new HubError(
          DB_ERRORS.UNAVAILABLE,
          'unavailable',
          `the embedded database in ${dir} is in use by process ${pid}; stop it first, or point every process at one PostgreSQL server with DATABASE_URL`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new HubError(DB_ERRORS.UNAVAILABLE, 'unavailable', `could not lock ${dir}`);
}
