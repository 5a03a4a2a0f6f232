/**
 * `npm run bench -- download`: how fast eohub serves product downloads over loopback, side by side with
 * nginx serving the very same bytes as a static file from the same disk.
 *
 * One synthetic product of `--size` bytes in `--files` files is written to the hub's store and registered
 * (its CRC-32s, MD5 and BLAKE3 computed as ingest does). Its package is also written out once as a plain
 * zip file for nginx. Then, with curl as the outside client (so the client never shares the hub's event
 * loop):
 *   - zip on the fly in process: the package generated from the stored files and drained, no HTTP;
 *   - one whole download: eohub `Products(<id>)/$value` (zip on the fly) vs nginx `package.zip`;
 *   - `--clients` concurrent `--range`-byte ranged downloads at random offsets, both servers;
 *   - one whole stored file of `--file-size` (a one-file product of its own, so that curl's start-up
 *     does not dominate): eohub `Nodes(...)/$value` vs nginx serving that file.
 * eohub and nginx run alternately, `--runs` times each (each bounded by `--seconds`); the report gives
 * the median and the best of each, the server's CPU time per GiB sent (the hub is this process, nginx
 * its workers; less sensitive than throughput to other work on the machine) and the load average
 * before and after. Downloads are made by the admin (no quotas, but metered as any download). nginx is
 * Debian's `nginx-light`; when it is missing the bench installs it if run as root, otherwise it reports
 * eohub alone. Options: --size 1G --files 8 --file-size 1G --clients 100 --range 10M --runs 5 --seconds 120.
 * Loopback only; everything is removed at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomFillSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { insertProduct, type ProductFile } from '../src/catalog/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildHub, type Hub } from '../src/hub/index.ts';
import { HashingStream } from '../src/ingest/hashing.ts';
import { productPrefix } from '../src/storage/index.ts';
import { productZip, readZipRange, zipLayout } from '../src/storage/product-zip.ts';
import { debianTool } from './debian-tool.ts';

/** One side of a measure over its runs: throughput in MiB/s and the server's CPU ms per GiB sent. */
interface Side {
  medianMBps: number;
  bestMBps: number;
  cpuMsPerGiB: number;
  runs: number[];
}

interface Measure {
  label: string;
  eohub: Side | null;
  nginx: Side | null;
}

/** A download run: bytes received and wall seconds; null when it failed or ran out of time. */
type Run = { bytes: number; seconds: number } | null;

const ADMIN_PASSWORD = randomUUID();

const MiB = 2 ** 20;

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmgKMG]?)i?[bB]?$/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** Deterministic-enough filler: one random block, each MiB stamped with its index so no two are alike. */
export function fillerStream(sizeBytes: number, seed: Buffer): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= sizeBytes) return void this.push(null);
      const n = Math.min(MiB, sizeBytes - sent);
      const chunk = Buffer.from(seed.subarray(0, n));
      chunk.writeUInt32LE((sent / MiB) >>> 0, 0);
      sent += n;
      this.push(chunk);
    },
  });
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

/**
 * Runs curl (asynchronously: the hub answers from this very process); returns bytes received and wall
 * seconds, or null when it failed or ran out of time.
 */
async function curl(args: string[], seconds: number): Promise<Run> {
  const started = process.hrtime.bigint();
  const child = spawn('curl', ['-sf', '--max-time', String(seconds), '-w', '%{size_download}\\n', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  const [code] = (await once(child, 'close')) as [number | null];
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) return null;
  const bytes = out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .reduce((s, l) => s + Number(l), 0);
  return { bytes, seconds: wall };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** CPU time (user + system) of these processes so far, in ms, from /proc. */
function processCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a worker that exited
    }
  }
  // USER_HZ is 100 on Linux.
  return ticks * 10;
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs eohub and nginx alternately, `runs` times each, so that both meet the same moments of a busy
 * machine; `cpu` reads each server's CPU time.
 */
async function alternate(
  runs: number,
  eohub: () => Promise<Run>,
  nginx: (() => Promise<Run>) | null,
  cpu: { eohub: () => number; nginx: () => number },
): Promise<{ eohub: Side | null; nginx: Side | null }> {
  const acc = { eohub: { mbps: [] as number[], cpuMs: 0, bytes: 0 }, nginx: { mbps: [] as number[], cpuMs: 0, bytes: 0 } };
  const one = async (side: 'eohub' | 'nginx', run: () => Promise<Run>): Promise<void> => {
    const before = cpu[side]();
    const r = await run();
    const used = cpu[side]() - before;
    if (!r) return;
    acc[side].mbps.push(r.bytes / MiB / r.seconds);
    acc[side].cpuMs += used;
    acc[side].bytes += r.bytes;
  };
  for (let i = 0; i < runs; i++) {
    await one('eohub', eohub);
    if (nginx) await one('nginx', nginx);
  }
  const side = (a: { mbps: number[]; cpuMs: number; bytes: number }): Side | null =>
    a.mbps.length === 0
      ? null
      : { medianMBps: median(a.mbps), bestMBps: Math.max(...a.mbps), cpuMsPerGiB: (a.cpuMs / a.bytes) * 2 ** 30, runs: a.mbps };
  return { eohub: side(acc.eohub), nginx: nginx ? side(acc.nginx) : null };
}

async function wholeDownload(url: string, seconds: number, auth: string[] = []): Promise<Run> {
  return curl([...auth, '-o', '/dev/null', url], seconds);
}

async function rangedDownloads(
  url: string,
  dir: string,
  o: { clients: number; rangeBytes: number; sizeBytes: number; seconds: number; user?: string },
): Promise<Run> {
  const lines: string[] = [];
  for (let i = 0; i < o.clients; i++) {
    const span = Math.min(o.rangeBytes, o.sizeBytes);
    const start = Math.floor(Math.random() * (o.sizeBytes - span + 1));
    if (i > 0) lines.push('next');
    lines.push(`url = "${url}"`, `range = ${start}-${start + span - 1}`, 'output = "/dev/null"');
    // Per transfer: options given once (before -K, or only in the first block) apply to the first one only.
    if (o.user) lines.push(`user = "${o.user}"`);
    lines.push('write-out = "%{size_download}\\n"');
  }
  const config = join(dir, `ranges-${randomUUID()}.curlrc`);
  await writeFile(config, `${lines.join('\n')}\n`);
  return curl(['--parallel', '--parallel-max', String(o.clients), '-K', config], o.seconds);
}

async function startNginx(bin: string, dir: string, root: string, port: number): Promise<ChildProcess> {
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `worker_processes auto;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')};
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server { listen 127.0.0.1:${port}; root ${root}; location / { } }
}
`,
  );
  const child = spawn(bin, ['-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (await curl(['-o', '/dev/null', '-r', '0-0', `http://127.0.0.1:${port}/package.zip`], 2)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('nginx did not start');
}

/** nginx's worker processes (children of its master). */
function workerPids(masterPid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(masterPid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

interface WrittenProduct {
  id: string;
  prefix: string;
  files: ProductFile[];
}

/** Writes synthetic files as one product upload, hashed as ingest hashes them. */
async function writeProduct(hub: Hub, name: string, files: readonly { path: string; sizeBytes: number }[], seed: Buffer): Promise<WrittenProduct> {
  const store = hub.deps.stores.primary;
  const prefix = productPrefix({ mission: 'Sentinel-2', instrument: 'MSI', productType: 'L1C' }, '2025-01-01T00:00:00Z', name);
  const id = randomUUID();
  const upload = await store.beginProductUpload(prefix, id);
  const written: ProductFile[] = [];
  for (const f of files) {
    const hasher = await HashingStream.create();
    await upload.put(f.path, fillerStream(f.sizeBytes, seed).pipe(hasher));
    const d = hasher.digests();
    written.push({ path: f.path, sizeBytes: f.sizeBytes, md5: d.md5, blake3: d.blake3, crc32: d.crc32, mediaType: 'application/octet-stream', role: 'data' });
  }
  await upload.commit();
  return { id, prefix, files: written };
}

async function registerProduct(
  hub: Hub,
  p: WrittenProduct,
  o: { name: string; contentType: string; sizeBytes: number; md5: string; blake3: string },
): Promise<void> {
  const now = new Date().toISOString();
  await insertProduct(hub.deps.db, {
    id: p.id,
    name: o.name,
    collection: 'SENTINEL-2',
    contentType: o.contentType,
    contentLength: o.sizeBytes,
    originDate: now,
    publicationDate: now,
    sensingStart: '2025-01-01T00:00:00Z',
    sensingEnd: '2025-01-01T00:00:00Z',
    footprint: null,
    storage: { store: hub.deps.stores.primary.name, path: p.prefix },
    checksums: [
      { algorithm: 'MD5', value: o.md5, date: now },
      { algorithm: 'BLAKE3', value: o.blake3, date: now },
    ],
    attributes: {},
    files: p.files,
    warnings: [],
  });
}

export async function runDownloadBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string', default: '1G' },
      files: { type: 'string', default: '8' },
      'file-size': { type: 'string', default: '1G' },
      clients: { type: 'string', default: '100' },
      range: { type: 'string', default: '10M' },
      runs: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '120' },
    },
  });
  const sizeBytes = parseSize(values.size);
  const fileCount = Math.max(1, Number(values.files));
  const fileSizeBytes = parseSize(values['file-size']);
  const clients = Math.max(1, Number(values.clients));
  const rangeBytes = parseSize(values.range);
  const runs = Math.max(1, Number(values.runs));
  const seconds = Math.max(1, Number(values.seconds));
  const started = new Date();
  const dir = await mkdtemp(join(tmpdir(), 'eohub-bench-download-'));
  // nginx's workers run as an unprivileged user when the bench is root: let them read the served files.
  await chmod(dir, 0o755);
  let hub: Hub | undefined;
  let nginx: ChildProcess | undefined;
  try {
    const config = loadConfig({
      env: {},
      overrides: { dataDir: join(dir, 'hub'), demo: { onEmptyStart: false }, auth: { adminPassword: ADMIN_PASSWORD } },
    });
    hub = await buildHub(config, { log: pino({ level: 'silent' }) });
    const store = hub.deps.stores.primary;
    const seed = randomFillSync(Buffer.alloc(MiB));
    const name = `S2B_MSIL1C_20250101T000000_N0511_R000_T00AAA_${Date.now()}.SAFE`;
    process.stdout.write(`writing a ${(sizeBytes / MiB).toFixed(0)} MiB product in ${fileCount} files\n`);
    const sizes = Array.from({ length: fileCount }, (_, i) => Math.floor(sizeBytes / fileCount) + (i < sizeBytes % fileCount ? 1 : 0));
    const zipped = await writeProduct(hub, name, sizes.map((n, i) => ({ path: `GRANULE/L1C_T00AAA/IMG_DATA/B${String(i + 1).padStart(2, '0')}.jp2`, sizeBytes: n })), seed);
    const { prefix, id, files } = zipped;
    // A one-file product, served as the file itself: the stored-file measure at a size where curl's start-up is noise.
    const singleName = `S3A_OL_1_EFR____20250101T000000_${Date.now()}.nc`;
    process.stdout.write(`writing a ${(fileSizeBytes / MiB).toFixed(0)} MiB one-file product\n`);
    const single = await writeProduct(hub, singleName, [{ path: singleName, sizeBytes: fileSizeBytes }], seed);

    const entries = files.map((f) => ({ path: `${name}/${f.path}`, sizeBytes: f.sizeBytes, crc32: f.crc32 ?? 0 }));
    const layout = zipLayout(entries);
    const open = (index: number, start: number, end: number): Promise<Readable> =>
      store.get(`${prefix}/${(layout.entries[index]?.path ?? '').slice(name.length + 1)}`, { start, end });

    process.stdout.write('zip on the fly in process\n');
    // Zip on the fly in process: generated headers and stored file ranges, drained.
    let zipMBps = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      for await (const _ of readZipRange(layout, 0, layout.sizeBytes - 1, open)) {
        // drain
      }
      zipMBps = Math.max(zipMBps, layout.sizeBytes / MiB / (Number(process.hrtime.bigint() - t0) / 1e9));
    }

    process.stdout.write('writing the package for nginx\n');
    // The package once, hashed as ingest does and written out for nginx.
    const nginxRoot = join(dir, 'www');
    await mkdir(nginxRoot, { recursive: true });
    const hasher = await HashingStream.create();
    const zip = productZip(entries.map((e, i) => ({ ...e, open: () => open(i, 0, e.sizeBytes - 1) })));
    await pipeline(zip.stream, hasher, createWriteStream(join(nginxRoot, 'package.zip')));
    const pkg = hasher.digests();
    const big = single.files[0] as ProductFile;
    await pipeline(await store.get(`${single.prefix}/${big.path}`), createWriteStream(join(nginxRoot, 'file.nc')));
    await registerProduct(hub, zipped, { name, contentType: 'application/zip', sizeBytes: pkg.sizeBytes, md5: pkg.md5, blake3: pkg.blake3 });
    await registerProduct(hub, single, { name: singleName, contentType: 'application/x-netcdf', sizeBytes: big.sizeBytes, md5: big.md5 ?? '', blake3: big.blake3 ?? '' });

    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}/odata/v1/Products(${id})`;
    const fileUrl = `${base.replace(id, single.id)}/Nodes(${singleName})/$value`;
    const auth = ['--user', `admin:${ADMIN_PASSWORD}`];
    // The first Basic sign-in costs a password hash; later ones are cached.
    await curl([...auth, '-o', '/dev/null', '-r', '0-0', `${base}/$value`], seconds);

    process.stdout.write('measuring over loopback\n');
    const nginxBin = debianTool('/usr/sbin/nginx', 'nginx-light');
    let nginxBase: string | null = null;
    if (nginxBin) {
      const port = await freePort();
      await mkdir(join(dir, 'nginx'), { recursive: true });
      nginx = await startNginx(nginxBin, join(dir, 'nginx'), nginxRoot, port);
      nginxBase = `http://127.0.0.1:${port}`;
    } else {
      process.stdout.write('nginx-light is not installed (run as root to let the bench install it): eohub figures only\n');
    }

    const rangeOpts = { clients, rangeBytes, sizeBytes: pkg.sizeBytes, seconds, user: `admin:${ADMIN_PASSWORD}` };
    const nginxPids = nginx?.pid === undefined ? [] : workerPids(nginx.pid);
    const cpu = { eohub: ownCpuMs, nginx: () => processCpuMs(nginxPids) };
    const loadBefore = loadavg();
    const measures: Measure[] = [
      {
        label: `whole product (${(pkg.sizeBytes / MiB).toFixed(0)} MiB zip built on the fly), 1 client`,
        ...(await alternate(
          runs,
          () => wholeDownload(`${base}/$value`, seconds, auth),
          nginxBase ? () => wholeDownload(`${nginxBase}/package.zip`, seconds) : null,
          cpu,
        )),
      },
      {
        label: `${clients} concurrent ${(rangeBytes / MiB).toFixed(0)} MiB ranges of the zip`,
        ...(await alternate(
          runs,
          () => rangedDownloads(`${base}/$value`, dir, rangeOpts),
          nginxBase ? () => rangedDownloads(`${nginxBase}/package.zip`, dir, { ...rangeOpts, user: '' }) : null,
          cpu,
        )),
      },
      {
        label: `one stored file (${(big.sizeBytes / MiB).toFixed(0)} MiB), 1 client`,
        ...(await alternate(runs, () => wholeDownload(fileUrl, seconds, auth), nginxBase ? () => wholeDownload(`${nginxBase}/file.nc`, seconds) : null, cpu)),
      },
    ];
    const load = { before: loadBefore.map((x) => Number(x.toFixed(2))), after: loadavg().map((x) => Number(x.toFixed(2))) };
    const fmt = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(0));
    const ratio = (a: number | undefined, b: number | undefined): string => (a !== undefined && b ? (a / b).toFixed(2) : '–');
    const rows = [
      '| download | eohub MiB/s median (best) | nginx MiB/s median (best) | eohub / nginx, median (best) | server CPU ms per GiB, eohub / nginx |',
      '|---|---|---|---|---|',
      ...measures.map(
        ({ label, eohub: e, nginx: n }) =>
          `| ${label} | ${fmt(e?.medianMBps)} (${fmt(e?.bestMBps)}) | ${fmt(n?.medianMBps)} (${fmt(n?.bestMBps)}) | ` +
          `${ratio(e?.medianMBps, n?.medianMBps)} (${ratio(e?.bestMBps, n?.bestMBps)}) | ${fmt(e?.cpuMsPerGiB)} / ${fmt(n?.cpuMsPerGiB)} |`,
      ),
      `| zip on the fly in process (no HTTP), best | ${zipMBps.toFixed(0)} | – | – | – |`,
    ];
    const machine = {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? '?',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    process.stdout.write(`\nmachine: ${JSON.stringify(machine)}, load average before ${load.before.join(' ')}, after ${load.after.join(' ')}\n\n${rows.join('\n')}\n`);
    await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
    const file = join(import.meta.dirname, 'results', `download-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    const options = { sizeBytes, fileCount, fileSizeBytes, clients, rangeBytes, runs, seconds };
    await writeFile(
      file,
      `${JSON.stringify({ bench: 'download', started: started.toISOString(), machine, load, options, zipMBps, measures }, null, 2)}\n`,
    );
    process.stdout.write(`\nreport: ${file}\n`);
  } finally {
    if (nginx) {
      nginx.kill('SIGQUIT');
      await Promise.race([once(nginx, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    }
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
