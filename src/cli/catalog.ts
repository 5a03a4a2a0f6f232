import type { Command } from 'commander';
import type { BulkBatchFailure, BulkLoadResult, BulkProgress } from '../catalog/index.ts';
import { configFrom, formatBytes } from './options.ts';

export function addCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('Work on the catalogue directly: bulk registration.');
  catalog
    .command('load')
    .description(
      'Register products from NDJSON, one STAC Item or CDSE Product entity per line, whose files are already in storage (or metadata only). ' +
        'Each batch is one transaction: a bad line or a name already in the catalogue fails its whole batch.',
    )
    .argument('<file>', 'NDJSON file')
    .option('-f, --format <format>', 'stac (STAC Items) or cdse (OData Product entities with Attributes expanded)', 'stac')
    .option('-b, --batch <n>', 'records per transaction', '1000')
    .option('--stop-on-error', 'stop at the first failed batch instead of loading the others')
    .option('--store <name>', 'store the products are registered in', 'online')
    .option('--json', 'print the summary (and failed batches) as JSON on stdout')
    .action(
      async (
        file: string,
        opts: { format: string; batch: string; stopOnError?: boolean; store: string; json?: boolean },
        command: Command,
      ) => {
        if (opts.format !== 'stac' && opts.format !== 'cdse') command.error(`--format is stac or cdse, not ${opts.format}`);
        const batchSize = Number(opts.batch);
        if (!Number.isInteger(batchSize) || batchSize < 1) command.error('--batch must be a positive whole number');
        const config = configFrom(command);
        const { buildHub } = await import('../hub/index.ts');
        const { loadProductsFromFile } = await import('../catalog/index.ts');
        const { pino } = await import('pino');
        const hub = await buildHub(config, { log: pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, process.stderr) });
        const tty = process.stderr.isTTY === true;
        const started = Date.now();
        const clear = tty ? '\r\x1b[K' : '';
        let last = 0;
        try {
          const result = await loadProductsFromFile(hub.deps.db, file, {
            format: opts.format as 'stac' | 'cdse', // checked above
            batchSize,
            onError: opts.stopOnError ? 'stop' : 'continue',
            store: opts.store,
            copyUrl: config.databaseUrl,
            onBatchFailed: (f) => {
              if (!opts.json) process.stderr.write(`${clear}${failureText(f)}`);
            },
            onProgress: (p) => {
              if (!tty || Date.now() - last < 200) return;
              last = Date.now();
              process.stderr.write(`${clear}${progressLine(p, started)}`);
            },
          });
          if (tty) process.stderr.write(clear);
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else process.stderr.write(summary(result));
          if (result.failedBatches.length > 0) process.exitCode = 1;
        } finally {
          await hub.close();
        }
      },
    );
}

function failureText(f: BulkBatchFailure): string {
  const lines = f.errors.map((e) => `  ${e.line === undefined ? '' : `line ${e.line}: `}${e.message} [${e.code}]\n`).join('');
  const more = f.moreErrors > 0 ? `  ... and ${f.moreErrors} more\n` : '';
  return `batch ${f.batch} (lines ${f.firstLine}-${f.lastLine}, ${f.records} records) not loaded:\n${lines}${more}`;
}

function progressLine(p: BulkProgress, started: number): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const rate = p.loaded / seconds;
  const share = p.bytesRead !== undefined && p.totalBytes ? p.bytesRead / p.totalBytes : undefined;
  const eta = share !== undefined && share > 0 ? (seconds / share) * (1 - share) : undefined;
  const read = p.bytesRead !== undefined && p.totalBytes !== undefined ? `, ${formatBytes(p.bytesRead)}/${formatBytes(p.totalBytes)}` : '';
  return `${p.loaded} loaded, ${p.failed} in failed batches, line ${p.lines}${read}, ${rate.toFixed(0)} products/s${eta === undefined ? '' : `, ETA ${Math.ceil(eta)} s`}`;
}

function summary(r: BulkLoadResult): string {
  const seconds = r.elapsedMs / 1000;
  const stopped = r.stopped ? `; stopped at the first failed batch (from line ${r.failedBatches[0]?.firstLine ?? '?'})` : '';
  return (
    `${r.loaded} products loaded in ${seconds.toFixed(1)} s (${(r.loaded / Math.max(seconds, 0.001)).toFixed(0)} products/s, ${r.method}), ` +
    `${r.failed} records in ${r.failedBatches.length} failed batches, ${r.lines} lines${stopped}\n`
  );
}
