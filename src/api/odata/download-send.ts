import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DOWNLOAD_ERRORS, type Downloadable } from '../../download/index.ts';
import { HubError } from '../../errors/index.ts';
import type { BodyMeter } from '../quotas/metered-download.ts';
import { sendSource } from './send-source.ts';
import { decideRange, evaluatePreconditions, ifRangeHolds, type ByteSpan } from './http-ranges.ts';

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** `filename="..."` with quotes and backslashes escaped (RFC 6266 §4.1, quoted-string of RFC 9110 §5.6.4). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '\\$&');
  const extended = /^[\x20-\x7e]*$/.test(fileName) ? '' : `; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  return `attachment; filename="${ascii}"${extended}`;
}

/** Headers every answer about this representation carries, 200, 206, 304 and HEAD alike. */
function setRepresentationHeaders(reply: FastifyReply, d: Downloadable): void {
  void reply.header('etag', `"${d.etag}"`);
  void reply.header('last-modified', d.lastModified.toUTCString());
  void reply.header('accept-ranges', 'bytes');
  if (d.md5 !== null && /^[0-9a-f]{32}$/i.test(d.md5)) {
    const b64 = Buffer.from(d.md5, 'hex').toString('base64');
    // RFC 9530 Repr-Digest, and RFC 3230 Digest for older clients: both describe the whole representation.
    void reply.header('repr-digest', `md5=:${b64}:`);
    void reply.header('digest', `MD5=${b64}`);
  }
}

/**
 * Answers GET or HEAD for a downloadable: preconditions (304/412), then Range (206 single or
 * multipart/byteranges, 416), else 200. A whole body or one range is written by sendSource (reused
 * buffers, read-ahead; `meter` paces and counts it); multipart bodies are streams of the parts' `open`
 * (metered there by the caller), which fastify pipes and destroys when the client goes away.
 */
export async function sendDownloadable(request: FastifyRequest, reply: FastifyReply, d: Downloadable, meter?: BodyMeter): Promise<FastifyReply> {
  const head = request.method === 'HEAD';
  setRepresentationHeaders(reply, d);
  const headers = {
    'if-match': headerOf(request, 'if-match'),
    'if-none-match': headerOf(request, 'if-none-match'),
    'if-modified-since': headerOf(request, 'if-modified-since'),
    'if-unmodified-since': headerOf(request, 'if-unmodified-since'),
  };
  const pre = evaluatePreconditions(headers, d);
  if (pre === 'not-modified') return reply.status(304).send();
  if (pre === 'failed') return reply.status(412).send({ error: { code: 'PRECONDITION_FAILED', message: 'the representation has changed' } });

  void reply.header('content-disposition', contentDisposition(d.fileName));
  const decision = ifRangeHolds(headerOf(request, 'if-range'), d) ? decideRange(headerOf(request, 'range'), d.sizeBytes) : { kind: 'full' as const };
  if (decision.kind === 'unsatisfiable') {
    void reply.header('content-range', `bytes */${d.sizeBytes}`);
    throw new HubError(DOWNLOAD_ERRORS.RANGE_NOT_SATISFIABLE, 'range', `no requested range overlaps 0-${d.sizeBytes - 1}`);
  }
  if (decision.kind === 'full') {
    void reply.status(200).type(d.mediaType).header('content-length', d.sizeBytes);
    if (head || d.sizeBytes === 0) return reply.send(head ? undefined : '');
    await sendSource(reply, await d.source(0, d.sizeBytes - 1), d.sizeBytes, meter?.writes());
    return reply;
  }
  const [only] = decision.ranges;
  if (decision.ranges.length === 1 && only) {
    void reply
      .status(206)
      .type(d.mediaType)
      .header('content-range', `bytes ${only.start}-${only.end}/${d.sizeBytes}`)
      .header('content-length', only.end - only.start + 1);
    if (head) return reply.send();
    await sendSource(reply, await d.source(only.start, only.end), only.end - only.start + 1, meter?.writes());
    return reply;
  }
  const body = multipartBody(d, decision.ranges);
  void reply.status(206).type(`multipart/byteranges; boundary=${body.boundary}`).header('content-length', body.sizeBytes);
  return reply.send(head ? undefined : body.stream());
}

/** multipart/byteranges (RFC 9110 §14.6): each part with its own Content-Type and Content-Range. */
function multipartBody(d: Downloadable, ranges: readonly ByteSpan[]): { boundary: string; sizeBytes: number; stream: () => Readable } {
  const boundary = `eohub-${randomBytes(12).toString('hex')}`;
  const partHeads = ranges.map((r, i) =>
    Buffer.from(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${d.mediaType}\r\nContent-Range: bytes ${r.start}-${r.end}/${d.sizeBytes}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const sizeBytes = ranges.reduce((s, r, i) => s + (partHeads[i] as Buffer).length + r.end - r.start + 1, tail.length);
  async function* parts(): AsyncGenerator<Buffer> {
    for (const [i, r] of ranges.entries()) {
      yield partHeads[i] as Buffer;
      const data = await d.open(r.start, r.end);
      try {
        for await (const chunk of data) yield chunk as Buffer;
      } finally {
        data.destroy();
      }
    }
    yield tail;
  }
  return { boundary, sizeBytes, stream: () => Readable.from(parts(), { objectMode: false }) };
}
