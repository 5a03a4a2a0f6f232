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
 *   - one whole stored file: eohub `Nodes(...)/$value` vs nginx serving that file.
 * Each figure is the best of up to `--runs` runs, each bounded by `--seconds`. nginx is Debian's
 * `nginx-light`; when it is missing the bench installs it if run as root, otherwise it reports eohub
 * alone. Options: --size 1G --files 8 --clients 100 --range 10M --runs 3 --seconds 120.
 * Loopback only; everything is removed at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomFillSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
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

interface Measure {
  label: string;
  eohubMBps: number | null;
  nginxMBps: number | null;
}

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
async function curl(args: string[], seconds: number): Promise<{ bytes: number; seconds: number } | null> {
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

async function best(runs: number, once: () => Promise<{ bytes: number; seconds: number } | null>): Promise<number | null> {
  let top: number | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await once();
    if (!r) continue;
    const mbps = r.bytes / MiB / r.seconds;
    top = top === null ? mbps : Math.max(top, mbps);
  }
  return top;
}

async function wholeDownload(url: string, seconds: number): Promise<{ bytes: number; seconds: number } | null> {
  return curl(['-o', '/dev/null', url], seconds);
}

async function rangedDownloads(
  url: string,
  dir: string,
  o: { clients: number; rangeBytes: number; sizeBytes: number; seconds: number },
): Promise<{ bytes: number; seconds: number } | null> {
  const lines: string[] = [];
  for (let i = 0; i < o.clients; i++) {
    const span = Math.min(o.rangeBytes, o.sizeBytes);
    const start = Math.floor(Math.random() * (o.sizeBytes - span + 1));
    if (i > 0) lines.push('next');
    lines.push(`url = "${url}"`, `range = ${start}-${start + span - 1}`, 'output = "/dev/null"');
  }
  const config = join(dir, `ranges-${randomUUID()}.curlrc`);
  await writeFile(config, `${lines.join('\n')}\n`);
  return curl(['--parallel', '--parallel-max', String(o.clients), '-K', config], o.seconds);
}

/** nginx-light from Debian: found, installed when we are root, or null. */
function findNginx(): string | null {
  const path = '/usr/sbin/nginx';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) return null;
  process.stdout.write('nginx is missing; installing nginx-light (apt-get)\n');
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], { stdio: 'ignore', timeout: 300_000 });
  return r.status === 0 && existsSync(path) ? path : null;
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

export async function runDownloadBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string', default: '1G' },
      files: { type: 'string', default: '8' },
      clients: { type: 'string', default: '100' },
      range: { type: 'string', default: '10M' },
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '120' },
    },
  });
  const sizeBytes = parseSize(values.size);
  const fileCount = Math.max(1, Number(values.files));
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
    const config = loadConfig({ env: {}, overrides: { dataDir: join(dir, 'hub'), demo: { onEmptyStart: false } } });
    hub = await buildHub(config, { log: pino({ level: 'silent' }) });
    const store = hub.deps.stores.primary;
    const name = `S2B_MSIL1C_20250101T000000_N0511_R000_T00AAA_${Date.now()}.SAFE`;
    const prefix = productPrefix({ mission: 'Sentinel-2', instrument: 'MSI', productType: 'L1C' }, '2025-01-01T00:00:00Z', name);
    const id = randomUUID();

    process.stdout.write(`writing a ${(sizeBytes / MiB).toFixed(0)} MiB product in ${fileCount} files\n`);
    const seed = randomFillSync(Buffer.alloc(MiB));
    const upload = await store.beginProductUpload(prefix, id);
    const files: ProductFile[] = [];
    for (let i = 0; i < fileCount; i++) {
      const part = Math.floor(sizeBytes / fileCount) + (i < sizeBytes % fileCount ? 1 : 0);
      const hasher = await HashingStream.create();
      const path = `GRANULE/L1C_T00AAA/IMG_DATA/B${String(i + 1).padStart(2, '0')}.jp2`;
      await upload.put(path, fillerStream(part, seed).pipe(hasher));
      const d = hasher.digests();
      files.push({ path, sizeBytes: part, md5: d.md5, blake3: d.blake3, crc32: d.crc32, mediaType: 'image/jp2', role: 'data' });
    }
    await upload.commit();

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
    const biggest = files[0] as ProductFile;
    await pipeline(await store.get(`${prefix}/${biggest.path}`), createWriteStream(join(nginxRoot, 'file.jp2')));

    const now = new Date().toISOString();
    await insertProduct(hub.deps.db, {
      id,
      name,
      collection: 'SENTINEL-2',
      contentType: 'application/zip',
      contentLength: pkg.sizeBytes,
      originDate: now,
      publicationDate: now,
      sensingStart: '2025-01-01T00:00:00Z',
      sensingEnd: '2025-01-01T00:00:00Z',
      footprint: null,
      storage: { store: store.name, path: prefix },
      checksums: [
        { algorithm: 'MD5', value: pkg.md5, date: now },
        { algorithm: 'BLAKE3', value: pkg.blake3, date: now },
      ],
      attributes: {},
      files,
      warnings: [],
    });

    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}/odata/v1/Products(${id})`;
    const fileUrl = `${base}/${[name, ...biggest.path.split('/')].map((s) => `Nodes(${s})`).join('/')}/$value`;

    process.stdout.write('measuring over loopback\n');
    const nginxBin = findNginx();
    let nginxBase: string | null = null;
    if (nginxBin) {
      const port = await freePort();
      await mkdir(join(dir, 'nginx'), { recursive: true });
      nginx = await startNginx(nginxBin, join(dir, 'nginx'), nginxRoot, port);
      nginxBase = `http://127.0.0.1:${port}`;
    } else {
      process.stdout.write('nginx-light is not installed (run as root to let the bench install it): eohub figures only\n');
    }

    const rangeOpts = { clients, rangeBytes, sizeBytes: pkg.sizeBytes, seconds };
    const measures: Measure[] = [
      {
        label: `whole product (${(pkg.sizeBytes / MiB).toFixed(0)} MiB zip), 1 client`,
        eohubMBps: await best(runs, () => wholeDownload(`${base}/$value`, seconds)),
        nginxMBps: nginxBase ? await best(runs, () => wholeDownload(`${nginxBase}/package.zip`, seconds)) : null,
      },
      {
        label: `${clients} concurrent ${(rangeBytes / MiB).toFixed(0)} MiB ranges of the zip`,
        eohubMBps: await best(runs, () => rangedDownloads(`${base}/$value`, dir, rangeOpts)),
        nginxMBps: nginxBase ? await best(runs, () => rangedDownloads(`${nginxBase}/package.zip`, dir, rangeOpts)) : null,
      },
      {
        label: `one stored file (${(biggest.sizeBytes / MiB).toFixed(0)} MiB), 1 client`,
        eohubMBps: await best(runs, () => wholeDownload(fileUrl, seconds)),
        nginxMBps: nginxBase ? await best(runs, () => wholeDownload(`${nginxBase}/file.jp2`, seconds)) : null,
      },
    ];
    const fmt = (x: number | null): string => (x === null ? '–' : x.toFixed(0));
    const rows = [
      '| download | eohub MiB/s | nginx MiB/s | eohub / nginx |',
      '|---|---|---|---|',
      ...measures.map(
        (m) =>
          `| ${m.label} | ${fmt(m.eohubMBps)} | ${fmt(m.nginxMBps)} | ${m.eohubMBps !== null && m.nginxMBps ? (m.eohubMBps / m.nginxMBps).toFixed(2) : '–'} |`,
      ),
      `| zip on the fly in process (no HTTP) | ${zipMBps.toFixed(0)} | – | – |`,
    ];
    const machine = {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? '?',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    process.stdout.write(`\nmachine: ${JSON.stringify(machine)}\n\n${rows.join('\n')}\n`);
    await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
    const file = join(import.meta.dirname, 'results', `download-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    const options = { sizeBytes, fileCount, clients, rangeBytes, runs, seconds };
    await writeFile(
      file,
      `${JSON.stringify({ bench: 'download', started: started.toISOString(), machine, options, zipMBps, measures }, null, 2)}\n`,
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
