import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/storage/index.ts';

/**
 * What every blob store promises (storage/blob-store.ts), run against each implementation: the
 * filesystem store and the S3 store on a real S3-compatible server.
 */
export function describeBlobStore(label: string, newStore: () => Promise<BlobStore>): void {
  describe(`${label} blob store`, () => {
    it('puts a stream and reads it back whole and by byte range', async () => {
      const store = await newStore();
      expect(await store.put('a/b/c.txt', Readable.from([Buffer.from('hello '), Buffer.from('world')]))).toBe(11);
      expect(await text(await store.get('a/b/c.txt'))).toBe('hello world');
      expect(await text(await store.get('a/b/c.txt', { start: 6, end: 10 }))).toBe('world');
      expect(await text(await store.get('a/b/c.txt', { start: 6, end: 1000 }))).toBe('world');
      expect((await store.head('a/b/c.txt'))?.sizeBytes).toBe(11);
    });

    it('answers range errors and missing objects with their kinds', async () => {
      const store = await newStore();
      await store.put('x', Readable.from([Buffer.from('abc')]));
      await expect(store.get('x', { start: 5, end: 9 })).rejects.toMatchObject({ code: 'STORAGE_INVALID_RANGE', kind: 'range' });
      await expect(store.get('nope')).rejects.toMatchObject({ code: 'STORAGE_NOT_FOUND', kind: 'not_found' });
      expect(await store.head('nope')).toBeNull();
    });

    it('refuses keys that escape the store', async () => {
      const store = await newStore();
      for (const key of ['../x', 'a/../../x', '/abs', 'a//b', '.incoming/x', 'a\\b']) {
        await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'STORAGE_INVALID_KEY' });
      }
    });

    it('lists by prefix in key order and deletes prefixes', async () => {
      const store = await newStore();
      for (const k of ['p/2.txt', 'p/1.txt', 'p/sub/3.txt', 'q/4.txt']) await store.put(k, Readable.from([Buffer.from(k)]));
      const keys: string[] = [];
      for await (const b of store.list('p')) keys.push(b.key);
      expect(keys).toEqual(['p/1.txt', 'p/2.txt', 'p/sub/3.txt']);
      await store.deletePrefix('p');
      const left: string[] = [];
      for await (const b of store.list('')) left.push(b.key);
      expect(left).toEqual(['q/4.txt']);
    });

    it('publishes a product upload only on commit, and never over an existing product', async () => {
      const store = await newStore();
      const up = await store.beginProductUpload('S/X.SAFE', 'u1');
      await up.put('manifest.safe', Readable.from([Buffer.from('<xfdu/>')]));
      expect(await store.head('S/X.SAFE/manifest.safe')).toBeNull();
      await up.commit();
      expect(await store.head('S/X.SAFE/manifest.safe')).not.toBeNull();

      const second = await store.beginProductUpload('S/X.SAFE', 'u2');
      await second.put('manifest.safe', Readable.from([Buffer.from('other')]));
      await expect(second.commit()).rejects.toMatchObject({ code: 'STORAGE_CONFLICT', kind: 'conflict' });
      await second.abort();
      expect(await text(await store.get('S/X.SAFE/manifest.safe'))).toBe('<xfdu/>');
    });

    it('completes a product beside the files its upload keeps (a restore beside kept quicklooks), and refuses any other file there', async () => {
      const store = await newStore();
      await store.put('S/Y.SAFE/preview/ql.png', Readable.from([Buffer.from('quicklook')]));
      const up = await store.beginProductUpload('S/Y.SAFE', 'u1', { keep: ['preview/ql.png'] });
      await up.put('manifest.safe', Readable.from([Buffer.from('<xfdu/>')]));
      await up.put('GRANULE/B01.jp2', Readable.from([Buffer.from('band')]));
      await up.commit();
      const keys: string[] = [];
      for await (const b of store.list('S/Y.SAFE')) keys.push(b.key);
      expect(keys).toEqual(['S/Y.SAFE/GRANULE/B01.jp2', 'S/Y.SAFE/manifest.safe', 'S/Y.SAFE/preview/ql.png']);
      expect(await text(await store.get('S/Y.SAFE/preview/ql.png'))).toBe('quicklook');

      await store.put('S/Z.SAFE/stray.txt', Readable.from([Buffer.from('x')]));
      const other = await store.beginProductUpload('S/Z.SAFE', 'u2', { keep: ['preview/ql.png'] });
      await other.put('manifest.safe', Readable.from([Buffer.from('<xfdu/>')]));
      await expect(other.commit()).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
      await other.abort();
      expect(await store.head('S/Z.SAFE/manifest.safe')).toBeNull();
      expect(await store.sweepUploads(() => false)).toEqual([]);
    });

    it('sweeps uploads that never committed', async () => {
      const store = await newStore();
      await (await store.beginProductUpload('A/1', 'dead')).put('f', Readable.from([Buffer.from('x')]));
      await (await store.beginProductUpload('A/2', 'live')).put('f', Readable.from([Buffer.from('x')]));
      expect(await store.sweepUploads((id) => id === 'live')).toEqual(['dead']);
    });
  });
}
