import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { acquireLease, releaseLease, renewLease } from './leases.ts';
import { limitsFor, subjectOf } from './limits.ts';
import { meterStream, Pace } from './throttle.ts';
import type { Caller, QuotaContext } from './types.ts';
import { assertMonthlyVolumeLeft, discardUsage, finishUsage, recordProgress, startUsage } from './usage.ts';

export interface DownloadRequest {
  product: { id: string; collection: string };
  fileName: string;
  userAgent: string | undefined;
  /** Bytes of the body about to be sent (the whole file, or the requested ranges), reserved against the monthly volume; 0 when not known. */
  expectedBytes?: number | undefined;
}

/** Pacing and counting of a body written by its sender: `take` before writing a slice, `sent` once it is written. */
export interface WriteMeter {
  /** Largest slice to write at once (Infinity when unpaced). */
  readonly sliceBytes: number;
  take(bytes: number): Promise<void>;
  sent(bytes: number): void;
}

/** One running download: its slot, its usage row, its pace. */
export interface DownloadSession {
  readonly id: string;
  readonly bandwidthBytesPerS: number;
  /** The body to send instead of `source`: paced and counted. */
  meter(source: Readable, onBytes?: (bytes: number) => void): Readable;
  /** The same pace and count for a sender that writes the body itself. */
  meterWrites(onBytes?: (bytes: number) => void): WriteMeter;
  /** Frees the slot and closes the usage row; a session that never sent a body leaves no usage row. */
  end(outcome: 'complete' | 'aborted'): Promise<void>;
}

/**
 * Starts a download for a caller: refuses it (429) when all concurrent slots are taken or the month's
 * volume has no room for its expected bytes, else takes a slot and opens a usage row reserving those
 * bytes, all in one transaction under the subject's lock; renews the slot every third of the lease TTL
 * until `end`, which settles the row to the bytes really sent.
 */
export async function beginDownload(ctx: QuotaContext, caller: Caller, request: DownloadRequest): Promise<DownloadSession> {
  const limits = limitsFor(ctx.settings, caller);
  const subject = subjectOf(caller);
  const expectedBytes = Math.max(0, request.expectedBytes ?? 0);
  const id = randomUUID();
  const renewEveryMs = Math.max(250, Math.floor(ctx.settings.leaseTtlMs / 3));
  await ctx.db.transaction(async (tx) => {
    await acquireLease(ctx, tx, { id, subject }, limits, Math.ceil(renewEveryMs / 1000));
    await assertMonthlyVolumeLeft(ctx, tx, subject, limits, expectedBytes);
    await startUsage(
      tx,
      {
        id,
        subject,
        caller,
        productId: request.product.id,
        collection: request.product.collection,
        fileName: request.fileName,
        userAgent: request.userAgent,
        reservedBytes: expectedBytes,
      },
      ctx.clock(),
    );
  });
  const bandwidth = ctx.settings.enabled ? limits.bandwidthBytesPerS : 0;
  const pace = new Pace(bandwidth);
  let bytesSent = 0;
  let metered = false;
  let ended = false;
  const timer = setInterval(() => {
    // A failed renewal is retried at the next tick; if the database stays away, the slot expires, which
    // errs towards letting the user download rather than locking them out.
    void Promise.all([renewLease(ctx, { id, subject }), recordProgress(ctx.db, id, bytesSent)]).catch(() => undefined);
  }, renewEveryMs);
  timer.unref();
  return {
    id,
    bandwidthBytesPerS: bandwidth,
    meter(source, onBytes) {
      metered = true;
      return meterStream(source, pace, (n) => {
        bytesSent += n;
        onBytes?.(n);
      });
    },
    meterWrites(onBytes) {
      metered = true;
      return {
        sliceBytes: pace.sliceBytes,
        take: (n) => pace.take(n),
        sent(n) {
          bytesSent += n;
          onBytes?.(n);
        },
      };
    },
    async end(outcome) {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      await ctx.db.transaction(async (tx) => {
        await releaseLease(tx, id);
        if (metered) await finishUsage(tx, id, bytesSent, outcome, ctx.clock());
        else await discardUsage(tx, id);
      });
    },
  };
}
