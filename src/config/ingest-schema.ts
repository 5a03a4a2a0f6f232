import { z } from 'zod';

/** Ingestion limits and the demo dataset ingested at start (schema.ts includes them). */
export const ingestSchema = z
  .object({
    concurrency: z.coerce.number().int().min(1).max(64).default(4).describe('Products ingested at once. Env EOHUB_INGEST_CONCURRENCY.'),
    maxProductBytes: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024 ** 3)
      .describe('Largest product (uncompressed) accepted; protects against zip bombs. Env EOHUB_INGEST_MAX_PRODUCT_BYTES.'),
    maxFiles: z.coerce.number().int().positive().default(100_000).describe('Most files in one product. Env EOHUB_INGEST_MAX_FILES.'),
    staleAfterMs: z.coerce
      .number()
      .int()
      .positive()
      .default(6 * 3600_000)
      .describe('An unfinished ingest by another host older than this is considered dead and cleaned up. Env EOHUB_INGEST_STALE_AFTER_MS.'),
  })
  .prefault({})
  .describe('Ingestion');

export const demoSchema = z
  .object({
    onEmptyStart: z
      .boolean()
      .default(true)
      .describe('Generate and ingest the demo dataset when `serve` starts on an empty catalogue. Env EOHUB_DEMO (true/false).'),
    count: z.coerce.number().int().min(0).max(1_000_000).default(1000).describe('Products in the start-up demo. Env EOHUB_DEMO_COUNT.'),
    seed: z.coerce
      .number()
      .int()
      .default(42)
      .describe('Seed of the demo generator; the same seed gives the same products. Env EOHUB_DEMO_SEED.'),
  })
  .prefault({})
  .describe('Demo dataset');
