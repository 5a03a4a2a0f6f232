import { expect, it } from 'vitest';
import { listMigrations, migrate, schemaVersion } from '../../src/db/index.ts';
import { withDb } from '../support/with-db.ts';

withDb(
  'the migration chain',
  (ctx) => {
    it('migrates an empty schema to the newest version', async () => {
      const newest = (await listMigrations()).at(-1)?.version;
      const result = await migrate(ctx.db);
      expect(result.applied.length).toBeGreaterThan(0);
      expect(result.version).toBe(newest);
      expect(await schemaVersion(ctx.db)).toBe(newest);
    });

    it('applies nothing the second time', async () => {
      const result = await migrate(ctx.db);
      expect(result.applied).toEqual([]);
    });

    it('seeds the Copernicus collections', async () => {
      const r = await ctx.db.query<{ name: string }>('SELECT name FROM collections ORDER BY name');
      expect(r.rows.map((x) => x.name)).toEqual(['COP-DEM', 'SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P', 'SENTINEL-6']);
    });

    it('keeps microseconds of timestamps as ISO strings in UTC', async () => {
      const r = await ctx.db.query<{ t: string }>(`SELECT '2021-08-09T17:39:53.123456+02:00'::timestamptz AS t`);
      expect(r.rows[0]?.t).toBe('2021-08-09T15:39:53.123456Z');
    });
  },
  { migrated: false },
);
