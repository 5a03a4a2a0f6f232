/**
 * `npm run bench -- search`: the STAC API over HTTP, as a client sees it. The catalogue is the catalog
 * benchmark's (performance.md's mix, loaded by `eohub catalog load`'s code), the hub is built by
 * buildHub exactly as `eohub serve` builds it and listens on loopback; five representative STAC
 * searches are timed one client at a time (p50/p95/p99 over keep-alive connections) and then driven by
 * 16 concurrent clients with autocannon for a fixed time (requests/s, with every non-2xx counted).
 *
 *   --sizes 100000,1000000     catalogue sizes (cumulative steps)
 *   --backends postgres,pglite --pglite-max 100000
 *   --runs 60                  timed requests per search, single client
 *   --seconds 10               duration of each 16-client run
 *   --warmup 5                 seconds of the same 16-client load before each measured run, not counted
 *   --url postgres://...       the bench database (bench/README.md)
 *   --processes 1,2            on PostgreSQL, serve through `eohub serve --processes N`, a child process
 *                              started on the loaded catalogue as an operator starts it (PGlite: the hub
 *                              runs inside this process, which holds the embedded database)
 *   --load-generator wrk       the 16 clients: wrk (Debian's, the default when installed or installable)
 *                              or autocannon (bench/load-generators.ts)
 *
 * Quotas are off: 16 clients from one address would otherwise meet the anonymous search limit (600 a
 * minute) within a second, and the bench measures searching, not refusing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadProductsFromFile } from '../src/catalog/index.ts';
import { loadConfig } from '../src/config/index.ts';
import type { Backend, Db } from '../src/db/index.ts';
import { createRandom, type Random } from '../src/demo/random.ts';
import { buildHub } from '../src/hub/index.ts';
import { parseSizes, writeSteps } from './catalog.ts';
import { drawSamples, percentiles, wrapLon, type Sample } from './catalog-queries.ts';
import { benchDatabaseUrl, openBenchDb } from './database.ts';
import { loadGenerator, type LoadGenerator, type LoadGeneratorName } from './load-generators.ts';
import { count, fmt } from './report.ts';

interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

interface HttpStats {
  label: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanFeatures: number;
  /** 16 concurrent clients. */
  requestsPerSecond?: number;
  non2xx?: number;
  /** The machine's 1-minute load average at the end of the 16-client run (other jobs share it). */
  loadAverage?: number;
}

export interface SearchStepResult {
  backend: Backend;
  size: number;
  /** Server processes (`eohub serve --processes N` on PostgreSQL); PGlite: 1, the hub inside the bench process. */
  processes?: number;
  searches: Record<string, HttpStats>;
}

function monthOf(start: string, months: number): string {
  const d = new Date(start.replace(' ', 'T').replace(/\+00$/, 'Z'));
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) - 1000);
  return `${from.toISOString()}/${to.toISOString()}`;
}

type Build = (r: Random, samples: readonly Sample[]) => HttpRequest;

/** The five searches, as STAC clients send them. (a) is the issue's target search. */
export const SEARCHES: Record<string, { label: string; build: Build; pages?: number }> = {
  a: {
    label: '(a) POST CQL2-JSON: S2 + 2°×2° bbox + 1 month + eo:cloud_cover < 20, newest 10',
    build: (r, s) => {
      const p = r.pick(s);
      return {
        method: 'POST',
        path: '/stac/search',
        body: {
          collections: ['SENTINEL-2'],
          bbox: [wrapLon(p.lon - 1), Math.max(-90, p.lat - 1), wrapLon(p.lon + 1), Math.min(90, p.lat + 1)],
          datetime: monthOf(p.start, 1),
          'filter-lang': 'cql2-json',
          filter: { op: '<', args: [{ property: 'eo:cloud_cover' }, 20] },
          sortby: [{ field: 'datetime', direction: 'desc' }],
          limit: 10,
        },
      };
    },
  },
  b: {
    label: '(b) GET CQL2-text grid:code equality, 10',
    build: (r, s) => {
      const tile = r.pick(s).tileId ?? '32TQM';
      return {
        method: 'GET',
        path: `/stac/search?limit=10&filter-lang=cql2-text&filter=${encodeURIComponent(`"grid:code" = 'MGRS-${tile}'`)}`,
      };
    },
  },
  c: {
    label: '(c) GET items of S2 over Europe, newest 100',
    build: () => ({ method: 'GET', path: '/stac/collections/SENTINEL-2/items?bbox=-25,34,45,72&sortby=-datetime&limit=100' }),
  },
  d: {
    label: '(d) page 50 of S2, 3 months, newest first (following next links)',
    pages: 50,
    build: (r, s) => ({
      method: 'GET',
      path: `/stac/search?collections=SENTINEL-2&datetime=${encodeURIComponent(monthOf(r.pick(s).start, 3))}&sortby=-datetime&limit=10`,
    }),
  },
  e: {
    label: '(e) GET 10 ids',
    build: (r, s) => ({
      method: 'GET',
      path: `/stac/search?ids=${Array.from({ length: 10 }, () => encodeURIComponent(r.pick(s).name)).join(',')}`,
    }),
  },
};

interface FeatureCollection {
  features?: unknown[];
  links?: Array<{ rel: string; href: string; method?: string; body?: unknown }>;
}

async function send(base: string, req: HttpRequest): Promise<FeatureCollection> {
  const res = await fetch(base + req.path, {
    method: req.method,
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${req.method} ${req.path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as FeatureCollection;
}

/** The request of the next page, from the `next` link of a page. */
function nextOf(page: FeatureCollection, base: string): HttpRequest | undefined {
  const next = page.links?.find((l) => l.rel === 'next');
  if (!next) return undefined;
  const path = next.href.startsWith(base) ? next.href.slice(base.length) : new URL(next.href).pathname + new URL(next.href).search;
  return next.method === 'POST' ? { method: 'POST', path, body: next.body } : { method: 'GET', path };
}

async function timeSearch(base: string, key: string, samples: readonly Sample[], runs: number, budgetMs: number): Promise<HttpStats> {
  const s = SEARCHES[key];
  if (!s) throw new Error(`no search ${key}`);
  const r = createRandom(`search-bench-${key}`);
  const times: number[] = [];
  let features = 0;
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < runs + 2 && Date.now() < deadline; i++) {
    let req: HttpRequest | undefined = s.build(r, samples);
    for (let page = 1; page < (s.pages ?? 1) && req; page++) req = nextOf(await send(base, req), base);
    if (!req) continue; // fewer pages than asked for: draw again
    const t = performance.now();
    const page = await send(base, req);
    const ms = performance.now() - t;
    if (i < 2) continue;
    times.push(ms);
    features += page.features?.length ?? 0;
  }
  return { label: s.label, ...percentiles(times), meanFeatures: features / Math.max(1, times.length) };
}

/**
 * Requests/s of one search (page 1 for (d)) with 16 clients: 500 requests drawn up front, through which
 * each connection cycles (bench/load-generators.ts). The same load runs `warmup` seconds first, uncounted,
 * so that the figure is of a server in its steady state (compiled code, pools and statements ready), not of
 * its first seconds.
 */
async function throughput(
  gen: LoadGenerator,
  base: string,
  key: string,
  samples: readonly Sample[],
  seconds: number,
  warmup: number,
): Promise<{ rps: number; non2xx: number; loadAverage: number }> {
  const s = SEARCHES[key];
  if (!s) throw new Error(`no search ${key}`);
  const r = createRandom(`search-throughput-${key}`);
  const requests = Array.from({ length: 500 }, () => {
    const q = s.build(r, samples);
    return { method: q.method, path: q.path, body: q.body === undefined ? undefined : JSON.stringify(q.body) };
  });
  if (warmup > 0) await gen.run(base, requests, 16, warmup);
  const result = await gen.run(base, requests, 16, seconds);
  return { ...result, loadAverage: loadavg()[0] ?? 0 };
}

export function printSearchTables(results: readonly SearchStepResult[]): void {
  const out: string[] = [];
  for (const r of results) {
    out.push(
      '',
      `${r.backend}, ${count(r.size)} products, ${r.processes ?? 1} server process(es): p50 / p95 / p99 in ms, one client (mean features); requests/s with 16 clients (load average)`,
      '',
      '| search | latency | 16 clients |',
      '|---|---|---|',
      ...Object.values(r.searches).map(
        (q) =>
          `| ${q.label} | ${fmt(q.p50Ms)} / ${fmt(q.p95Ms)} / ${fmt(q.p99Ms)} (${q.meanFeatures.toFixed(0)}) | ${
            q.requestsPerSecond === undefined
              ? '–'
              : `${Math.round(q.requestsPerSecond)}${q.non2xx ? ` (${q.non2xx} non-2xx)` : ''}${q.loadAverage === undefined ? '' : ` (${q.loadAverage.toFixed(1)})`}`
          } |`,
      ),
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `eohub serve --processes N` on the bench database, as an operator starts it; resolves once it answers. */
async function startServe(url: string, schema: string, processes: number): Promise<{ base: string; child: ChildProcess }> {
  const port = await new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port; // listening on TCP: an AddressInfo
      srv.close(() => resolve(port));
    });
  });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EOHUB_') && k !== 'DATABASE_URL'));
  const child = spawn(
    process.execPath,
    [
      join(import.meta.dirname, '..', 'bin', 'eohub.js'),
      'serve',
      '--no-demo',
      '--processes',
      String(processes),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...env,
        DATABASE_URL: url,
        EOHUB_DATABASE_SCHEMA: schema,
        EOHUB_DATA_DIR: await mkdtemp(join(tmpdir(), 'eohub-bench-serve-')),
        EOHUB_ADMIN_PASSWORD: 'bench admin password',
        EOHUB_QUOTA_ENABLED: 'false',
        EOHUB_PORTAL_ENABLED: 'false',
        EOHUB_S3_ENABLED: 'false',
        EOHUB_JOBS_IN_PROCESS_WORKER: 'false',
        EOHUB_LOG_LEVEL: 'warn',
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`eohub serve --processes ${processes} exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/stac/conformance`).then(
      (r) => r.ok,
      () => false,
    );
    // Every process listening: the primary forks the others once the first listens; give them a moment.
    if (ok) {
      await new Promise((r) => setTimeout(r, 3000 * (processes - 1)));
      return { base, child };
    }
    if (Date.now() > deadline) throw new Error(`eohub serve --processes ${processes} did not answer in 120 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The hub built by buildHub as `eohub serve` builds it, in this process, on a database opened here. */
async function startInProcessHub(db: Db): Promise<{ base: string; close(): Promise<void> }> {
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir: await mkdtemp(join(tmpdir(), 'eohub-bench-hub-')),
      demo: { onEmptyStart: false },
      logLevel: 'silent',
      quotas: { enabled: false },
    },
  });
  const hub = await buildHub(config, { db, log: pino({ level: 'silent' }) });
  await hub.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`; // listening on TCP: an AddressInfo
  return { base, close: () => hub.close() };
}

async function stopServe(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function runSearches(
  gen: LoadGenerator,
  base: string,
  samples: readonly Sample[],
  runs: number,
  seconds: number,
  warmup: number,
): Promise<Record<string, HttpStats>> {
  const searches: Record<string, HttpStats> = {};
  for (const key of Object.keys(SEARCHES)) {
    const stats = await timeSearch(base, key, samples, key === 'd' ? Math.max(10, Math.round(runs / 3)) : runs, 60_000);
    const t = await throughput(gen, base, key, samples, seconds, warmup);
    searches[key] = { ...stats, requestsPerSecond: t.rps, non2xx: t.non2xx, loadAverage: t.loadAverage };
  }
  return searches;
}

export async function runSearchBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: 'string', default: '100000,1000000' },
      backends: { type: 'string', default: 'postgres,pglite' },
      'pglite-max': { type: 'string', default: '100000' },
      runs: { type: 'string', default: '60' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
      url: { type: 'string' },
      processes: { type: 'string', default: '1,2' },
      'load-generator': { type: 'string' },
    },
  });
  const sizes = parseSizes(values.sizes);
  const backends = values.backends.split(',') as Backend[];
  const runs = Number(values.runs);
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  if (!(seconds > 0) || !(warmup >= 0)) throw new Error('--seconds takes a positive number, --warmup zero or more');
  const pgliteMax = Number(values['pglite-max']);
  const processCounts = values.processes.split(',').map(Number);
  const wanted = values['load-generator'];
  if (wanted !== undefined && wanted !== 'wrk' && wanted !== 'autocannon') throw new Error('--load-generator: wrk or autocannon');
  const gen = loadGenerator(wanted as LoadGeneratorName | undefined);
  process.stderr.write(`load generator: ${gen.name}\n`);
  const started = new Date();
  const steps = await writeSteps(sizes);
  const url = backends.includes('postgres') ? await benchDatabaseUrl(values.url) : undefined;
  const results: SearchStepResult[] = [];
  const engines: Record<string, string> = {};
  for (const backend of backends) {
    const bench = await openBenchDb(backend, url, 'search');
    engines[backend] = bench.describe;
    // PGlite's database lives in this process, so its hub does too; PostgreSQL's is `eohub serve` below.
    const local = backend === 'pglite' ? await startInProcessHub(bench.db) : undefined;
    try {
      for (const step of steps) {
        if (backend === 'pglite' && step.size > pgliteMax) break;
        process.stderr.write(`${backend}: loading ${step.count} products to reach ${step.size}\n`);
        await loadProductsFromFile(bench.db, step.file, { format: 'stac', copyUrl: bench.url, batchSize: 1000 });
        const samples = await drawSamples(bench.db, 500);
        for (const processes of backend === 'postgres' ? processCounts : [1]) {
          let searches: Record<string, HttpStats>;
          // PostgreSQL: the server as deployed, not this process, which just loaded the catalogue.
          if (local) searches = await runSearches(gen, local.base, samples, runs, seconds, warmup);
          else {
            const serve = await startServe(bench.url ?? '', bench.db.schema, processes);
            try {
              searches = await runSearches(gen, serve.base, samples, runs, seconds, warmup);
            } finally {
              await stopServe(serve.child);
            }
          }
          const result = { backend, size: step.size, processes, searches };
          results.push(result);
          printSearchTables([result]);
        }
      }
    } finally {
      await local?.close();
      await bench.drop();
    }
  }
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    engines,
  };
  await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
  const file = join(import.meta.dirname, 'results', `search-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ bench: 'search', started: started.toISOString(), machine, loadGenerator: gen.name, sizes, runs, seconds, warmup, results }, null, 2)}\n`,
  );
  process.stdout.write(`\nreport: ${file}\n`);
}
