import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DOWNLOAD_ERRORS, type ProductNode } from '../../download/index.ts';
import { HubError } from '../../errors/index.ts';
import type { ApiDeps } from '../deps.ts';
import { sendMeteredDownload } from '../quotas/metered-download.ts';
import { isAssetSegment, sendQuicklookAsset } from './assets.ts';
import { sendODataError } from './errors.ts';
import { baseUrlOf } from './links.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Products(<uuid>)` or DHuS's `Products('<uuid>')` (reference/dhus-sentinelsat.md). */
function productId(segment: string): string {
  if (!segment.startsWith('Products(')) {
    throw new HubError(DOWNLOAD_ERRORS.RESOURCE_NOT_FOUND, 'not_found', `no resource ${JSON.stringify(segment)} under /odata/v1`);
  }
  const m = /^Products\('?([^()']*)'?\)$/.exec(segment);
  const id = m?.[1];
  if (id === undefined || !UUID.test(id)) {
    throw new HubError(DOWNLOAD_ERRORS.INVALID_PRODUCT_ID, 'invalid', `${JSON.stringify(segment)} is not Products(<uuid>)`);
  }
  return id.toLowerCase();
}

/**
 * The path after `Products(<id>)/`, read from the raw URL so that an encoded slash stays inside its
 * segment (and is then refused) instead of splitting it: `Nodes`, or `Nodes(<a>)/.../Nodes` or
 * `.../Nodes(<z>)/$value`. Segments are URL-decoded and may be quoted as in DHuS (`Nodes('X.SAFE')`).
 */
function nodePath(rawUrl: string): { segments: string[]; value: boolean } {
  const path = rawUrl.split('?')[0] ?? '';
  const parts = path.split('/');
  const start = parts.findIndex((p) => p.startsWith('Products('));
  const rest = parts.slice(start + 1);
  const last = rest.pop();
  const segments = rest.map((raw) => {
    const m = /^Nodes\((.*)\)$/.exec(raw);
    if (!m) throw new HubError(DOWNLOAD_ERRORS.NODE_NOT_FOUND, 'not_found', `${JSON.stringify(raw)} is not Nodes(<name>)`);
    let name: string;
    try {
      name = decodeURIComponent(m[1] as string);
    } catch {
      throw new HubError(DOWNLOAD_ERRORS.INVALID_NODE_PATH, 'invalid', `${JSON.stringify(raw)} is not valid percent-encoding`);
    }
    return name.length >= 2 && name.startsWith("'") && name.endsWith("'") ? name.slice(1, -1).replaceAll("''", "'") : name;
  });
  if (last === '$value' && segments.length > 0) return { segments, value: true };
  if (last === 'Nodes') return { segments, value: false };
  throw new HubError(DOWNLOAD_ERRORS.NODE_NOT_FOUND, 'not_found', 'expected .../Nodes or .../Nodes(<name>)/$value');
}

/** The CDSE Nodes listing (reference/cdse.md §1.8): envelope `result`, folders with ChildrenNumber > 0. */
function presentNodes(base: string, id: string, parents: readonly string[], nodes: readonly ProductNode[]): unknown {
  const prefix = `${base}/odata/v1/Products(${id})/${parents.map((p) => `Nodes(${encodeURIComponent(p)})/`).join('')}`;
  return {
    result: nodes.map((n) => ({
      Id: n.name,
      Name: n.name,
      ContentLength: n.sizeBytes,
      ChildrenNumber: n.childrenCount,
      Nodes: { uri: `${prefix}Nodes(${encodeURIComponent(n.name)})/Nodes` },
    })),
  };
}

/**
 * Product download and browsing, CDSE style (reference/cdse.md §1.7-1.8): `Products(<id>)/$value`,
 * `Products(<id>)/Nodes[(<a>)/Nodes...]` and `.../Nodes(<file>)/$value`, GET and HEAD, with ranges and
 * conditional requests (download-send.ts). Registered under the `/odata/v1` prefix beside the OData
 * catalogue (plugin.ts), whose error bodies it shares (errors.ts).
 */
export const odataDownloadPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.setErrorHandler((error: Error, request, reply) => sendODataError(error, request, reply));
  app.route<{ Params: { product: string } }>({
    method: ['GET', 'HEAD'],
    url: '/:product/$value',
    handler: async (request, reply) => {
      // `Assets(<id>)/$value` shares this pattern: the quicklook route (assets.ts) answers it.
      if (isAssetSegment(request.params.product)) return sendQuicklookAsset(deps, request.params.product, request, reply);
      const d = await deps.download.openProductPackage(request.actor, productId(request.params.product));
      return sendMeteredDownload(deps, request, reply, d);
    },
  });
  const nodes = async (request: FastifyRequest<{ Params: { product: string } }>, reply: FastifyReply): Promise<FastifyReply> => {
    const id = productId(request.params.product);
    const { segments, value } = nodePath(request.raw.url ?? '');
    if (value) return sendMeteredDownload(deps, request, reply, await deps.download.openProductNode(request.actor, id, segments));
    const list = await deps.download.listProductNodes(request.actor, id, segments);
    return reply.send(presentNodes(baseUrlOf(request, deps.config.publicUrl), id, segments, list));
  };
  app.route({ method: ['GET', 'HEAD'], url: '/:product/Nodes', handler: nodes });
  app.route({ method: ['GET', 'HEAD'], url: '/:product/Nodes(*', handler: nodes });
};
