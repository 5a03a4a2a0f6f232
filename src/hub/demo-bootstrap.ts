import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { countProducts } from '../catalog/index.ts';
import { generateDemo } from '../demo/index.ts';
import { ingestPaths } from '../ingest/index.ts';
import type { HubDeps } from './index.ts';

/**
 * On the first start with an empty catalogue, generates the demo dataset and ingests it through the
 * normal pipeline, so that a newcomer has products to search a minute after `npm start`.
 */
export async function loadDemoIfEmpty(deps: HubDeps): Promise<void> {
  const { config, log } = deps;
  if (!config.demo.onEmptyStart || config.demo.count === 0 || (await countProducts(deps.db)) > 0) return;
  const outDir = join(resolve(config.dataDir), 'demo-products');
  deps.demo = { state: 'loading', done: 0, total: config.demo.count };
  const started = Date.now();
  try {
    log.info({ count: config.demo.count, seed: config.demo.seed }, 'empty catalogue: generating the demo dataset');
    await rm(outDir, { recursive: true, force: true });
    await generateDemo({ outDir, count: config.demo.count, seed: config.demo.seed });
    log.info('ingesting the demo dataset');
    const result = await ingestPaths(deps.ingest, [outDir], {
      concurrency: config.ingest.concurrency,
      onOutcome: (outcome, p) => {
        deps.demo.done = p.done;
        deps.demo.total = p.total;
        if (outcome.status === 'failed') log.warn({ path: outcome.path, code: outcome.code }, outcome.message);
        if (p.done % 100 === 0 || p.done === p.total) log.info(`demo: ${p.done}/${p.total} products ingested`);
      },
    });
    deps.demo.state = result.failed > 0 ? 'failed' : 'done';
    log.info(
      { ingested: result.ingested, failed: result.failed, seconds: Math.round((Date.now() - started) / 1000) },
      'demo dataset ready',
    );
  } catch (error) {
    deps.demo.state = 'failed';
    log.error({ err: error }, 'the demo dataset could not be loaded');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
