import type { Command } from 'commander';
import type { BatchProgress, IngestOutcome } from '../ingest/index.ts';
import { configFrom, formatBytes } from './options.ts';

const SKIPPED_SHOWN = 5;

export function addIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'Ingest products: product folders (.SAFE, .SEN3, ...), zips, single files (.nc, .EOF, STAC item .json), or folders of them.',
    )
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print one JSON line per product (Id, Name, collection, footprint, attributes)')
    .option('-j, --concurrency <n>', 'products ingested at once (EOHUB_INGEST_CONCURRENCY)')
    .action(async (paths: string[], opts: { json?: boolean; concurrency?: string }, command: Command) => {
      const config = configFrom(command, opts.concurrency ? { ingest: { concurrency: opts.concurrency } } : {});
      const { buildHub } = await import('../hub/index.ts');
      const { ingestPaths } = await import('../ingest/index.ts');
      const { pino } = await import('pino');
      const hub = await buildHub(config, { log: pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, process.stderr) });
      const started = Date.now();
      const tty = process.stderr.isTTY && !opts.json;
      try {
        const result = await ingestPaths(hub.deps.ingest, paths, {
          concurrency: config.ingest.concurrency,
          onOutcome: (o, p) => {
            if (opts.json) process.stdout.write(`${JSON.stringify(outcomeJson(o))}\n`);
            else if (o.status === 'failed') process.stderr.write(`${tty ? '\r\x1b[K' : ''}failed: ${o.path}: ${o.message}\n`);
            if (tty) process.stderr.write(`\r\x1b[K${progressLine(p, started)}`);
          },
        });
        if (tty) process.stderr.write('\r\x1b[K');
        // Folders of products often hold notes and checksum files: name a few, count the rest.
        for (const s of result.skipped.slice(0, SKIPPED_SHOWN)) process.stderr.write(`skipped: ${s.path} (${s.reason})\n`);
        if (result.skipped.length > SKIPPED_SHOWN)
          process.stderr.write(`skipped ${result.skipped.length - SKIPPED_SHOWN} more files that are not products\n`);
        const seconds = (Date.now() - started) / 1000;
        process.stderr.write(
          `${result.ingested} ingested, ${result.duplicates} already in the catalogue, ${result.failed} failed ` +
            `(${formatBytes(result.bytes)} in ${seconds.toFixed(1)} s)\n`,
        );
        if (result.failed > 0) process.exitCode = 1;
      } finally {
        await hub.close();
      }
    });
}

function outcomeJson(o: IngestOutcome): Record<string, unknown> {
  if (o.status === 'failed') return { status: o.status, path: o.path, code: o.code, message: o.message };
  if (o.status === 'duplicate') return { status: o.status, path: o.path, Id: o.id, Name: o.name, collection: o.collection };
  const m = o.metadata;
  return {
    status: o.status,
    path: o.path,
    Id: o.id,
    Name: o.name,
    collection: o.collection,
    sensingStart: m.sensingStart,
    sensingEnd: m.sensingEnd,
    footprint: m.footprint,
    attributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, v.value])),
    warnings: m.warnings,
  };
}

function progressLine(p: BatchProgress, started: number): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const rate = p.done / seconds;
  const eta = rate > 0 ? (p.total - p.done) / rate : 0;
  return `${p.done}/${p.total} products, ${formatBytes(p.bytes)}, ${rate.toFixed(1)} products/s, ${formatBytes(p.bytes / seconds)}/s, ETA ${Math.ceil(eta)} s`;
}
