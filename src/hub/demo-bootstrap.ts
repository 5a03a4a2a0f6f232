import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hasProducts } from '../catalog/index.ts';
import { generateDemoInWorker } from '../demo/index.ts';
import { ingestProduct, resolveInputs, type IngestOutcome } from '../ingest/index.ts';
import type { HubDeps } from './index.ts';

/**
 * On the first start with an empty catalogue, generates the demo dataset and ingests it through the
 * normal pipeline, so that a newcomer has products to search a minute after `npm start`. The generator
 * draws its pixels on a worker thread and reports each product as it is written; ingestion takes them
 * as they come, so both cores work and the first products are searchable within seconds.
 */
export async function loadDemoIfEmpty(deps: HubDeps): Promise<void> {
  const { config, log } = deps;
  if (!config.demo.onEmptyStart || config.demo.count === 0 || (await hasProducts(deps.db))) return;
  const outDir = join(resolve(config.dataDir), 'demo-products');
  deps.demo = { state: 'loading', done: 0, total: config.demo.count };
  const started = Date.now();
  const queue = productQueue();
  let ingested = 0;
  let failed = 0;
  const report = (outcome: IngestOutcome): void => {
    deps.demo.done++;
    if (outcome.status === 'failed') {
      failed++;
      log.warn({ path: outcome.path, code: outcome.code }, outcome.message);
    } else ingested++;
    if (deps.demo.done % 100 === 0 || deps.demo.done === deps.demo.total)
      log.info(`demo: ${deps.demo.done}/${deps.demo.total} products ingested`);
  };
  const ingestAll = async (): Promise<void> => {
    for (let path = await queue.take(); path !== undefined; path = await queue.take()) {
      const { candidates } = await resolveInputs([path]);
      for (const candidate of candidates) report(await ingestProduct(deps.ingest, candidate));
    }
  };
  try {
    log.info({ count: config.demo.count, seed: config.demo.seed }, 'empty catalogue: generating and ingesting the demo dataset');
    await rm(outDir, { recursive: true, force: true });
    const ingesting = Promise.all(Array.from({ length: config.ingest.concurrency }, ingestAll));
    // Awaited below, once generation is over; marked handled now so that an early failure is not reported as unhandled.
    ingesting.catch(() => undefined);
    try {
      await generateDemoInWorker({
        outDir,
        count: config.demo.count,
        seed: config.demo.seed,
        onProduct: (product) => queue.put(join(outDir, product.name)),
      });
    } finally {
      queue.close();
      await ingesting;
    }
    deps.demo.state = failed > 0 ? 'failed' : 'done';
    log.info({ ingested, failed, seconds: Math.round((Date.now() - started) / 1000) }, 'demo dataset ready');
  } catch (error) {
    deps.demo.state = 'failed';
    log.error({ err: error }, 'the demo dataset could not be loaded');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A first-in first-out hand-over between the generator and the ingest workers; `take` waits, and gives undefined once closed and empty. */
function productQueue(): { put(path: string): void; take(): Promise<string | undefined>; close(): void } {
  const items: string[] = [];
  const waiting: ((path: string | undefined) => void)[] = [];
  let closed = false;
  return {
    put(path) {
      const next = waiting.shift();
      if (next) next(path);
      else items.push(path);
    },
    take() {
      if (items.length > 0) return Promise.resolve(items.shift());
      if (closed) return Promise.resolve(undefined);
      return new Promise((wake) => waiting.push(wake));
    },
    close() {
      closed = true;
      for (const wake of waiting.splice(0)) wake(undefined);
    },
  };
}
