/**
 * `GET|HEAD /odata/v1/Assets(<id>)/$value`: a product's quicklook image, anonymous as on CDSE (reference/cdse.md
 * §1.2, "Expanded parts": Assets carry a DownloadLink of this form), with the download headers, ranges and
 * conditionals of download-send.ts. The id is odata's quicklookAssetId(product, path); deps.assets finds
 * the file. download.ts's `/:product/$value` route hands `Assets(...)` segments here, so the two route
 * tables cannot collide.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DOWNLOAD_ERRORS } from '../../download/index.ts';
import { HubError } from '../../errors/index.ts';
import type { ApiDeps } from '../deps.ts';
import { sendDownloadable } from './download-send.ts';

const ASSET = /^Assets\('?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'?\)$/;

/** True for a path segment that names an asset (`Assets(` …), valid or not: the Assets route answers it. */
export function isAssetSegment(segment: string): boolean {
  return segment.startsWith('Assets(');
}

export async function sendQuicklookAsset(
  deps: ApiDeps,
  segment: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const id = ASSET.exec(segment)?.[1];
  const missing = new HubError(DOWNLOAD_ERRORS.RESOURCE_NOT_FOUND, 'not_found', `no asset ${JSON.stringify(segment.slice(0, 100))}`);
  if (id === undefined) throw missing;
  const file = await deps.assets.findQuicklook(request.actor, id.toLowerCase());
  if (file === null) throw missing;
  const d = await deps.download.openProductNode(request.actor, file.productId, [file.productName, ...file.path.split('/')]);
  return sendDownloadable(request, reply, d);
}
