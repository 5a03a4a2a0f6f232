/**
 * The hub's public root for links in OData answers: config `publicUrl` when set, else what the client
 * reached (X-Forwarded-Proto/-Host from a proxy, then Host). Header values are checked, so that a forged
 * Host cannot inject markup or other URLs into responses.
 */
import type { FastifyRequest } from 'fastify';

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim();
}

export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  // A portal view's own address (api/views.ts), so that links never lead out of the view.
  if (request.viewBaseUrl !== undefined) return request.viewBaseUrl;
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  const proto = firstHeader(request.headers['x-forwarded-proto']);
  const host = firstHeader(request.headers['x-forwarded-host']) ?? firstHeader(request.headers.host);
  const scheme = proto === 'https' || proto === 'http' ? proto : request.protocol;
  return `${scheme}://${host !== undefined && HOST.test(host) ? host : 'localhost'}`;
}

/** The same query with `$skip` set to `skip`, encoded as CDSE does (`%24skip`, `+` for spaces; CDSE §1.3). */
export function nextLink(
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, string | readonly string[] | undefined>>,
  skip: number,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === '$skip' || value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
  }
  params.append('$skip', String(skip));
  return `${baseUrl}/odata/v1/${path}?${params.toString()}`;
}
