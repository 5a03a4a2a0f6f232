import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Downloadable } from '../../download/index.ts';
import type { HubMetrics } from '../../metrics/index.ts';
import type { QuotaService } from '../../quotas/index.ts';
import { sendDownloadable } from '../odata/download-send.ts';
import { noteQuotaRefusal } from './rejections.ts';

/**
 * sendDownloadable with quotas and accounting around it, for product bytes (package or file) on every
 * download route: takes a download slot (429 when all are taken or the month's volume is used up),
 * paces and counts the body, and frees the slot and closes the usage row when the response ends
 * (complete) or the client goes away (aborted). HEAD and bodies that are not a product's pass through.
 */
export async function sendMeteredDownload(
  deps: { quotas: QuotaService; metrics: HubMetrics },
  request: FastifyRequest,
  reply: FastifyReply,
  d: Downloadable,
): Promise<FastifyReply> {
  const product = d.product;
  if (request.method !== 'GET' || product === undefined) return sendDownloadable(request, reply, d);
  let session;
  try {
    session = await deps.quotas.beginDownload(
      { actor: request.actor, address: request.ip },
      { product, fileName: d.fileName, userAgent: request.headers['user-agent'] },
    );
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
  const labels = { collection: product.collection };
  return sendDownloadable(request, reply, {
    ...d,
    open: async (start, endByte) => session.meter(await d.open(start, endByte), (n) => metrics.downloadBytes.inc(labels, n)),
  });
}
