/**
 * Bulk registration: products whose files are already in storage (or nowhere yet: metadata only),
 * described one per line as STAC Items or CDSE Product entities (bulk-formats.ts). Lines are validated
 * and mapped in TypeScript, then written in batches of `batchSize`, each batch in one transaction
 * (bulk-write.ts): COPY on PostgreSQL, one multi-row INSERT on PGlite.
 *
 * A batch holding a bad line or a name already in the catalogue fails whole and leaves nothing of
 * itself; its report names the lines and the reasons. The batches after it go on (`onError: 'continue'`,
 * the default) or are not written (`'stop'`). While the database writes batches (two at once on
 * PostgreSQL, on two connections, so that the server uses both cores of a small machine) the next one is
 * parsed; batches may then commit out of order, so `'stop'` writes one at a time.
 */
import { INTERNAL_SEES_EVERYTHING } from '../access/index.ts';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Db } from '../db/index.ts';
import { sqlState } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { databaseError, parseBatch, type BulkLineError, type Line, type ParsedBatch } from './bulk-batch.ts';
import { BULK_ERRORS } from './bulk-errors.ts';
import type { BulkFormat, FormatContext } from './bulk-formats.ts';
import { AttributeTypeConflict, copyWriter, insertWriter, type AttributeTypeRow, type BatchWriter } from './bulk-write.ts';
import { listCollections } from './collections.ts';

export type { BulkLineError } from './bulk-batch.ts';

export interface BulkLoadOptions {
  format: BulkFormat;
  /** Records per transaction; 1,000 by default. */
  batchSize?: number;
  /** After a failed batch: load the others (default) or stop. */
  onError?: 'continue' | 'stop';
  /** Store the products' files are in; `online` by default. */
  store?: string;
  /** PostgreSQL only: the server's URL, for the COPY path's own connections. Without it batches are INSERTs. */
  copyUrl?: string | undefined;
  /** COPY path: batches written at once, each on its own connection (default 2; 1 with onError 'stop'). */
  concurrency?: number;
  /** VACUUM ANALYZE the products table at the end (default true): see tidyUp. */
  analyze?: boolean;
  onProgress?: (progress: BulkProgress) => void;
  /** Each failed batch, as it fails. */
  onBatchFailed?: (failure: BulkBatchFailure) => void;
  now?: () => Date;
}

export interface BulkProgress {
  /** Lines read so far (blank ones too: they keep the numbering of the file). */
  lines: number;
  loaded: number;
  /** Records in failed batches. */
  failed: number;
  /** Bytes of the file read so far, and its size (loadProductsFromFile only). */
  bytesRead?: number;
  totalBytes?: number;
}

export interface BulkBatchFailure {
  batch: number;
  firstLine: number;
  lastLine: number;
  records: number;
  /** At most MAX_ERRORS_PER_BATCH; `moreErrors` counts the rest. */
  errors: BulkLineError[];
  moreErrors: number;
}

export interface BulkLoadResult {
  method: 'copy' | 'insert';
  lines: number;
  loaded: number;
  failed: number;
  batches: number;
  failedBatches: BulkBatchFailure[];
  /** True when onError 'stop' ended the load at a failed batch (the failed batch's first line is where to resume). */
  stopped: boolean;
  elapsedMs: number;
}

const MAX_ERRORS_PER_BATCH = 20;
const MAX_BATCH_SIZE = 50_000;

/** Loads the records of `lines` (one JSON document each). See the module comment for the semantics. */
export async function loadProducts(
  db: Db,
  lines: AsyncIterable<string> | Iterable<string>,
  options: BulkLoadOptions,
  readProgress: () => Pick<BulkProgress, 'bytesRead' | 'totalBytes'> = () => ({}),
): Promise<BulkLoadResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new HubError(BULK_ERRORS.INVALID_INPUT, 'invalid', `the batch size must be a whole number within 1..${MAX_BATCH_SIZE}`);
  }
  const ctx: FormatContext = {
    collections: await listCollections(db, INTERNAL_SEES_EVERYTHING),
    store: options.store ?? 'online',
    now: (options.now?.() ?? new Date()).toISOString(),
  };
  const knownTypes = new Map(
    (await db.query<AttributeTypeRow>('SELECT collection, name, value_type FROM attribute_types')).rows.map((r) => [
      `${r.collection}\u0000${r.name}`,
      r.value_type,
    ]),
  );
  // COPY batches go through `concurrency` connections at once, so that the server uses more than one core
  // while this process parses; with onError 'stop' one, so that nothing commits after a failed batch.
  const concurrency = db.backend === 'postgres' && options.copyUrl && options.onError !== 'stop' ? (options.concurrency ?? 2) : 1;
  const writers: BatchWriter[] = [];
  try {
    for (let i = 0; i < concurrency; i++) {
      writers.push(options.copyUrl && db.backend === 'postgres' ? await copyWriter(options.copyUrl, db.schema) : insertWriter(db));
    }
  } catch (error) {
    await Promise.all(writers.map((w) => w.close()));
    throw error;
  }
  const result: BulkLoadResult = {
    method: writers[0]?.method ?? 'insert',
    lines: 0,
    loaded: 0,
    failed: 0,
    batches: 0,
    failedBatches: [],
    stopped: false,
    elapsedMs: 0,
  };
  const report = (): void => options.onProgress?.({ lines: result.lines, loaded: result.loaded, failed: result.failed, ...readProgress() });
  const fail = (batch: ParsedBatch, errors: BulkLineError[]): void => {
    const failure: BulkBatchFailure = {
      batch: batch.index,
      firstLine: batch.lines[0]?.line ?? 0,
      lastLine: batch.lines.at(-1)?.line ?? 0,
      records: batch.lines.length,
      errors: errors.slice(0, MAX_ERRORS_PER_BATCH),
      moreErrors: Math.max(0, errors.length - MAX_ERRORS_PER_BATCH),
    };
    result.failed += batch.lines.length;
    result.failedBatches.push(failure);
    options.onBatchFailed?.(failure);
  };
  // Batches being written while the next one is parsed. A write never rejects (a rejection left waiting
  // while the next batch parses would be an unhandled one): a failed batch is reported, and an error no
  // batch can survive (the connection lost) is kept in `fatal` and thrown at the next turn.
  const idle = [...writers];
  const running = new Set<Promise<void>>();
  let fatal: { error: unknown } | undefined;
  const check = (): void => {
    if (fatal) throw fatal.error;
  };
  const write = async (batch: ParsedBatch, writer: BatchWriter): Promise<void> => {
    try {
      await writer.write(batch.products, batch.newTypes);
      for (const t of batch.newTypes) knownTypes.set(`${t.collection}\u0000${t.name}`, t.value_type);
      result.loaded += batch.products.length;
    } catch (error) {
      if (!(error instanceof AttributeTypeConflict) && sqlState(error) === undefined) fatal = { error };
      else fail(batch, [databaseError(error, batch)]);
    } finally {
      report();
    }
  };
  const drain = async (): Promise<void> => {
    await Promise.all(running);
    check();
  };
  const flush = async (pending: Line[]): Promise<boolean> => {
    const batch = await parseBatch(options.format, pending, ++result.batches, ctx, knownTypes);
    while (idle.length === 0) await Promise.race(running);
    check();
    if (options.onError === 'stop' && result.failedBatches.length > 0) return false;
    if (batch.errors.length > 0) {
      fail(batch, batch.errors);
      report();
      return options.onError !== 'stop';
    }
    const writer = idle.pop() as BatchWriter; // the loop above waited for one
    const done: Promise<void> = write(batch, writer).then(() => {
      running.delete(done);
      idle.push(writer);
    });
    running.add(done);
    return true;
  };
  try {
    let pending: Line[] = [];
    for await (const text of lines) {
      result.lines++;
      if (text.trim() === '') continue;
      pending.push({ line: result.lines, text });
      if (pending.length < batchSize) continue;
      const go = await flush(pending);
      pending = [];
      if (!go) {
        result.stopped = true;
        break;
      }
    }
    if (!result.stopped && pending.length > 0 && !(await flush(pending))) result.stopped = true;
    await drain();
    if (options.onError === 'stop' && result.failedBatches.length > 0) result.stopped = true;
    if (result.loaded > 0 && options.analyze !== false) await tidyUp(db);
  } finally {
    await Promise.allSettled(running);
    await Promise.all(writers.map((w) => w.close()));
  }
  result.elapsedMs = Date.now() - started;
  report();
  return result;
}

/** loadProducts over an NDJSON file, with the bytes read in the progress reports. */
export async function loadProductsFromFile(db: Db, path: string, options: BulkLoadOptions): Promise<BulkLoadResult> {
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch (cause) {
    throw new HubError(BULK_ERRORS.INVALID_INPUT, 'invalid', `cannot read ${path}`, { cause });
  }
  let bytesRead = 0;
  // The file is opened on the first line wanted: readline starts reading at once, and lines it emits
  // before anyone iterates are lost.
  async function* readLines(): AsyncGenerator<string> {
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        bytesRead = stream.bytesRead;
        yield line;
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return loadProducts(db, readLines(), options, () => ({ bytesRead, totalBytes }));
}

/**
 * Once at the end, not per batch (performance.md: analysing per chunk costs more than the COPY): ANALYZE
 * so that the planner knows the new rows, and VACUUM to merge the GIN pending list of the attributes
 * index (every search would scan it otherwise) and mark pages all-visible for index-only scans. VACUUM
 * needs the table's owner; a role without it still gets its ANALYZE.
 */
async function tidyUp(db: Db): Promise<void> {
  try {
    await db.query('VACUUM (ANALYZE) products');
  } catch {
    await db.query('ANALYZE products');
  }
}
