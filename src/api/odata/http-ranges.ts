/**
 * HTTP range and conditional request semantics (RFC 9110 §13, §14), as pure functions of the request
 * headers and the representation's size and validators, so that they can be tested exhaustively.
 */

/** Inclusive byte range. */
export interface ByteSpan {
  start: number;
  end: number;
}

export type RangeDecision =
  /** No Range, a malformed one, or one we choose to ignore: send the whole representation (§14.2). */
  | { kind: 'full' }
  | { kind: 'partial'; ranges: ByteSpan[] }
  /** Well-formed but no range overlaps the content: 416 with `Content-Range: bytes *\/len` (§15.5.17). */
  | { kind: 'unsatisfiable' };

/** More ranges than this and the Range header is ignored, as §14.2 allows against abuse. */
export const MAX_RANGES = 100;

const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/** Digits past 2^53 only matter as "beyond any content": they saturate. */
function toInt(digits: string): number {
  return digits.length > 15 ? Number.MAX_SAFE_INTEGER : Number(digits);
}

/** Parses `Range: bytes=...` against a representation of `sizeBytes` (§14.1.1, §14.1.2). */
export function decideRange(header: string | undefined, sizeBytes: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'full' };
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim());
  // `1#range-spec` allows empty list elements (§5.6.1) but needs at least one real one.
  const real = specs.filter((s) => s !== '');
  if (real.length === 0 || real.length > MAX_RANGES) return { kind: 'full' };
  const ranges: ByteSpan[] = [];
  for (const spec of real) {
    const int = INT_RANGE.exec(spec);
    if (int) {
      const first = toInt(int[1] as string);
      const last = int[2] === '' ? Number.MAX_SAFE_INTEGER : toInt(int[2] as string);
      if (last < first) return { kind: 'full' }; // syntactically invalid: the whole field is ignored
      if (first < sizeBytes) ranges.push({ start: first, end: Math.min(last, sizeBytes - 1) });
      continue;
    }
    const suffix = SUFFIX_RANGE.exec(spec);
    if (suffix) {
      const n = toInt(suffix[1] as string);
      if (n > 0 && sizeBytes > 0) ranges.push({ start: Math.max(0, sizeBytes - n), end: sizeBytes - 1 });
      continue;
    }
    return { kind: 'full' };
  }
  if (sizeBytes === 0) return { kind: 'full' };
  // Overlapping ranges adding up to more than the whole would only multiply the bytes sent (§14.2 lets
  // a server ignore them): the whole representation, once, is the cheaper answer.
  if (ranges.length > 1 && ranges.reduce((s, r) => s + r.end - r.start + 1, 0) > sizeBytes) return { kind: 'full' };
  return ranges.length === 0 ? { kind: 'unsatisfiable' } : { kind: 'partial', ranges };
}

export interface Validators {
  /** Strong entity tag, without quotes. */
  etag: string;
  lastModified: Date;
}

export type Precondition = 'proceed' | 'not-modified' | 'failed';

/** Entity tags listed in If-Match / If-None-Match, with their weakness (§8.8.3). */
function parseEtags(header: string): { any: boolean; tags: { weak: boolean; value: string }[] } {
  if (header.trim() === '*') return { any: true, tags: [] };
  const tags: { weak: boolean; value: string }[] = [];
  for (const m of header.matchAll(/(W\/)?"([^"]*)"/g)) tags.push({ weak: m[1] !== undefined, value: m[2] as string });
  return { any: false, tags };
}

/** HTTP dates have a one-second resolution; NaN when the field is not a date. */
function parseHttpDate(value: string): number {
  const t = Date.parse(value);
  return Number.isNaN(t) ? Number.NaN : Math.floor(t / 1000);
}

function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/** The preconditions of §13.2.2 for GET/HEAD, in their order of evaluation. */
export function evaluatePreconditions(headers: Record<string, string | undefined>, v: Validators): Precondition {
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    const m = parseEtags(ifMatch);
    if (!m.any && !m.tags.some((t) => !t.weak && t.value === v.etag)) return 'failed';
  } else {
    const ius = headers['if-unmodified-since'];
    if (ius !== undefined) {
      const t = parseHttpDate(ius);
      if (!Number.isNaN(t) && seconds(v.lastModified) > t) return 'failed';
    }
  }
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    const m = parseEtags(inm);
    // Weak comparison for If-None-Match (§13.1.2).
    if (m.any || m.tags.some((t) => t.value === v.etag)) return 'not-modified';
  } else {
    const ims = headers['if-modified-since'];
    if (ims !== undefined) {
      const t = parseHttpDate(ims);
      if (!Number.isNaN(t) && seconds(v.lastModified) <= t) return 'not-modified';
    }
  }
  return 'proceed';
}

/** §13.1.5: a Range is honoured only if If-Range (when present) still names this representation. */
export function ifRangeHolds(ifRange: string | undefined, v: Validators): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === `"${v.etag}"`; // strong comparison only
  const t = parseHttpDate(value);
  return !Number.isNaN(t) && t === seconds(v.lastModified);
}
