/**
 * The one place that decides the hub's base URL for links in responses: the address of the portal view
 * the request came through (api/views.ts), else the configured `publicUrl`, else the request's
 * X-Forwarded-Proto / X-Forwarded-Host (first value, as a reverse proxy sets them), else its protocol
 * and Host header.
 */
import type { FastifyRequest } from 'fastify';
import type { HubConfig } from '../config/index.ts';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function first(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  return v?.split(',')[0]?.trim() || undefined;
}

export function baseUrl(request: FastifyRequest, config: HubConfig): string {
  if (request.viewBaseUrl !== undefined) return request.viewBaseUrl;
  if (config.publicUrl !== undefined) return config.publicUrl.replace(/\/+$/, '');
  const proto = first(request.headers['x-forwarded-proto']);
  const host = first(request.headers['x-forwarded-host']) ?? first(request.headers.host);
  const scheme = proto === 'https' || proto === 'http' ? proto : request.protocol;
  // A Host that is not a host name would make every link unusable (or an injection): fall back to the listener.
  const safeHost = host !== undefined && HOST.test(host) ? host : `localhost:${config.port}`;
  return `${scheme}://${safeHost}`;
}

/** The request's own URL (path and query) on the base URL: a `self` link. */
export function requestUrl(request: FastifyRequest, config: HubConfig): string {
  return `${baseUrl(request, config)}${request.url}`;
}
