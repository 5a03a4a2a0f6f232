import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import type { TestProject } from 'vitest/node';
import { ensurePortalBuilt } from '../../src/portal/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Creates one PGlite data folder with PostGIS once per run (the slow part, ~15 s); each worker opens
 * its own copy of it (~4 s) and every suite in that worker gets a schema of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The portal's e2e tests and every hub serving `/` need web/dist; build it when missing or stale.
  await ensurePortalBuilt();
  const root = await mkdtemp(join(tmpdir(), 'eohub-test-'));
  const template = join(root, 'template');
  const pg = await PGlite.create({ dataDir: template, extensions: { postgis, btree_gist, unaccent } });
  await pg.exec(
    'CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS btree_gist; CREATE EXTENSION IF NOT EXISTS unaccent;',
  );
  await pg.close();
  project.provide('pgliteTemplate', template);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
