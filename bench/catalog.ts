/**
 * `npm run bench -- catalog`: bulk registration rate and search latency as the catalogue grows from
 * 10 k to 100 k to 1 M products, on PostgreSQL (plain table, and partitioned for comparison) and PGlite.
 *
 * The data is `eohub demo --metadata-only` (performance.md's mix), written once as NDJSON in steps (the
 * first 10 k, the next 90 k, ...) and loaded step by step with loadProductsFromFile, exactly what
 * `eohub catalog load` runs; after each step every product of the step is looked up by name, then the
 * searches of catalog-queries.ts are timed. Options:
 *
 *   --sizes 10000,100000,1000000   catalogue sizes (cumulative steps)
 *   --backends postgres,pglite     --pglite-max 100000 (PGlite stops growing there)
 *   --variants plain,partitioned   (partitioned: PostgreSQL only)
 *   --runs 60                      timed runs per search;  --url postgres://...  the bench database
 *   --print bench/results/X.json   print the tables of an earlier report (for bench/README.md), run nothing
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadProductsFromFile, searchProducts } from '../src/catalog/index.ts';
import type { Backend, Db } from '../src/db/index.ts';
import { metadataOnlyLines } from '../src/demo/metadata-only.ts';
import { inList, prop } from '../src/query/index.ts';
import { drawSamples, QUERIES, throughput, timeQuery, type QueryStats } from './catalog-queries.ts';
import { benchDatabaseUrl, openBenchDb } from './database.ts';
import { partitionProducts } from './partitioned.ts';
import { printTables } from './report.ts';
import { INTERNAL_SEES_EVERYTHING } from '../src/access/index.ts';

export interface StepResult {
  backend: Backend;
  variant: 'plain' | 'partitioned';
  size: number;
  load: { products: number; seconds: number; productsPerSecond: number; method: string; failed: number };
  findable: number;
  queries: Record<string, QueryStats>;
  throughputA16?: number;
}

const SEED = 'bench';

/** `--sizes 10000,100000`: cumulative catalogue sizes, ascending. */
export function parseSizes(text: string): number[] {
  const sizes = text
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  if (sizes.some((s) => !Number.isSafeInteger(s) || s <= 0)) throw new Error('--sizes takes positive whole numbers');
  return sizes;
}

export async function runCatalogBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: 'string', default: '10000,100000,1000000' },
      backends: { type: 'string', default: 'postgres,pglite' },
      'pglite-max': { type: 'string', default: '100000' },
      variants: { type: 'string', default: 'plain,partitioned' },
      runs: { type: 'string', default: '60' },
      url: { type: 'string' },
      print: { type: 'string' },
    },
  });
  if (values.print !== undefined) {
    const report = JSON.parse(await readFile(values.print, 'utf8')) as { machine: Record<string, unknown>; results: StepResult[] };
    printTables(report.results, { header: true, machine: report.machine });
    return;
  }
  const sizes = parseSizes(values.sizes);
  const backends = values.backends.split(',') as Backend[];
  const variants = values.variants.split(',') as StepResult['variant'][];
  const runs = Number(values.runs);
  const pgliteMax = Number(values['pglite-max']);
  const started = new Date();
  const steps = await writeSteps(sizes);
  const url = backends.includes('postgres') ? await benchDatabaseUrl(values.url) : undefined;
  const results: StepResult[] = [];
  const engines: Record<string, string> = {};
  for (const backend of backends) {
    for (const variant of variants) {
      if (variant === 'partitioned' && backend !== 'postgres') continue;
      const bench = await openBenchDb(backend, url, variant);
      engines[backend] = bench.describe;
      try {
        if (variant === 'partitioned') await partitionProducts(bench.db);
        for (const step of steps) {
          if (backend === 'pglite' && step.size > pgliteMax) break;
          const r = await runStep(bench.db, bench.url, backend, variant, step, runs);
          results.push(r);
          printTables(results.filter((x) => x.backend === r.backend && x.variant === r.variant).slice(-1), { header: false });
        }
      } finally {
        await bench.drop();
      }
    }
  }
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    engines,
  };
  printTables(results, { header: true, machine });
  await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
  const file = join(import.meta.dirname, 'results', `catalog-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ bench: 'catalog', started: started.toISOString(), machine, sizes, runs, results }, null, 2)}\n`,
  );
  process.stdout.write(`\nreport: ${file}\n`);
}

interface Step {
  size: number;
  file: string;
  count: number;
}

/** The NDJSON of each step (cached in the temp folder: same seed, same bytes). */
export async function writeSteps(sizes: readonly number[]): Promise<Step[]> {
  const dir = join(tmpdir(), 'eohub-bench-data');
  await mkdir(dir, { recursive: true });
  const max = sizes.at(-1) ?? 0;
  const steps = sizes.map((size, i) => ({
    size,
    count: size - (sizes[i - 1] ?? 0),
    file: join(dir, `${SEED}-${max}-upto-${size}.ndjson`),
  }));
  const ready = await Promise.all(
    steps.map((s) =>
      stat(s.file).then(
        (x) => x.size > 0,
        () => false,
      ),
    ),
  );
  if (ready.every(Boolean)) return steps;
  process.stderr.write(`writing ${max} metadata-only products in ${steps.length} NDJSON files under ${dir}\n`);
  const lines = metadataOnlyLines({ count: max, seed: SEED });
  for (const s of steps) {
    const out = createWriteStream(s.file);
    for (let i = 0; i < s.count; i++) {
      const next = lines.next();
      if (next.done) break;
      if (!out.write(`${next.value}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  return steps;
}

async function runStep(
  db: Db,
  url: string | undefined,
  backend: Backend,
  variant: StepResult['variant'],
  step: Step,
  runs: number,
): Promise<StepResult> {
  process.stderr.write(`${backend}/${variant}: loading ${step.count} products to reach ${step.size}\n`);
  const load = await loadProductsFromFile(db, step.file, { format: 'stac', copyUrl: url, batchSize: 1000 });
  const seconds = load.elapsedMs / 1000;
  const findable = await countFindable(db, step.file);
  const samples = await drawSamples(db, 500);
  const queries: Record<string, QueryStats> = {};
  for (const key of Object.keys(QUERIES)) {
    const n = key === 'd' || key === 'dOffset' || key.startsWith('g') ? Math.max(10, Math.round(runs / 3)) : runs;
    queries[key] = await timeQuery(db, key, samples, n, 30_000);
  }
  const result: StepResult = {
    backend,
    variant,
    size: step.size,
    load: { products: load.loaded, seconds, productsPerSecond: load.loaded / seconds, method: load.method, failed: load.failed },
    findable,
    queries,
  };
  if (backend === 'postgres') result.throughputA16 = await throughput(db, 'a', samples, 16, 10);
  return result;
}

/** How many products of the step's file searchProducts finds by name, a thousand names per search. */
async function countFindable(db: Db, file: string): Promise<number> {
  let found = 0;
  let names: string[] = [];
  const flush = async (): Promise<void> => {
    if (names.length === 0) return;
    found += (await searchProducts(db, { scope: INTERNAL_SEES_EVERYTHING, filter: inList(prop('name'), names), limit: names.length }))
      .products.length;
    names = [];
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const id = /^\{"type":"Feature","stac_version":"1\.0\.0","id":"([^"]+)"/.exec(line)?.[1];
    if (id !== undefined) names.push(id);
    if (names.length >= 1000) await flush();
  }
  await flush();
  return found;
}
