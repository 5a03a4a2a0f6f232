import { Readable } from 'node:stream';
import { readableOf, streamSource, type ByteSource } from './byte-source.ts';

/**
 * A product's `$value` package: a stored (uncompressed) zip of its files in path order with fixed
 * metadata, so that its length is known before streaming and its MD5/BLAKE3 computed at ingest stay
 * true for every later download (as CDSE's zips are deterministic, reference/cdse.md §1.2).
 *
 * Why our own writer rather than yazl (which ingest used before): the package must be a pure function
 * of the file list so that download can serve any byte range of it without streaming from byte 0 and
 * know `Content-Length` up front. yazl only writes a stream, and two of its outputs were not
 * deterministic enough for that: it encodes the DOS timestamp in the process's local time zone (the same
 * files gave different bytes, hence different checksums, on a hub running outside UTC), and its predicted
 * total size disagrees with what it writes once the central directory passes 64 KiB (it switches the
 * prediction to zip64 at 0xffff, the writer at 0xffffffff), which failed such ingests. This writer lays
 * the bytes out exactly as yazl 3 does when run in UTC (stored entries, general-purpose bit 3 with
 * data descriptors, Info-ZIP "UT" timestamp in the central directory, zip64 per entry past 0xfffffffe
 * and zip64 end records past the classic limits; APPNOTE.TXT 6.3 §4.3), so packages ingested by yazl
 * in UTC keep their checksums. The one input yazl computed while streaming, each file's CRC-32, is
 * recorded at ingest (product_files.crc32), so every header byte can be generated without file data.
 */

export interface ZipLayoutEntry {
  /** Path inside the zip, '/'-separated. */
  path: string;
  sizeBytes: number;
  /** CRC-32 (IEEE) of the file's bytes, unsigned. */
  crc32: number;
}

/** A run of the package: generated header bytes, or the bytes of one file (entry index in `entries`). */
export type ZipSegment =
  | { kind: 'header'; start: number; length: number; render: () => Buffer }
  | { kind: 'file'; start: number; length: number; entry: number };

export interface ZipLayout {
  sizeBytes: number;
  /** The entries in zip order (sorted by path). */
  entries: readonly ZipLayoutEntry[];
  /** Contiguous, in order, covering [0, sizeBytes). */
  segments: readonly ZipSegment[];
}

/** 2000-01-01T00:00:00Z: the fixed time of every entry, as a DOS date/time and as Unix seconds. */
const DOS_DATE = 1 | (1 << 5) | ((2000 - 1980) << 9);
const DOS_TIME = 0;
const UNIX_MTIME = Date.UTC(2000, 0, 1) / 1000;
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const VERSION_MADE_BY = (3 << 8) | 63;
const VERSION_UTF8 = 20;
const VERSION_ZIP64 = 45;
const FLAGS = (1 << 11) | (1 << 3);
const LOCAL_HEADER = 30;
const DESCRIPTOR = 16;
const DESCRIPTOR_ZIP64 = 24;
const CENTRAL_HEADER = 46;
const UT_EXTRA = 9;
const ZIP64_EXTRA = 28;
const EOCD = 22;
const ZIP64_EOCD = 56;
const ZIP64_LOCATOR = 20;

/** Sorts by UTF-16 code units, as the package always has (not by the database's collation). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The exact byte layout of the package of these files; no file is read. */
export function zipLayout(files: readonly ZipLayoutEntry[]): ZipLayout {
  const entries = [...files].sort((a, b) => comparePaths(a.path, b.path));
  const segments: ZipSegment[] = [];
  const names = entries.map((e) => checkedName(e.path));
  const offsets: number[] = [];
  let cursor = 0;
  const push = (length: number, render: () => Buffer): void => {
    segments.push({ kind: 'header', start: cursor, length, render });
    cursor += length;
  };
  entries.forEach((e, i) => {
    const name = names[i] as Buffer;
    const offset = cursor;
    offsets.push(offset);
    push(LOCAL_HEADER + name.length, () => localHeader(name));
    segments.push({ kind: 'file', start: cursor, length: e.sizeBytes, entry: i });
    cursor += e.sizeBytes;
    const zip64 = needsZip64(e.sizeBytes, offset);
    push(zip64 ? DESCRIPTOR_ZIP64 : DESCRIPTOR, () => dataDescriptor(e, zip64));
  });
  const cdStart = cursor;
  entries.forEach((e, i) => {
    const name = names[i] as Buffer;
    const offset = offsets[i] as number;
    const zip64 = needsZip64(e.sizeBytes, offset);
    push(CENTRAL_HEADER + name.length + UT_EXTRA + (zip64 ? ZIP64_EXTRA : 0), () => centralHeader(e, name, offset, zip64));
  });
  const cdSize = cursor - cdStart;
  const zip64End = entries.length >= 0xffff || cdSize >= 0xffffffff || cdStart >= 0xffffffff;
  const endStart = cursor;
  push((zip64End ? ZIP64_EOCD + ZIP64_LOCATOR : 0) + EOCD, () => endRecords(entries.length, cdStart, cdSize, endStart, zip64End));
  return { sizeBytes: cursor, entries, segments };
}

function checkedName(path: string): Buffer {
  if (path === '' || path.startsWith('/') || path.endsWith('/') || path.includes('\\') || path.split('/').includes('..')) {
    throw new Error(`not a relative file path: ${path}`);
  }
  const name = Buffer.from(path, 'utf8');
  if (name.length > 0xffff) throw new Error(`path too long for a zip entry: ${path}`);
  return name;
}

function needsZip64(sizeBytes: number, offset: number): boolean {
  return sizeBytes > 0xfffffffe || offset > 0xfffffffe;
}

function localHeader(name: Buffer): Buffer {
  const b = Buffer.alloc(LOCAL_HEADER + name.length);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION_UTF8, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(0, 8); // stored
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  // CRC and sizes stay 0 in the local header: bit 3 says they follow the data (APPNOTE §4.3.9).
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28);
  name.copy(b, LOCAL_HEADER);
  return b;
}

function dataDescriptor(e: ZipLayoutEntry, zip64: boolean): Buffer {
  const b = Buffer.alloc(zip64 ? DESCRIPTOR_ZIP64 : DESCRIPTOR);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(e.crc32 >>> 0, 4);
  if (zip64) {
    b.writeBigUInt64LE(BigInt(e.sizeBytes), 8);
    b.writeBigUInt64LE(BigInt(e.sizeBytes), 16);
  } else {
    b.writeUInt32LE(e.sizeBytes, 8);
    b.writeUInt32LE(e.sizeBytes, 12);
  }
  return b;
}

function centralHeader(e: ZipLayoutEntry, name: Buffer, offset: number, zip64: boolean): Buffer {
  const extra = UT_EXTRA + (zip64 ? ZIP64_EXTRA : 0);
  const b = Buffer.alloc(CENTRAL_HEADER + name.length + extra);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_UTF8, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(e.crc32 >>> 0, 16);
  b.writeUInt32LE(zip64 ? 0xffffffff : e.sizeBytes, 20);
  b.writeUInt32LE(zip64 ? 0xffffffff : e.sizeBytes, 24);
  b.writeUInt16LE(name.length, 28);
  b.writeUInt16LE(extra, 30);
  // comment length, disk number, internal attributes: 0
  b.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  b.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
  name.copy(b, CENTRAL_HEADER);
  let p = CENTRAL_HEADER + name.length;
  // Info-ZIP universal timestamp: mtime and atime flags, the mtime only (central directory form).
  b.writeUInt16LE(0x5455, p);
  b.writeUInt16LE(UT_EXTRA - 4, p + 2);
  b.writeUInt8(3, p + 4);
  b.writeUInt32LE(UNIX_MTIME, p + 5);
  p += UT_EXTRA;
  if (zip64) {
    b.writeUInt16LE(0x0001, p);
    b.writeUInt16LE(ZIP64_EXTRA - 4, p + 2);
    b.writeBigUInt64LE(BigInt(e.sizeBytes), p + 4);
    b.writeBigUInt64LE(BigInt(e.sizeBytes), p + 12);
    b.writeBigUInt64LE(BigInt(offset), p + 20);
  }
  return b;
}

function endRecords(count: number, cdStart: number, cdSize: number, endStart: number, zip64: boolean): Buffer {
  const eocd = Buffer.alloc(EOCD);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count >= 0xffff ? 0xffff : count, 8);
  eocd.writeUInt16LE(count >= 0xffff ? 0xffff : count, 10);
  eocd.writeUInt32LE(cdSize >= 0xffffffff ? 0xffffffff : cdSize, 12);
  eocd.writeUInt32LE(cdStart >= 0xffffffff ? 0xffffffff : cdStart, 16);
  if (!zip64) return eocd;
  const rec = Buffer.alloc(ZIP64_EOCD);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(BigInt(ZIP64_EOCD - 12), 4);
  rec.writeUInt16LE(VERSION_MADE_BY, 12);
  rec.writeUInt16LE(VERSION_ZIP64, 14);
  rec.writeBigUInt64LE(BigInt(count), 24);
  rec.writeBigUInt64LE(BigInt(count), 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdStart), 48);
  const loc = Buffer.alloc(ZIP64_LOCATOR);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(endStart), 8);
  loc.writeUInt32LE(1, 16);
  return Buffer.concat([rec, loc, eocd]);
}

/** Opens bytes [start, end] (inclusive) of entry `index`; called only for non-empty runs. */
export type OpenEntryRange = (index: number, start: number, end: number) => Promise<Readable>;

/** As OpenEntryRange, as a ByteSource (byte-source.ts). */
export type OpenEntrySource = (index: number, start: number, end: number) => Promise<ByteSource>;

/**
 * Bytes [start, end] (inclusive) of the package as a ByteSource: header bytes are generated for the
 * segments the range touches, file bytes are read only over the part it covers, one file at a time.
 * Each chunk fills the lent buffer across segments (a file's end, the next headers, the next file's
 * start), so a sender writes few large chunks, and a download paused anywhere but in the closing
 * central directory holds exactly one file open. Closing it closes that file.
 */
export function zipRangeSource(layout: ZipLayout, start: number, end: number, open: OpenEntrySource): ByteSource {
  if (start < 0 || end < start || end >= layout.sizeBytes) throw new RangeError(`range ${start}-${end} outside 0-${layout.sizeBytes - 1}`);
  const segments = segmentsIn(layout, start, end);
  let file: ByteSource | null = null;
  /** Bytes produced but not yet handed out: a header, or the rest of a chunk a stream store gave us. */
  let pending: Buffer | null = null;
  /** The next bytes of the range into `into`: a view of `into` when a file filled it, else a buffer to copy. */
  const produce = async (into: Buffer): Promise<Buffer | null> => {
    for (;;) {
      if (file) {
        const chunk = await file.next(into);
        if (chunk) return chunk;
        await file.close();
        file = null;
      }
      const r = segments.next();
      if (r.done === true) return null;
      const s = r.value;
      const from = Math.max(start, s.start) - s.start;
      const to = Math.min(end, s.start + s.length - 1) - s.start;
      if (s.kind === 'header') return s.render().subarray(from, to + 1);
      file = await open(s.entry, from, to);
    }
  };
  return {
    async next(scratch) {
      let filled = 0;
      while (filled < scratch.length) {
        const room = scratch.subarray(filled);
        const chunk = pending ?? (await produce(room));
        pending = null;
        if (!chunk) break;
        if (chunk.buffer === room.buffer && chunk.byteOffset === room.byteOffset) {
          filled += chunk.length;
          continue;
        }
        const n = chunk.copy(scratch, filled);
        filled += n;
        if (n < chunk.length) pending = chunk.subarray(n);
      }
      return filled === 0 ? null : scratch.subarray(0, filled);
    },
    async close() {
      pending = null;
      await file?.close();
      file = null;
    },
  };
}

/** zipRangeSource as a stream, over entries opened as streams (ingest and tests read packages this way). */
export function readZipRange(layout: ZipLayout, start: number, end: number, open: OpenEntryRange): Readable {
  return readableOf(zipRangeSource(layout, start, end, async (index, from, to) => streamSource(await open(index, from, to))));
}

/** The non-empty segments overlapping [start, end], found by binary search. */
function* segmentsIn(layout: ZipLayout, start: number, end: number): Generator<ZipSegment> {
  const segs = layout.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segs[mid] as ZipSegment).start <= start) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i < segs.length; i++) {
    const s = segs[i] as ZipSegment;
    if (s.start > end) return;
    if (s.length > 0 && s.start + s.length > start) yield s;
  }
}

export interface ZipEntry extends ZipLayoutEntry {
  open: () => Readable | Promise<Readable>;
}

/** The whole package as a stream, with its size known before the first byte (ingest hashes it). */
export function productZip(entries: readonly ZipEntry[]): { stream: Readable; sizeBytes: number } {
  const layout = zipLayout(entries);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  if (layout.sizeBytes === 0) return { stream: Readable.from([]), sizeBytes: 0 };
  const stream = readZipRange(layout, 0, layout.sizeBytes - 1, async (index) => {
    const e = byPath.get((layout.entries[index] as ZipLayoutEntry).path) as ZipEntry;
    return e.open();
  });
  return { stream, sizeBytes: layout.sizeBytes };
}
