/**
 * One HTTP byte range (RFC 9110 §14.1.2) over an object of `sizeBytes`: null for no or an unparsable
 * Range header (S3 then sends the whole object), 'unsatisfiable' for a range that starts past the end.
 * S3 serves only the first range of a multi-range request.
 */
export function parseRange(header: string | undefined, sizeBytes: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || sizeBytes === 0) return 'unsatisfiable';
    return { start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? sizeBytes - 1 : Math.min(Number(m[2]), sizeBytes - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= sizeBytes) return 'unsatisfiable';
  return { start, end };
}
