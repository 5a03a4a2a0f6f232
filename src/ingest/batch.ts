import { ingestProduct, type IngestContext, type IngestOutcome } from './pipeline.ts';
import { resolveInputs, type IngestCandidate } from './inputs.ts';

export interface BatchProgress {
  total: number;
  done: number;
  ingested: number;
  duplicates: number;
  failed: number;
  bytes: number;
}

export interface BatchResult extends BatchProgress {
  outcomes: IngestOutcome[];
  skipped: Array<{ path: string; reason: string }>;
}

/**
 * Ingests everything the given paths hold, `concurrency` products at a time. One bad product never
 * stops the batch: it is reported as failed and the rest go on.
 */
export async function ingestPaths(
  ctx: IngestContext,
  paths: readonly string[],
  options: { concurrency: number; onOutcome?: (o: IngestOutcome, p: BatchProgress) => void },
): Promise<BatchResult> {
  const { candidates, skipped } = await resolveInputs(paths);
  return ingestCandidates(ctx, candidates, skipped, options);
}

export async function ingestCandidates(
  ctx: IngestContext,
  candidates: readonly IngestCandidate[],
  skipped: Array<{ path: string; reason: string }>,
  options: { concurrency: number; onOutcome?: (o: IngestOutcome, p: BatchProgress) => void },
): Promise<BatchResult> {
  const progress: BatchProgress = { total: candidates.length, done: 0, ingested: 0, duplicates: 0, failed: 0, bytes: 0 };
  const outcomes: IngestOutcome[] = new Array(candidates.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const i = next++;
      const outcome = await ingestProduct(ctx, candidates[i] as IngestCandidate);
      outcomes[i] = outcome;
      progress.done++;
      progress.bytes += outcome.sizeBytes;
      if (outcome.status === 'ingested') progress.ingested++;
      else if (outcome.status === 'duplicate') progress.duplicates++;
      else progress.failed++;
      options.onOutcome?.(outcome, { ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, candidates.length)) }, worker));
  return { ...progress, outcomes, skipped };
}
