import type { Logger } from 'pino';
import type { HubConfig } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { Stores } from '../storage/index.ts';

/** What the archive's operations and job handlers work with. */
export interface ArchiveContext {
  db: Db;
  stores: Stores;
  log: Logger;
  settings: HubConfig['archive'];
}

/** Job kinds the archive handles. */
export const ARCHIVE_JOBS = {
  COPY: 'archive.copy',
  BACKFILL: 'archive.backfill',
  EVICT: 'archive.evict',
  RESTORE: 'archive.restore',
  FIXITY: 'archive.fixity',
} as const;
