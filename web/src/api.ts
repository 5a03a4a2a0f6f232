/**
 * The hub's public APIs as the portal uses them, like any other client: STAC for search and collections,
 * OData for a product's online state, the Keycloak-style token endpoint for login, and downloads with
 * `Authorization: Bearer` (fetched into a blob and saved, since a link cannot carry a header).
 */
import type { StacSearchBody } from './lib/cql2.ts';
import type { Geometry } from './lib/antimeridian.ts';

export interface PortalConfig {
  realm: string;
  clientId: string;
  baseLayer: { url: string; attribution: string } | null;
}

export interface StacAsset {
  href: string;
  title?: string;
  type?: string;
  roles?: string[];
  'file:size'?: number;
  'file:checksum'?: string;
}

export interface StacItem {
  id: string;
  collection: string;
  geometry: Geometry | null;
  bbox?: number[];
  properties: Record<string, unknown> & { datetime?: string };
  assets: Record<string, StacAsset>;
  links: { rel: string; href: string }[];
}

export interface SearchPage {
  items: StacItem[];
  numberMatched: number | undefined;
  nextToken: string | null;
  prevToken: string | null;
}

export interface StacCollection {
  id: string;
  title?: string;
  description?: string;
  license?: string;
  extent: { spatial: { bbox: number[][] }; temporal: { interval: (string | null)[][] } };
  summaries?: Record<string, unknown>;
  links: { rel: string; href: string; title?: string }[];
  'eohub:productCount'?: number;
}

/** A request the hub refused because the caller must log in (401). */
export class LoginRequiredError extends Error {}

/** The hub's JSON answer, typed as the API documents it (the hub is trusted to keep its own contract). */
async function readJson<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { description?: string; code?: string };
    throw new Error(body.description ?? body.code ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

export async function fetchPortalConfig(): Promise<PortalConfig> {
  return readJson<PortalConfig>(await fetch('/portal/config.json'));
}

function tokenOf(links: { rel: string; href: string; body?: { token?: string } }[], rel: string): string | null {
  const link = links.find((l) => l.rel === rel);
  if (!link) return null;
  if (link.body?.token) return link.body.token;
  return new URL(link.href, location.href).searchParams.get('token');
}

export async function searchItems(body: StacSearchBody, signal?: AbortSignal): Promise<SearchPage> {
  const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  if (signal) init.signal = signal;
  const page = await readJson<{ features: StacItem[]; numberMatched?: number; links: { rel: string; href: string }[] }>(
    await fetch('/stac/search', init),
  );
  return {
    items: page.features,
    numberMatched: page.numberMatched,
    nextToken: tokenOf(page.links, 'next'),
    prevToken: tokenOf(page.links, 'prev'),
  };
}

export async function fetchItem(collection: string, id: string): Promise<StacItem> {
  return readJson<StacItem>(await fetch(`/stac/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`));
}

export async function fetchCollections(): Promise<StacCollection[]> {
  return (await readJson<{ collections: StacCollection[] }>(await fetch('/stac/collections'))).collections;
}

/** The OData product id a STAC item's package asset points at (`/odata/v1/Products(<Id>)/$value`). */
export function odataIdOf(item: StacItem): string | null {
  return /\/Products\(([^)]+)\)\/\$value$/.exec(item.assets['product']?.href ?? '')?.[1] ?? null;
}

export async function fetchODataProduct(id: string): Promise<{ Online?: boolean; S3Path?: string }> {
  return readJson(await fetch(`/odata/v1/Products(${id})`));
}

export function tokenUrl(config: PortalConfig): string {
  return `${location.origin}/auth/realms/${encodeURIComponent(config.realm)}/protocol/openid-connect/token`;
}

/** Password grant at the hub's token endpoint; the access token, or an error when refused. */
export async function logIn(config: PortalConfig, username: string, password: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: config.clientId, username, password });
  const response = await fetch(tokenUrl(config), { method: 'POST', body: form });
  if (response.status === 401 || response.status === 400) throw new LoginRequiredError('login refused');
  return (await readJson<{ access_token: string }>(response)).access_token;
}

/** Fetches a file with the session's token (when there is one) and saves it under its name. */
export async function downloadFile(url: string, fileName: string, token: string | null): Promise<void> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (response.status === 401) throw new LoginRequiredError('login required');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  saveBlob(await response.blob(), fileName);
}

/** An order as the OData orders API answers it (CDSE's Order entity, the fields the portal shows). */
export interface ProductOrder {
  Id: string;
  Status: string;
  EstimatedDate?: string | null;
}

/** Orders an offline product back from the archive (`OData.CSC.Order`); ordering needs a login. */
export async function orderProduct(odataId: string, token: string | null): Promise<ProductOrder> {
  const response = await fetch(`/odata/v1/Products(${odataId})/OData.CSC.Order`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}',
  });
  if (response.status === 401) throw new LoginRequiredError('login required');
  return readJson<ProductOrder>(response);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
