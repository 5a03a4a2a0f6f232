/**
 * `npm run bench -- archive`: restore throughput of the long-term archive, archive → online (MB/s), and
 * for comparison the archiving copy online → archive. One synthetic product of `--size` bytes in
 * `--files` files is written to the online store and registered; then, best of `--runs`: the archive
 * copy job, an eviction, an order and the restore job (both copies verified file by file, MD5 and
 * BLAKE3, as in production). Options: --size 256M --files 8 --runs 3. Everything is removed at the end.
 * (The S3 GetObject figure beside direct HTTP belongs with the S3 access API.)
 */
import { randomFillSync, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { scopeFor } from '../src/access/index.ts';
import { evictProduct, placeOrders, runArchiveCopy, runRestore } from '../src/archive/index.ts';
import { insertProduct, type ProductFile } from '../src/catalog/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildHub, type Hub } from '../src/hub/index.ts';
import { HashingStream } from '../src/ingest/index.ts';
import { claimJob, completeJob, enqueueJob } from '../src/jobs/index.ts';
import { productPrefix } from '../src/storage/index.ts';
import { fillerStream, parseSize } from './download.ts';

const MiB = 2 ** 20;
const OWNER = 'bench';

export async function runArchiveBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { size: { type: 'string', default: '256M' }, files: { type: 'string', default: '8' }, runs: { type: 'string', default: '3' } },
  });
  const sizeBytes = parseSize(values.size);
  const fileCount = Math.max(1, Number(values.files));
  const runs = Math.max(1, Number(values.runs));
  const started = new Date();
  const dir = await mkdtemp(join(tmpdir(), 'eohub-bench-archive-'));
  let hub: Hub | undefined;
  try {
    const config = loadConfig({ env: {}, overrides: { dataDir: join(dir, 'hub'), demo: { onEmptyStart: false } } });
    hub = await buildHub(config, { log: pino({ level: 'silent' }) });
    const { db, stores, archive } = hub.deps;
    const name = `S2B_MSIL1C_20250101T000000_N0511_R000_T00AAA_${Date.now()}.SAFE`;
    const prefix = productPrefix({ mission: 'Sentinel-2', instrument: 'MSI', productType: 'L1C' }, '2025-01-01T00:00:00Z', name);
    const id = randomUUID();
    process.stdout.write(`writing a ${(sizeBytes / MiB).toFixed(0)} MiB product in ${fileCount} files\n`);
    const seed = randomFillSync(Buffer.alloc(MiB));
    const upload = await stores.primary.beginProductUpload(prefix, id);
    const files: ProductFile[] = [];
    for (let i = 0; i < fileCount; i++) {
      const part = Math.floor(sizeBytes / fileCount) + (i < sizeBytes % fileCount ? 1 : 0);
      const hasher = await HashingStream.create();
      const path = `GRANULE/B${String(i + 1).padStart(2, '0')}.jp2`;
      await upload.put(path, fillerStream(part, seed).pipe(hasher));
      const d = hasher.digests();
      files.push({ path, sizeBytes: part, md5: d.md5, blake3: d.blake3, crc32: d.crc32, mediaType: 'image/jp2', role: 'data' });
    }
    await upload.commit();
    const now = new Date().toISOString();
    await insertProduct(db, {
      id,
      name,
      collection: 'SENTINEL-2',
      contentType: 'application/zip',
      contentLength: sizeBytes,
      originDate: now,
      publicationDate: now,
      sensingStart: null,
      sensingEnd: null,
      footprint: null,
      storage: { store: stores.primary.name, path: prefix },
      checksums: [],
      attributes: {},
      files,
      warnings: [],
    });

    /** Runs one job of this kind now, in this process, and times it. */
    const timed = async (kind: string, run: typeof runRestore): Promise<number> => {
      const job = await claimJob(db, [kind], OWNER, 3_600_000);
      if (!job) throw new Error(`no ${kind} job`);
      const t0 = process.hrtime.bigint();
      await run(archive, job, { owner: OWNER, signal: new AbortController().signal });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await completeJob(db, job.id, OWNER, null);
      return sizeBytes / 1e6 / seconds;
    };
    let archiveMBps = 0;
    let restoreMBps = 0;
    for (let i = 0; i < runs; i++) {
      await db.query(`DELETE FROM jobs`);
      await db.query(`DELETE FROM product_copies WHERE tier = 'archive'`);
      await stores.archive.deletePrefix(prefix);
      await enqueueJob(db, { kind: 'archive.copy', payload: { productId: id } });
      archiveMBps = Math.max(archiveMBps, await timed('archive.copy', runArchiveCopy));
      await evictProduct(archive, id);
      await placeOrders(archive, scopeFor({ kind: 'user', id: 'bench', username: 'bench', roles: [], groups: [] }, [], 'public'), { productIds: [id] });
      restoreMBps = Math.max(restoreMBps, await timed('archive.restore', runRestore));
      await db.query(`DELETE FROM orders`);
      process.stdout.write(`run ${i + 1}/${runs}: archive ${archiveMBps.toFixed(0)} MB/s, restore ${restoreMBps.toFixed(0)} MB/s (best so far)\n`);
    }
    const report = {
      bench: 'archive',
      started: started.toISOString(),
      machine: { cpus: cpus().length, backend: db.backend },
      sizeBytes,
      files: fileCount,
      runs,
      results: { archiveCopyMBps: archiveMBps, restoreMBps },
    };
    process.stdout.write(
      `\n| copy (verified MD5 + BLAKE3) | MB/s |\n|---|---|\n| online → archive | ${archiveMBps.toFixed(0)} |\n| archive → online (restore) | ${restoreMBps.toFixed(0)} |\n`,
    );
    await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
    await writeFile(join(import.meta.dirname, 'results', `archive-${started.toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
