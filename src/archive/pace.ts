import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Passes bytes through at most `bytesPerSecond` (0: unpaced), so that restores and fixity audits leave
 * the disks and network to users. Stops with the signal's reason when it aborts.
 */
export function pacer(bytesPerSecond: number, signal?: AbortSignal): Transform {
  const started = Date.now();
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      if (signal?.aborted) return cb(signal.reason as Error);
      passed += chunk.length;
      const dueMs = bytesPerSecond > 0 ? (passed / bytesPerSecond) * 1000 - (Date.now() - started) : 0;
      if (dueMs <= 0) return cb(null, chunk);
      delay(dueMs, undefined, signal ? { signal } : {}).then(
        () => cb(null, chunk),
        (error: unknown) => cb(error as Error),
      );
    },
  });
}
