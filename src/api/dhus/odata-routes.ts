/**
 * DHuS OData v1 (OData 2.0) under `/dhus/odata/v1`, as far as sentinelsat uses it (reference §2.2 R3-R9b):
 * `Products('<uuid>')` (+ `$expand=Attributes`), `<Prop>/$value`, `Attributes('<Name>')/Value/$value`,
 * `$value` (download with Range, or 202 when offline: §1.3 "Triggering retrieval"), `Products('Quicklook')/$value`
 * and `Nodes('<a>')/.../Nodes('<f>')[/$value]`. Paths are parsed here from the raw URL (segments such as
 * `Products('x')` are not fastify parameters); bytes go through download/ and download-send.ts.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { dhusAttributes, presentDhusProduct, productUrl, simplePropertyValue, titleOf, DHUS_ERRORS } from '../../dhus/index.ts';
import { DOWNLOAD_ERRORS, type Downloadable, type ProductNode } from '../../download/index.ts';
import type { Product } from '../../catalog/index.ts';
import { ARCHIVE_ERRORS } from '../../archive/index.ts';
import { HubError, isHubError } from '../../errors/index.ts';
import type { ApiDeps } from '../deps.ts';
import { sendMeteredDownload } from '../quotas/metered-download.ts';
import { baseUrlOf } from '../odata/links.ts';

const KEYED = /^([A-Za-z]+)\((.*)\)$/;

function notFound(what: string): HubError {
  return new HubError(DHUS_ERRORS.DHUS_RESOURCE_NOT_FOUND, 'not_found', `no resource ${JSON.stringify(what.slice(0, 100))}`);
}

/** `Name('key')` or `Name(key)` → [Name, key]; OData 2 doubles quotes inside a quoted key. */
function keyed(segment: string): [string, string] | null {
  const m = KEYED.exec(segment);
  if (!m) return null;
  const key = m[2] as string;
  const unquoted = key.length >= 2 && key.startsWith("'") && key.endsWith("'") ? key.slice(1, -1).replaceAll("''", "'") : key;
  return [m[1] as string, unquoted];
}

/** The decoded path segments after `/dhus/odata/v1/`. */
function segmentsOf(rawUrl: string): string[] {
  const path = rawUrl.split('?')[0] ?? '';
  const rest = path.slice(path.indexOf('/odata/v1/') + '/odata/v1/'.length);
  return rest.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new HubError(DHUS_ERRORS.DHUS_INVALID_PARAMETER, 'invalid', `${JSON.stringify(s.slice(0, 100))} is not valid percent-encoding`);
    }
  });
}

function checkFormat(query: Record<string, unknown>): { expandAttributes: boolean } {
  const format = query['$format'];
  if (format !== undefined && format !== 'json') {
    throw new HubError(DHUS_ERRORS.DHUS_INVALID_PARAMETER, 'invalid', '$format must be json');
  }
  const expand = query['$expand'];
  if (expand !== undefined && typeof expand !== 'string') throw new HubError(DHUS_ERRORS.DHUS_INVALID_PARAMETER, 'invalid', '$expand given twice');
  const names = expand === undefined || expand === '' ? [] : expand.split(',').map((s) => s.trim());
  if (names.some((n) => !['Attributes', 'Class', 'Products', 'Nodes'].includes(n))) {
    throw new HubError(DHUS_ERRORS.DHUS_INVALID_PARAMETER, 'invalid', '$expand takes Attributes, Class, Products or Nodes');
  }
  return { expandAttributes: names.includes('Attributes') };
}

const text = (reply: FastifyReply, value: string): FastifyReply => reply.type('text/plain').send(value);

export const dhusODataRoutes: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const [first = '', ...rest] = segmentsOf(request.raw.url ?? '');
    const k = keyed(first);
    if (!k || k[0] !== 'Products') throw notFound(first);
    const product = await deps.dhus.product(request.actor, k[1]);
    const base = baseUrlOf(request, deps.config.publicUrl);
    const query = request.query as Record<string, unknown>; // fastify's query parser: strings and arrays
    const [head, ...tail] = rest;
    if (head === undefined || (head === '' && tail.length === 0)) {
      return reply.send(presentDhusProduct(product, { baseUrl: base, ...checkFormat(query) }));
    }
    if (head === '$value' && tail.length === 0) return sendPackage(request, reply, product);
    if (head === 'Attributes' && tail.length === 0) {
      checkFormat(query);
      return reply.send({ d: { results: dhusAttributes(product) } });
    }
    const sub = keyed(head);
    if (sub?.[0] === 'Attributes') return sendAttribute(reply, product, sub[1], tail);
    if (sub?.[0] === 'Products' && (sub[1] === 'Quicklook' || sub[1] === 'Thumbnail') && tail.length === 1 && tail[0] === '$value') {
      return sendQuicklook(request, reply, product);
    }
    if (head === 'Nodes' || sub?.[0] === 'Nodes') return sendNodes(request, reply, product, rest, base);
    const value = simplePropertyValue(product, head);
    if (value !== undefined && tail.length === 1 && tail[0] === '$value') return text(reply, value);
    if (value !== undefined && tail.length === 0) return reply.send({ d: { [head]: value } });
    throw notFound(head);
  };

  /**
   * DHuS's "retrieval triggered" (§1.3): the `$value` of an offline product orders it for the caller (or
   * joins the restore already under way); a user past their order limit gets DHuS's quota refusal, 403.
   */
  async function triggerRetrieval(request: FastifyRequest, product: Product): Promise<void> {
    try {
      await deps.orders.place(request.actor, { productIds: [product.id] });
    } catch (error) {
      if (isHubError(error) && error.code === ARCHIVE_ERRORS.ORDER_LIMIT_REACHED) {
        const username = request.actor.kind === 'user' ? request.actor.username : '';
        throw new HubError(
          error.code,
          'forbidden',
          `User '${username}' offline products retrieval quota exceeded (${String(error.details?.['limit'])} fetches max) trying to fetch product ${product.name} (${product.contentLength} bytes compressed)`,
        );
      }
      throw error;
    }
  }

  /** `$value`: the package, named `<Name>.zip` as DHuS names it (§4 item 8); 202 while the product is offline (§2.7). */
  async function sendPackage(request: FastifyRequest, reply: FastifyReply, product: Product): Promise<FastifyReply> {
    let d: Downloadable;
    try {
      d = await deps.download.openProductPackage(request.actor, product.id);
    } catch (error) {
      if (isHubError(error) && error.code === DOWNLOAD_ERRORS.PRODUCT_OFFLINE) {
        await triggerRetrieval(request, product);
        return reply.status(202).type('text/plain').send('');
      }
      throw error;
    }
    const fileName = d.mediaType === 'application/zip' ? `${titleOf(product.name)}.zip` : d.fileName;
    return sendMeteredDownload(deps, request, reply, { ...d, fileName });
  }

  function sendAttribute(reply: FastifyReply, product: Product, name: string, tail: string[]): FastifyReply {
    const a = dhusAttributes(product).find((x) => x.Name === name);
    if (!a) throw notFound(`Attributes('${name}')`);
    if (tail.length === 0) return reply.send({ d: a });
    if (tail[0] === 'Value' && tail.length === 1) return reply.send({ d: { Value: a.Value } });
    if (tail[0] === 'Value' && tail[1] === '$value' && tail.length === 2) return text(reply, a.Value);
    throw notFound(tail.join('/'));
  }

  /** sentinelsat wants `image/jpeg` exactly (R8): a PNG quicklook is re-encoded. */
  async function sendQuicklook(request: FastifyRequest, reply: FastifyReply, product: Product): Promise<FastifyReply> {
    const file = await deps.dhus.quicklook(product);
    const root = (await deps.download.listProductNodes(request.actor, product.id, []))[0]?.name ?? product.name;
    const d = await deps.download.openProductNode(request.actor, product.id, [root, ...file.path.split('/')]);
    const chunks: Buffer[] = [];
    for await (const chunk of await d.open(0, d.sizeBytes - 1)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const jpeg = file.mediaType === 'image/jpeg' ? bytes : await sharp(bytes).jpeg({ quality: 85 }).toBuffer();
    return reply.header('content-type', 'image/jpeg').send(jpeg);
  }

  /** `Nodes`, `Nodes('a')/.../Nodes('f')` (entity), `.../Nodes` (children) and `.../Nodes('f')/$value` (bytes). */
  async function sendNodes(request: FastifyRequest, reply: FastifyReply, product: Product, path: string[], base: string): Promise<FastifyReply> {
    const names: string[] = [];
    let last: 'node' | 'list' | 'value' = 'node';
    for (const [i, segment] of path.entries()) {
      const k = keyed(segment);
      if (k?.[0] === 'Nodes') names.push(k[1]);
      else if (segment === 'Nodes' && i === path.length - 1) last = 'list';
      else if (segment === '$value' && i === path.length - 1 && names.length > 0) last = 'value';
      else throw notFound(segment);
    }
    if (last === 'value') return sendMeteredDownload(deps, request, reply, await deps.download.openProductNode(request.actor, product.id, names));
    const uri = (trail: string[]): string => `${productUrl(base, product.id)}/${trail.map((n) => `Nodes('${encodeURIComponent(n)}')`).join('/')}`;
    const entity = (n: ProductNode, trail: string[]) => ({
      __metadata: { id: uri(trail), uri: uri(trail), type: 'DHuS.Node', media_src: `${uri(trail)}/$value` },
      Id: n.name,
      Name: n.name,
      ContentType: n.file?.mediaType ?? 'Item',
      ContentLength: String(n.file ? n.sizeBytes : 0),
      ChildrenNumber: String(n.childrenCount),
      Value: null,
      Nodes: { __deferred: { uri: `${uri(trail)}/Nodes` } },
    });
    if (last === 'list') {
      const children = await deps.download.listProductNodes(request.actor, product.id, names);
      return reply.send({ d: { results: children.map((n) => entity(n, [...names, n.name])) } });
    }
    const siblings = await deps.download.listProductNodes(request.actor, product.id, names.slice(0, -1));
    const node = siblings.find((n) => n.name === names.at(-1));
    if (!node) throw new HubError(DOWNLOAD_ERRORS.NODE_NOT_FOUND, 'not_found', `no node ${JSON.stringify(names.join('/').slice(0, 200))}`);
    return reply.send({ d: entity(node, names) });
  }

  app.route({ method: ['GET', 'HEAD'], url: '/*', handler });
};
