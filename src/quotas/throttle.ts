import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces one download at a number of bytes per second (0: as fast as the client reads). Slices are small
 * enough that a slow rate still sends something several times a second; a client that paused does not
 * get a catch-up burst of more than a second's worth.
 */
export class Pace {
  private startedAt = Date.now();
  private sent = 0;
  readonly sliceBytes: number;

  constructor(private readonly bytesPerS: number) {
    this.sliceBytes = bytesPerS > 0 ? Math.max(1024, Math.floor(bytesPerS / 8)) : Number.POSITIVE_INFINITY;
  }

  async take(bytes: number): Promise<void> {
    if (this.bytesPerS <= 0) return;
    const now = Date.now();
    let due = this.startedAt + (this.sent * 1000) / this.bytesPerS;
    if (due < now - 1000) {
      this.startedAt += now - 1000 - due;
      due = now - 1000;
    }
    this.sent += bytes;
    if (due > now) await sleep(due - now);
  }
}

/** `source` re-emitted through `pace`, calling `onBytes` for every slice the consumer took. */
export function meterStream(source: Readable, pace: Pace, onBytes: (bytes: number) => void): Readable {
  async function* pump(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        // Stores stream Buffers (storage/blob-store.ts); strings would be a bug upstream.
        const buffer = chunk as Buffer;
        for (let offset = 0; offset < buffer.length; offset += pace.sliceBytes) {
          const slice = buffer.subarray(offset, offset + pace.sliceBytes);
          await pace.take(slice.length);
          yield slice;
          onBytes(slice.length);
        }
      }
    } finally {
      source.destroy();
    }
  }
  return Readable.from(pump(), { objectMode: false });
}
