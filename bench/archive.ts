/**
 * `npm run bench -- archive`: restore throughput of the long-term archive, archive → online (MB/s), and
 * for comparison the archiving copy online → archive. One synthetic product of `--size` bytes in
 * `--files` files is written to the online store and registered; then, best of `--runs`: the archive
 * copy job, an eviction, an order and the restore job (both copies verified file by file, MD5 and
 * BLAKE3, as in production). Then the restored product is read back by its users' two paths, with curl as
 * the outside client for both: one file over the S3 access API (GetObject, SigV4 with an issued key) and
 * the same file over HTTP (`Nodes(...)/$value`), best of `--runs`, and their ratio. Options: --size 256M
 * --files 8 --runs 3. Loopback only; everything is removed at the end.
 */
import { execFile } from 'node:child_process';
import { randomFillSync, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { pino } from 'pino';
import { scopeFor } from '../src/access/index.ts';
import { evictProduct, placeOrders, runArchiveCopy, runRestore } from '../src/archive/index.ts';
import { listProductFiles, type ProductFile } from '../src/catalog/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildHub, type Hub } from '../src/hub/index.ts';
import { claimJob, completeJob, enqueueJob } from '../src/jobs/index.ts';
import { registerSyntheticProduct } from '../test/support/synthetic-product.ts';
import { fillerStream, parseSize } from './download.ts';

const MiB = 2 ** 20;
const OWNER = 'bench';
const ADMIN_PASSWORD = randomUUID();

/** MB/s of one download by curl (an outside client: it never shares the hub's event loop). */
async function curlMBps(args: string[]): Promise<number> {
  const { stdout } = await promisify(execFile)('curl', ['-sS', '--fail', '-o', '/dev/null', '-w', '%{size_download} %{time_total}', ...args]);
  const [bytes = 0, seconds = 1] = stdout.trim().split(' ').map(Number);
  if (bytes === 0) throw new Error(`curl read nothing: ${args.join(' ')}`);
  return bytes / 1e6 / seconds;
}

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
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: join(dir, 'hub'),
        demo: { onEmptyStart: false },
        auth: { adminPassword: ADMIN_PASSWORD },
        s3: { port: 0 },
        jobs: { inProcessWorker: false },
      },
    });
    hub = await buildHub(config, { log: pino({ level: 'silent' }) });
    const { db, stores, archive } = hub.deps;
    process.stdout.write(`writing a ${(sizeBytes / MiB).toFixed(0)} MiB product in ${fileCount} files\n`);
    const seed = randomFillSync(Buffer.alloc(MiB));
    const product = await registerSyntheticProduct(db, stores, {
      fileCount,
      fileBytes: (i) => Math.floor(sizeBytes / fileCount) + (i < sizeBytes % fileCount ? 1 : 0),
      content: (_i, size) => fillerStream(size, seed),
      packageChecksums: false,
    });
    const { id, name } = product;
    const prefix = product.storage.path;
    const files = await listProductFiles(db, id);

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
    // Read back by users: the same stored file over the S3 access API and over HTTP.
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    await hub.s3App.listen({ host: '127.0.0.1', port: 0 });
    const portOf = (app: Hub['app']): number => (app.server.address() as { port: number }).port;
    const file = files[0] as ProductFile;
    const { secretAccessKey, info } = await hub.deps.s3.keys.createKey('admin');
    const s3Url = `http://127.0.0.1:${portOf(hub.s3App)}/eodata/${prefix}/${file.path}`;
    const nodes = [name, ...file.path.split('/')].map((n) => `Nodes(${encodeURIComponent(n)})`).join('/');
    const httpUrl = `http://127.0.0.1:${portOf(hub.app)}/odata/v1/Products(${id})/${nodes}/$value`;
    const s3Args = ['--aws-sigv4', 'aws:amz:us-east-1:s3', '--user', `${info.accessKeyId}:${secretAccessKey}`, s3Url];
    const httpArgs = ['--user', `admin:${ADMIN_PASSWORD}`, httpUrl];
    // One untimed read each first: the first Basic sign-in costs a password hash, later ones are cached.
    await curlMBps(s3Args);
    await curlMBps(httpArgs);
    let s3MBps = 0;
    let httpMBps = 0;
    for (let i = 0; i < runs; i++) {
      s3MBps = Math.max(s3MBps, await curlMBps(s3Args));
      httpMBps = Math.max(httpMBps, await curlMBps(httpArgs));
      process.stdout.write(`read ${i + 1}/${runs}: S3 GetObject ${s3MBps.toFixed(0)} MB/s, HTTP ${httpMBps.toFixed(0)} MB/s (best so far)\n`);
    }
    const report = {
      bench: 'archive',
      started: started.toISOString(),
      machine: { cpus: cpus().length, backend: db.backend },
      sizeBytes,
      files: fileCount,
      runs,
      fileBytes: file.sizeBytes,
      results: { archiveCopyMBps: archiveMBps, restoreMBps, s3GetObjectMBps: s3MBps, httpFileMBps: httpMBps, s3ToHttp: s3MBps / httpMBps },
    };
    process.stdout.write(
      `\n| copy (verified MD5 + BLAKE3) | MB/s |\n|---|---|\n| online → archive | ${archiveMBps.toFixed(0)} |\n| archive → online (restore) | ${restoreMBps.toFixed(0)} |\n` +
        `\n| one ${(file.sizeBytes / MiB).toFixed(0)} MiB file, read by curl | MB/s |\n|---|---|\n| S3 GetObject | ${s3MBps.toFixed(0)} |\n` +
        `| HTTP Nodes $value | ${httpMBps.toFixed(0)} |\n| ratio S3 / HTTP | ${(s3MBps / httpMBps).toFixed(2)} |\n`,
    );
    await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
    await writeFile(join(import.meta.dirname, 'results', `archive-${started.toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
