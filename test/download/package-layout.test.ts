import { crc32 } from 'node:zlib';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { productZip, readZipRange, zipLayout, type ZipLayoutEntry } from '../../src/storage/product-zip.ts';
import { readAll, unzipAll } from './helpers.ts';

/** The package writer (src/storage/product-zip.ts), judged by yazl's bytes and yauzl's reading. */

interface MemFile {
  path: string;
  data: Buffer;
}

const files = (list: MemFile[]): Array<ZipLayoutEntry & { open: () => Readable }> =>
  list.map((f) => ({ path: f.path, sizeBytes: f.data.length, crc32: crc32(f.data), open: () => Readable.from([f.data]) }));

/** What ingest produced before this writer: yazl, stored entries, fixed mtime, in UTC. */
async function yazlZip(list: MemFile[]): Promise<Buffer> {
  const previous = process.env['TZ'];
  process.env['TZ'] = 'UTC';
  try {
    const zip = new yazl.ZipFile();
    const sorted = [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of sorted) {
      zip.addReadStream(Readable.from([f.data]), f.path, { mtime: new Date(Date.UTC(2000, 0, 1)), mode: 0o100644, compress: false, size: f.data.length });
    }
    zip.end();
    const out = new PassThrough();
    zip.outputStream.pipe(out);
    return await readAll(out);
  } finally {
    if (previous === undefined) delete process.env['TZ'];
    else process.env['TZ'] = previous;
  }
}

const SAMPLE: MemFile[] = [
  { path: 'P.SAFE/manifest.safe', data: Buffer.from('<xfdu/>\n') },
  { path: 'P.SAFE/GRANULE/T1/IMG_DATA/B02.jp2', data: Buffer.alloc(70_000, 7) },
  { path: 'P.SAFE/GRANULE/T1/MTD_TL.xml', data: Buffer.from('<tile/>') },
  { path: 'P.SAFE/empty.txt', data: Buffer.alloc(0) },
  { path: 'P.SAFE/ünïcode name (1).txt', data: Buffer.from('é') },
];

const memFile = fc.record({
  path: fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}(\/[A-Za-z0-9_. ()-]{1,12}){0,3}$/).filter((p) => !p.split('/').some((s) => s === '..' || s === '.')),
  data: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
});
const memFiles = fc.uniqueArray(memFile, { minLength: 1, maxLength: 8, selector: (f) => f.path });

describe('the product package layout', () => {
  it('writes exactly the bytes yazl wrote at ingest, so earlier checksums stay true', async () => {
    const ours = await readAll(productZip(files(SAMPLE)).stream);
    expect(ours.equals(await yazlZip(SAMPLE))).toBe(true);
    expect(zipLayout(files(SAMPLE)).sizeBytes).toBe(ours.length);
  });

  it('matches yazl for random file sets', async () => {
    await fc.assert(
      fc.asyncProperty(memFiles, async (list) => {
        expect((await readAll(productZip(files(list)).stream)).equals(await yazlZip(list))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('gives a zip that yauzl reads back file by file', async () => {
    const entries = await unzipAll(await readAll(productZip(files(SAMPLE)).stream));
    expect([...entries.keys()].sort()).toEqual(SAMPLE.map((f) => f.path).sort());
    for (const f of SAMPLE) expect(entries.get(f.path)?.equals(f.data), f.path).toBe(true);
  });

  it('serves every range as the same slice of the whole package, reading only the files it covers', async () => {
    const list = files(SAMPLE);
    const layout = zipLayout(list);
    const whole = await readAll(productZip(list).stream);
    await fc.assert(
      fc.asyncProperty(fc.nat(layout.sizeBytes - 1), fc.nat(layout.sizeBytes - 1), async (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const opened: number[] = [];
        const part = await readAll(
          readZipRange(layout, start, end, async (index, from, to) => {
            opened.push(index);
            const data = SAMPLE.find((f) => f.path === layout.entries[index]?.path)?.data ?? Buffer.alloc(0);
            expect(from).toBeGreaterThanOrEqual(0);
            expect(to).toBeLessThan(data.length);
            return Readable.from([data.subarray(from, to + 1)]);
          }),
        );
        expect(part.equals(whole.subarray(start, end + 1))).toBe(true);
        for (const i of opened) {
          const seg = layout.segments.find((s) => s.kind === 'file' && s.entry === i);
          expect(seg && seg.start <= end && seg.start + seg.length > start).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('switches an entry to zip64 past 0xfffffffe bytes and the end records past 4 GiB, without reading data', () => {
    const big: ZipLayoutEntry[] = [
      { path: 'P/a.bin', sizeBytes: 5_000_000_000, crc32: 0x12345678 },
      { path: 'P/b.bin', sizeBytes: 10, crc32: 1 },
    ];
    const layout = zipLayout(big);
    const headers = layout.segments.filter((s) => s.kind === 'header');
    // local a, descriptor a (zip64: 24), local b, descriptor b (zip64 by offset: 24), 2 central, end records
    expect(headers.map((s) => s.length)).toEqual([30 + 7, 24, 30 + 7, 24, 46 + 7 + 9 + 28, 46 + 7 + 9 + 28, 56 + 20 + 22]);
    const central = headers[4]?.render() as Buffer;
    expect(central.readUInt32LE(20)).toBe(0xffffffff);
    expect(central.readUInt16LE(6)).toBe(45);
    expect(central.readBigUInt64LE(46 + 7 + 9 + 4)).toBe(5_000_000_000n);
    const end = headers[6]?.render() as Buffer;
    expect(end.readUInt32LE(0)).toBe(0x06064b50);
    const cdStart = (headers[4] as { start: number }).start;
    expect(end.readBigUInt64LE(48)).toBe(BigInt(cdStart));
    expect(end.readUInt32LE(56)).toBe(0x07064b50);
    expect(end.readUInt32LE(76 + 16)).toBe(0xffffffff);
    expect(layout.sizeBytes).toBe(cdStart + 2 * (46 + 7 + 9 + 28) + 98);
  });

  it('refuses paths that would escape the package', () => {
    for (const path of ['../x', '/abs', 'a/../b', 'a\\b', 'dir/']) {
      expect(() => zipLayout([{ path, sizeBytes: 0, crc32: 0 }])).toThrow();
    }
  });
});
