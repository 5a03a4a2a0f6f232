export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  priority: number;
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  timeoutMs: number;
  idempotencyKey: string | null;
  result: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  priority?: number;
  maxAttempts?: number;
  /** Not claimed before this many ms from now. */
  delayMs?: number;
  timeoutMs?: number;
  /** A second enqueue with the same key returns the first job instead of adding one. */
  idempotencyKey?: string;
}
