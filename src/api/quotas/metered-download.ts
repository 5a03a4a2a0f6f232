import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/index.ts';
import type { Downloadable } from '../../download/index.ts';
import type { HubMetrics } from '../../metrics/index.ts';
import type { DownloadRequest, QuotaService, WriteMeter } from '../../quotas/index.ts';
import { sendDownloadable } from '../odata/download-send.ts';
import { decideRange, ifRangeHolds } from '../odata/http-ranges.ts';
import { noteQuotaRefusal } from './rejections.ts';

export interface MeteringDeps {
  quotas: QuotaService;
  metrics: HubMetrics;
}

/**
 * Quotas and accounting around one response carrying product bytes: takes a download slot (a
 * rate_limited HubError when all are taken or the month's volume is used up), and frees the slot and
 * closes the usage row when the response ends (complete) or the client goes away (aborted). Returns what
 * paces and counts the body; a response that never sends one leaves no usage row.
 */
/** Paces and counts one response's body: as a stream (`stream`), or as writes its sender makes itself (`writes`). */
export interface BodyMeter {
  stream(body: Readable): Readable;
  writes(): WriteMeter;
}

export async function meterResponse(
  deps: MeteringDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  download: DownloadRequest,
): Promise<BodyMeter> {
  let session;
  try {
    session = await deps.quotas.beginDownload({ actor, address: request.ip }, download);
  } catch (error) {
    throw noteQuotaRefusal(reply, deps.metrics, error);
  }
  const { metrics } = deps;
  metrics.activeDownloads.inc();
  let done = false;
  // 'finish': the whole response was handed to the connection; 'close' without it: the client went away.
  const end = (outcome: 'complete' | 'aborted'): void => {
    if (done) return;
    done = true;
    metrics.activeDownloads.dec();
    session.end(outcome).catch((error: unknown) => {
      request.log.warn({ err: error }, 'could not close the download usage record');
    });
  };
  reply.raw.once('finish', () => end('complete'));
  reply.raw.once('close', () => end('aborted'));
  const labels = { collection: download.product.collection };
  const onBytes = (n: number): void => metrics.downloadBytes.inc(labels, n);
  return { stream: (body) => session.meter(body, onBytes), writes: () => session.meterWrites(onBytes) };
}

/**
 * sendDownloadable with quotas and accounting around it (meterResponse), for product bytes (package or
 * file) on every download route. HEAD and bodies that are not a product's pass through.
 */
export async function sendMeteredDownload(deps: MeteringDeps, request: FastifyRequest, reply: FastifyReply, d: Downloadable): Promise<FastifyReply> {
  const product = d.product;
  if (request.method !== 'GET' || product === undefined) return sendDownloadable(request, reply, d);
  const meter = await meterResponse(deps, request, reply, request.actor, {
    product,
    fileName: d.fileName,
    userAgent: request.headers['user-agent'],
    expectedBytes: expectedBodyBytes(request, d),
  });
  return sendDownloadable(request, reply, { ...d, open: async (start, endByte) => meter.stream(await d.open(start, endByte)) }, meter);
}

/** The product bytes sendDownloadable will send: the ranges it will honour, else the whole representation. */
function expectedBodyBytes(request: FastifyRequest, d: Downloadable): number {
  const header = (name: string): string | undefined => {
    const v = request.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  const decision = ifRangeHolds(header('if-range'), d) ? decideRange(header('range'), d.sizeBytes) : { kind: 'full' as const };
  return decision.kind === 'partial' ? decision.ranges.reduce((sum, r) => sum + r.end - r.start + 1, 0) : d.sizeBytes;
}
