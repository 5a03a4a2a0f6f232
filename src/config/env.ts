/** EOHUB_* (and DATABASE_URL) variables mapped onto configuration keys. */
export const ENV_KEYS: Record<string, string[]> = {
  EOHUB_DATA_DIR: ['dataDir'],
  DATABASE_URL: ['databaseUrl'],
  EOHUB_DATABASE_URL: ['databaseUrl'],
  EOHUB_DATABASE_SCHEMA: ['databaseSchema'],
  EOHUB_HOST: ['host'],
  EOHUB_PORT: ['port'],
  EOHUB_PUBLIC_URL: ['publicUrl'],
  EOHUB_STORAGE_DIR: ['storageDir'],
  EOHUB_LOG_LEVEL: ['logLevel'],
  EOHUB_DEMO: ['demo', 'onEmptyStart'],
  EOHUB_DEMO_COUNT: ['demo', 'count'],
  EOHUB_DEMO_SEED: ['demo', 'seed'],
  EOHUB_INGEST_CONCURRENCY: ['ingest', 'concurrency'],
  EOHUB_INGEST_MAX_PRODUCT_BYTES: ['ingest', 'maxProductBytes'],
  EOHUB_INGEST_MAX_FILES: ['ingest', 'maxFiles'],
  EOHUB_INGEST_STALE_AFTER_MS: ['ingest', 'staleAfterMs'],
};
