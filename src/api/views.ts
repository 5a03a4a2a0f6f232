/**
 * Portal views at the edge: a request whose Host (or, behind a proxy, X-Forwarded-Host) names one of a
 * view's hosts enters that view. Its actor then carries the view's name, and access/ narrows every scope
 * made for it, so each API hides what lies outside the view without knowing views exist. Links in
 * answers point at the view's own address, so that following them never leaves it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { viewForHost, type AccessView } from '../access/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The base URL of links when the request came through a portal view (api/links.ts). */
    viewBaseUrl: string | undefined;
  }
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

function headerValues(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.flatMap((v) => v.split(',')).map((v) => v.trim());
}

/**
 * The view a request came through, and the base URL of its links. The Host header is asked first, then
 * every X-Forwarded-Host value: a client that adds the header itself can only enter a view, which shows
 * less, never leave the one its Host names.
 */
export function viewOfRequest(request: FastifyRequest, views: readonly AccessView[]): { view: AccessView; baseUrl: string } | undefined {
  if (views.length === 0) return undefined;
  for (const host of [...headerValues(request.headers.host), ...headerValues(request.headers['x-forwarded-host'])]) {
    if (!HOST.test(host)) continue;
    const view = viewForHost(views, host);
    if (view === undefined) continue;
    const proto = headerValues(request.headers['x-forwarded-proto'])[0];
    const scheme = proto === 'https' || proto === 'http' ? proto : request.protocol;
    return { view, baseUrl: (view.publicUrl ?? `${scheme}://${host}`).replace(/\/+$/, '') };
  }
  return undefined;
}

/** Puts each request's actor into the view its host names (after actor resolution, before any route). */
export function installViewEntry(app: FastifyInstance, views: readonly AccessView[]): void {
  app.decorateRequest('viewBaseUrl', undefined);
  if (views.length === 0) return;
  app.addHook('onRequest', async (request) => {
    const entered = viewOfRequest(request, views);
    if (entered === undefined) return;
    request.actor = { ...request.actor, view: entered.view.name };
    request.viewBaseUrl = entered.baseUrl;
  });
}
