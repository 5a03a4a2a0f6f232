import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ARCHIVE_ERRORS, type Order } from '../../archive/index.ts';
import { HubError } from '../../errors/index.ts';
import type { ApiDeps } from '../deps.ts';
import { sendODataError } from './errors.ts';

/**
 * Orders of offline products, after the CSC LTA ICD that CDSE's archive speaks (reference/cdse.md §6.2,
 * reference/dhus-sentinelsat.md §1.3 "the action OData.CSC.Order"):
 *
 *   POST /odata/v1/Products(<Id>)/OData.CSC.Order        {"Priority"?} → 201 Order
 *   POST /odata/v1/BatchOrder/OData.CSC.Order           {"Products":[{"Id"}] | "IdentifierList":[<Id>], "Priority"?} → 201 {value:[Order]}
 *   GET  /odata/v1/Orders[?$top=&$skip=]                 the caller's orders (an admin's: all), newest first
 *   GET  /odata/v1/Orders(<Id>)
 *   POST /odata/v1/Orders(<Id>)/OData.CSC.Cancel
 *
 * Order: Id, Status (queued | in_progress | completed | failed | cancelled), StatusMessage, OrderSize,
 * SubmissionDate, EstimatedDate, CompletedDate, EvictionDate, Priority, plus ProductId and ProductName.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDER_SEGMENT = /^Orders\('?([^'()]*)'?\)$/;

function invalid(message: string): HubError {
  return new HubError(ARCHIVE_ERRORS.ORDER_INVALID, 'invalid', message);
}

function keyIn(segment: string, pattern: RegExp, what: string): string {
  const id = pattern.exec(segment)?.[1];
  if (id === undefined) throw new HubError('ODATA_NOT_FOUND', 'not_found', `no resource ${JSON.stringify(segment.slice(0, 100))}`);
  if (!UUID.test(id)) throw invalid(`${JSON.stringify(segment.slice(0, 100))} is not ${what}(<uuid>)`);
  return id.toLowerCase();
}

export function isOrderSegment(segment: string): boolean {
  return segment.startsWith('Orders(');
}

const priority = z.number().int().min(0).max(100).optional();
const orderBody = z.object({ Priority: priority }).loose();
const batchBody = z
  .object({
    Products: z.array(z.object({ Id: z.string().regex(UUID) }).loose()).optional(),
    IdentifierList: z.array(z.string().regex(UUID)).optional(),
    Priority: priority,
  })
  .loose();
const pageQuery = z.object({ $top: z.coerce.number().int().min(1).max(1000).optional(), $skip: z.coerce.number().int().min(0).optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw invalid(r.error.issues.map((i) => `${i.path.join('/') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

function presentOrder(o: Order): Record<string, unknown> {
  return {
    Id: o.id,
    Status: o.status,
    StatusMessage: o.statusMessage,
    OrderSize: o.sizeBytes,
    SubmissionDate: o.submittedAt,
    EstimatedDate: o.estimatedAt,
    CompletedDate: o.completedAt,
    EvictionDate: o.evictionDate,
    Priority: o.priority,
    ProductId: o.productId,
    ProductName: o.productName,
    ...(o.batchId ? { BatchOrderId: o.batchId } : {}),
  };
}

const entity = (o: Order) => ({ '@odata.context': '$metadata#Orders/$entity', ...presentOrder(o) });
const collection = (orders: readonly Order[]) => ({ '@odata.context': '$metadata#Orders', value: orders.map(presentOrder) });

/** `GET Orders(<Id>)`; the catalogue's keyed route (plugin.ts) hands such segments here. */
export async function sendOrder(deps: ApiDeps, request: FastifyRequest<{ Params: { product: string } }>, reply: FastifyReply): Promise<FastifyReply> {
  return reply.send(entity(await deps.orders.get(request.actor, keyIn(request.params.product, ORDER_SEGMENT, 'Orders'))));
}

export const odataOrdersPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.setErrorHandler((error: Error, request, reply) => sendODataError(error, request, reply));

  app.post<{ Params: { product: string } }>('/:product/OData.CSC.Order', async (request, reply) => {
    const id = keyIn(request.params.product, /^Products\('?([^'()]*)'?\)$/, 'Products');
    const body = parse(orderBody, request.body);
    const [order] = await deps.orders.place(request.actor, { productIds: [id], ...(body.Priority === undefined ? {} : { priority: body.Priority }) });
    return reply.status(201).send(entity(order as Order));
  });

  app.post('/BatchOrder/OData.CSC.Order', async (request, reply) => {
    const body = parse(batchBody, request.body);
    const ids = [...(body.Products ?? []).map((p) => p.Id), ...(body.IdentifierList ?? [])].map((id) => id.toLowerCase());
    if (ids.length === 0) throw invalid('name the products in Products or IdentifierList');
    if (ids.length > 1000) throw invalid('at most 1000 products per batch order');
    const orders = await deps.orders.place(request.actor, { productIds: ids, ...(body.Priority === undefined ? {} : { priority: body.Priority }) });
    return reply.status(201).send(collection(orders));
  });

  app.get('/Orders', async (request, reply) => {
    const q = parse(pageQuery, request.query);
    const orders = await deps.orders.list(request.actor, { ...(q.$top ? { limit: q.$top } : {}), ...(q.$skip ? { skip: q.$skip } : {}) });
    return reply.send(collection(orders));
  });

  app.post<{ Params: { product: string } }>('/:product/OData.CSC.Cancel', async (request, reply) => {
    const id = keyIn(request.params.product, ORDER_SEGMENT, 'Orders');
    return reply.send(entity(await deps.orders.cancel(request.actor, id)));
  });
};
