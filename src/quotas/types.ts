import type { Actor } from '../auth/index.ts';
import type { HubConfig } from '../config/index.ts';
import type { Db } from '../db/index.ts';

export type QuotaSettings = HubConfig['quotas'];

export interface QuotaContext {
  db: Db;
  settings: QuotaSettings;
  /** Milliseconds since the epoch; tests inject their own to move through windows and lease expiries. */
  clock: () => number;
}

/** The limits that apply to one caller; 0 is no limit. */
export interface ClassLimits {
  quotaClass: 'anonymous' | 'registered' | 'institutional' | 'admin';
  concurrentDownloads: number;
  searchRequests: number;
  bandwidthBytesPerS: number;
  monthlyDownloadBytes: number;
}

/** Who is counted: a user by id, an anonymous client by address. */
export interface Caller {
  actor: Actor;
  address: string;
}
