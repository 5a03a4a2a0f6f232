import type { FastifyReply } from 'fastify';
import type { ByteSource } from '../../download/index.ts';
import type { WriteMeter } from '../../quotas/index.ts';

/**
 * Buffer size per body: large while few bodies are being sent (fewer syscalls and wake-ups per GiB),
 * smaller as they add up, so that 100 ranged downloads at once hold tens, not hundreds, of MiB.
 */
const CHUNK_SIZES = [4 << 20, 1 << 20, 256 << 10] as const;

function chunkBytesFor(sending: number): number {
  return CHUNK_SIZES[sending <= 8 ? 0 : sending <= 32 ? 1 : 2];
}

/** Buffers handed back by finished bodies, by size, to be lent again without allocating or page faults. */
const spare = new Map<number, Buffer[]>();
const SPARE_PER_SIZE = 8;
let sending = 0;

function lend(sizeBytes: number): Buffer {
  return spare.get(sizeBytes)?.pop() ?? Buffer.allocUnsafeSlow(sizeBytes);
}

function giveBack(buffers: readonly Buffer[]): void {
  for (const b of buffers) {
    // A short body's buffer has an odd size; keep only the sizes lent again.
    if (!(CHUNK_SIZES as readonly number[]).includes(b.length)) continue;
    const list = spare.get(b.length) ?? [];
    if (list.length < SPARE_PER_SIZE) list.push(b);
    spare.set(b.length, list);
  }
}

class ClientGone extends Error {}

/**
 * Sends `lengthBytes` from `source` as the body of the reply, whose status and headers are already set,
 * writing to the socket itself (the reply is hijacked): chunk k+1 is read into a second buffer while
 * chunk k is written, each buffer is reused once the socket has taken its chunk, and the write
 * callback is the backpressure. With `meter`, each slice waits for the pace before it is written and
 * counts once written, so an aborted download counts what reached the connection. Never throws: a
 * failure after the headers can only cut the connection, which the client sees as a short body.
 */
export async function sendSource(reply: FastifyReply, source: ByteSource, lengthBytes: number, meter?: WriteMeter): Promise<void> {
  const res = reply.raw;
  reply.hijack();
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(reply.statusCode);
  const gone = new Promise<never>((_, reject) => res.once('close', () => reject(new ClientGone())));
  gone.catch(() => undefined);
  const write = (chunk: Buffer): Promise<void> =>
    Promise.race([new Promise<void>((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve()))), gone]);
  const send = async (chunk: Buffer): Promise<void> => {
    const slice = meter?.sliceBytes ?? Number.POSITIVE_INFINITY;
    for (let offset = 0; offset < chunk.length; offset += slice) {
      const part = chunk.subarray(offset, offset + slice);
      await meter?.take(part.length);
      await write(part);
      meter?.sent(part.length);
    }
  };
  sending += 1;
  const size = Math.max(1, Math.min(chunkBytesFor(sending), lengthBytes));
  const buffers: [Buffer, Buffer] = [lend(size), lend(size)];
  let reading: Promise<Buffer | null> = Promise.resolve(null);
  let complete = false;
  try {
    let chunk = await source.next(buffers[0]);
    for (let odd = true; chunk !== null; odd = !odd) {
      reading = source.next(odd ? buffers[1] : buffers[0]);
      reading.catch(() => undefined);
      await send(chunk);
      chunk = await reading;
    }
    res.end();
    complete = true;
  } catch (error) {
    if (!(error instanceof ClientGone)) reply.log.warn({ err: error }, 'download cut short');
    res.destroy();
  } finally {
    sending -= 1;
    await reading.catch(() => null);
    await source.close().catch(() => undefined);
    // After a failure a buffer may still sit in the socket's queue: only a complete body gives them back.
    if (complete) giveBack(buffers);
  }
}
