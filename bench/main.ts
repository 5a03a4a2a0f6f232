/**
 * `npm run bench -- <name> [options]`: one entry point for the benchmarks. Each prints a table and writes
 * a JSON report under bench/results/. They run on loopback only, and every loop is bounded in count and time.
 */
import { runCatalogBench } from './catalog.ts';
import { runSearchBench } from './search.ts';
import { runDownloadBench } from './download.ts';
import { runPortalBench } from './portal.ts';
import { runArchiveBench } from './archive.ts';

const BENCHES: Record<string, { describe: string; run: (args: string[]) => Promise<void> }> = {
  catalog: {
    describe: 'bulk registration rate and search latency at 10 k, 100 k and 1 M products, PostgreSQL and PGlite',
    run: runCatalogBench,
  },
  search: {
    describe: 'STAC API latency (one client) and requests/s (16 clients) of five searches at 100 k and 1 M products, over HTTP',
    run: runSearchBench,
  },
  download: {
    describe: 'product download throughput over loopback (whole, 100 concurrent ranges, one file) beside nginx, and zip on the fly',
    run: runDownloadBench,
  },
  portal: {
    describe: "the portal's first load in headless Chromium on the demo data: time to first results, gzipped JavaScript before the map",
    run: runPortalBench,
  },
  archive: {
    describe: 'restore throughput archive → online and archiving throughput online → archive, files verified (MD5 + BLAKE3)',
    run: runArchiveBench,
  },
};

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const bench = name === undefined ? undefined : BENCHES[name];
  if (!bench) {
    process.stderr.write(
      `usage: npm run bench -- <name> [options]\n\n${Object.entries(BENCHES)
        .map(([n, b]) => `  ${n}  ${b.describe}`)
        .join('\n')}\n`,
    );
    process.exitCode = name === undefined || name === '--help' ? 0 : 2;
    return;
  }
  await bench.run(args);
}
