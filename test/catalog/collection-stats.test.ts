import { beforeAll, expect, it } from 'vitest';
import {
  attributeRange,
  collectionStats,
  distinctAttributeValues,
  listAttributeTypes,
  listFilesOfProducts,
  insertProduct,
  searchProducts,
} from '../../src/catalog/index.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { inList, prop } from '../../src/query/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

withDb('collection statistics, attribute types and files of several products', (ctx) => {
  const ids: string[] = [];
  beforeAll(async () => {
    const a = buildProduct({
      sensingStart: '2021-01-01T00:00:00Z',
      sensingEnd: '2021-01-01T00:00:10Z',
      attributes: { platformSerialIdentifier: { type: 'String', value: 'A' }, cloudCover: { type: 'Double', value: 3 } },
      files: [
        { path: 'x/a.xml', sizeBytes: 10, md5: 'a'.repeat(32), blake3: 'b'.repeat(64), mediaType: 'application/xml', role: 'metadata' },
        { path: 'x/0.jp2', sizeBytes: 2 ** 40, md5: 'c'.repeat(32), blake3: '', mediaType: 'image/jp2', role: 'data' },
      ],
    });
    const b = buildProduct({
      sensingStart: '2021-06-01T00:00:00Z',
      sensingEnd: null,
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [30, -5],
            [31, -5],
            [31, -4],
            [30, -4],
            [30, -5],
          ],
        ],
      },
      attributes: { platformSerialIdentifier: { type: 'String', value: 'B' }, cloudCover: { type: 'Double', value: 70 } },
    });
    for (const p of [a, b]) {
      await insertProduct(ctx.db, p);
      ids.push(p.id);
    }
  });

  it('computes count, bbox and time extent per collection, and leaves out collections without products', async () => {
    const stats = await collectionStats(ctx.db);
    expect(stats.get('SENTINEL-2')).toEqual({
      count: 2,
      bboxWgs84: [14, -5, 31, 46],
      start: expect.stringMatching(/^2021-01-01T00:00:00/),
      end: expect.stringMatching(/^2021-06-01T00:00:00/),
    });
    expect(stats.has('SENTINEL-6')).toBe(false);
  });

  it('lists distinct attribute values and the range of a numeric attribute', async () => {
    expect(await distinctAttributeValues(ctx.db, 'SENTINEL-2', ['platformSerialIdentifier', 'missing'])).toEqual({
      platformSerialIdentifier: ['A', 'B'],
      missing: [],
    });
    expect(await attributeRange(ctx.db, 'SENTINEL-2', 'cloudCover')).toEqual({ minimum: 3, maximum: 70 });
    expect(await attributeRange(ctx.db, 'SENTINEL-2', 'platformSerialIdentifier')).toBeNull();
  });

  it('lists the recorded attribute types of one collection or of all', async () => {
    expect(await listAttributeTypes(ctx.db, 'SENTINEL-2')).toMatchObject({ cloudCover: 'Double', platformSerialIdentifier: 'String' });
    expect(await listAttributeTypes(ctx.db, 'SENTINEL-1')).toEqual({});
  });

  it('lists the files of several products at once', async () => {
    const files = await listFilesOfProducts(ctx.db, ids);
    expect(files.get(ids[0] as string)?.map((f) => f.path)).toEqual(['x/0.jp2', 'x/a.xml']);
    expect(files.has(ids[1] as string)).toBe(false);
    expect((await listFilesOfProducts(ctx.db, [])).size).toBe(0);
  });

  it('reads the files of a page of search results in the search statement itself, exactly as listFilesOfProducts lists them', async () => {
    const page = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter: inList(prop('id'), ids), limit: 10, withFiles: true });
    const listed = await listFilesOfProducts(ctx.db, ids);
    expect(page.products.map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(page.files?.get(ids[0] as string)).toEqual(listed.get(ids[0] as string));
    expect(page.files?.get(ids[0] as string)?.[0]).toEqual({
      path: 'x/0.jp2',
      sizeBytes: 2 ** 40,
      md5: 'c'.repeat(32),
      blake3: '',
      mediaType: 'image/jp2',
      role: 'data',
    });
    expect(page.files?.get(ids[1] as string)).toEqual([]);
    const without = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter: inList(prop('id'), ids), limit: 10 });
    expect(without.files).toBeUndefined();
  });
});
