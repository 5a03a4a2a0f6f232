/**
 * Rendering STAC answers: content types (application/geo+json for items and item collections,
 * application/json elsewhere, OGC API Features /req/geojson/content), ETag + If-None-Match → 304
 * (RFC 9110 §13.1.2), and the ItemCollection with its paging links (STAC API item-search "Pagination":
 * GET links carry the token in the URL; POST links carry method, the whole body with the token, and
 * merge: false).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { applyFields, type FieldsSpec, type StacItem, type StacSearchResult } from '../../stac/index.ts';

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';

/** Sends a JSON document with a strong ETag of its bytes; 304 when the client already has it. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: unknown, type: string = JSON_TYPE): FastifyReply {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  void reply.header('etag', etag).header('content-type', type);
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*')) {
    return reply.status(304).send();
  }
  // A Buffer, so that fastify sends the media type exactly as given (it rewrites parameters of string bodies).
  return reply.send(Buffer.from(text));
}

function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}

export interface PagingLinks {
  /** The URL of this request (GET) or the search endpoint (POST). */
  self: string;
  root: string;
  method: 'GET' | 'POST';
  /** The POST body, to repeat in next/prev links. */
  body?: Record<string, unknown> | undefined;
  /** More links (parent, collection) for item lists. */
  extra?: Record<string, unknown>[] | undefined;
}

function pageLink(rel: 'next' | 'prev', token: string, p: PagingLinks): Record<string, unknown> {
  if (p.method === 'GET') return { rel, type: GEOJSON, method: 'GET', href: withParam(p.self, 'token', token) };
  return { rel, type: GEOJSON, method: 'POST', href: p.self, body: { ...(p.body ?? {}), token }, merge: false };
}

export function itemCollection(
  result: StacSearchResult,
  items: StacItem[],
  fields: FieldsSpec | undefined,
  p: PagingLinks,
): Record<string, unknown> {
  const links: Record<string, unknown>[] = [
    { rel: 'self', type: GEOJSON, href: p.self, ...(p.method === 'POST' ? { method: 'POST' } : {}) },
    { rel: 'root', type: JSON_TYPE, href: p.root },
    ...(p.extra ?? []),
  ];
  if (result.nextToken !== null) links.push(pageLink('next', result.nextToken, p));
  if (result.prevToken !== null) links.push(pageLink('prev', result.prevToken, p));
  return {
    type: 'FeatureCollection',
    features: items.map((i) => applyFields(i, fields)),
    links,
    ...(result.numberMatched === undefined ? {} : { numberMatched: result.numberMatched }),
    numberReturned: items.length,
    ...(result.numberMatchedEstimated ? { 'eohub:numberMatchedEstimated': true } : {}),
  };
}
