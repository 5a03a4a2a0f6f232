import { resolve } from 'node:path';
import type { Command } from 'commander';
import { configFrom } from './options.ts';

export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Write a deterministic demo dataset of products for every mission (and ingest it with --ingest).')
    .option('-n, --count <n>', 'number of products', '1000')
    .option('-s, --seed <seed>', 'seed: the same seed gives the same products', '42')
    .option('-o, --out <dir>', 'folder to write the products into (with --metadata-only: the NDJSON file, else stdout)', './demo-products')
    .option('--ingest', 'ingest the products after writing them')
    .option(
      '--metadata-only',
      'no product files: one STAC Item per line (NDJSON) for `eohub catalog load`, or loaded at once with --ingest',
    )
    .action(async (opts: { count: string; seed: string; out: string; ingest?: boolean; metadataOnly?: boolean }, command: Command) => {
      const count = Number(opts.count);
      const seed = Number(opts.seed);
      if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
        command.error('--count and --seed must be whole numbers');
      }
      if (opts.metadataOnly) {
        const out = command.getOptionValueSource('out') === 'default' ? undefined : resolve(opts.out);
        await metadataOnly(command, { count, seed, out, ingest: opts.ingest === true });
        return;
      }
      const { generateDemo } = await import('../demo/index.ts');
      const outDir = resolve(opts.out);
      const started = Date.now();
      const { products } = await generateDemo({ outDir, count, seed });
      process.stderr.write(`${products.length} demo products written to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (!opts.ingest) return;
      const config = configFrom(command);
      const { buildHub } = await import('../hub/index.ts');
      const { ingestPaths } = await import('../ingest/index.ts');
      const hub = await buildHub(config);
      try {
        const r = await ingestPaths(hub.deps.ingest, [outDir], { concurrency: config.ingest.concurrency });
        process.stderr.write(`${r.ingested} ingested, ${r.duplicates} already in the catalogue, ${r.failed} failed\n`);
        if (r.failed > 0) process.exitCode = 1;
      } finally {
        await hub.close();
      }
    });
}

/** `--metadata-only`: NDJSON to a file or stdout, or straight into the catalogue with --ingest. */
async function metadataOnly(command: Command, o: { count: number; seed: number; out: string | undefined; ingest: boolean }): Promise<void> {
  const { metadataOnlyLines, writeMetadataOnly } = await import('../demo/metadata-only.ts');
  const started = Date.now();
  if (o.out !== undefined || !o.ingest) {
    const { createWriteStream } = await import('node:fs');
    const { finished } = await import('node:stream/promises');
    const stream = o.out === undefined ? process.stdout : createWriteStream(o.out);
    const n = await writeMetadataOnly({ count: o.count, seed: o.seed, out: stream });
    if (o.out !== undefined) {
      stream.end();
      await finished(stream);
      process.stderr.write(`${n} metadata-only items written to ${o.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
  if (!o.ingest) return;
  const config = configFrom(command);
  const { buildHub } = await import('../hub/index.ts');
  const { loadProducts, loadProductsFromFile } = await import('../catalog/index.ts');
  const hub = await buildHub(config);
  try {
    const options = { format: 'stac' as const, copyUrl: config.databaseUrl };
    const r =
      o.out === undefined
        ? await loadProducts(hub.deps.db, metadataOnlyLines({ count: o.count, seed: o.seed }), options)
        : await loadProductsFromFile(hub.deps.db, o.out, options);
    process.stderr.write(`${r.loaded} loaded, ${r.failed} in failed batches (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    if (r.failedBatches.length > 0) process.exitCode = 1;
  } finally {
    await hub.close();
  }
}
