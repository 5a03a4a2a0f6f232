import { resolve } from 'node:path';
import type { Command } from 'commander';
import { configFrom } from './options.ts';

export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Write a deterministic demo dataset of products for every mission (and ingest it with --ingest).')
    .option('-n, --count <n>', 'number of products', '1000')
    .option('-s, --seed <seed>', 'seed: the same seed gives the same products', '42')
    .option('-o, --out <dir>', 'folder to write the products into', './demo-products')
    .option('--ingest', 'ingest the products after writing them')
    .action(async (opts: { count: string; seed: string; out: string; ingest?: boolean }, command: Command) => {
      const count = Number(opts.count);
      const seed = Number(opts.seed);
      if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
        command.error('--count and --seed must be whole numbers');
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
