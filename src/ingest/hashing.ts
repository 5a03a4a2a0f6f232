import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { createBLAKE3 } from 'hash-wasm';

export interface Digests {
  md5: string;
  blake3: string;
  /** CRC-32 (IEEE), which the product's zip package needs in its headers (storage/product-zip.ts). */
  crc32: number;
  sizeBytes: number;
}

type Blake3 = Awaited<ReturnType<typeof createBLAKE3>>;

/**
 * A pass-through stream computing MD5 (for old clients), BLAKE3 and CRC-32 (for the zip package) of everything that flows through
 * it, in the same single pass; `digests()` is valid once the stream has ended.
 */
export class HashingStream extends Transform {
  private readonly md5 = createHash('md5');
  private size = 0;
  private crc = 0;
  private result: Digests | undefined;

  private constructor(private readonly blake3: Blake3) {
    super();
  }

  static async create(): Promise<HashingStream> {
    const b = await createBLAKE3();
    b.init();
    return new HashingStream(b);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.md5.update(chunk);
    this.blake3.update(chunk);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.result = { md5: this.md5.digest('hex'), blake3: this.blake3.digest('hex'), crc32: this.crc, sizeBytes: this.size };
    cb();
  }

  digests(): Digests {
    if (!this.result) throw new Error('digests() before the stream ended');
    return this.result;
  }
}
