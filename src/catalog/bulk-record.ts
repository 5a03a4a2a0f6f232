/** What the bulk record formats share (bulk-formats.ts, bulk-cdse.ts): the mapped product, validation helpers. */
import { z } from 'zod';
import { HubError } from '../errors/index.ts';
import type { AttributeValue, FootprintGeometry } from '../metadata/index.ts';
import { normaliseTimestamp } from '../query/index.ts';
import { BULK_ERRORS } from './bulk-errors.ts';
import { CATALOG_ERRORS } from './errors.ts';
import type { Checksum, Collection } from './types.ts';

/** One product as bulk registration stores it: insertProduct's NewProduct without files, plus CDSE's dates. */
export interface BulkProduct {
  id: string;
  name: string;
  collection: string;
  contentType: string;
  contentLength: number;
  originDate: string;
  publicationDate: string;
  modificationDate: string;
  sensingStart: string | null;
  sensingEnd: string | null;
  footprint: FootprintGeometry | null;
  online: boolean;
  evictionDate: string | null;
  storage: { store: string; path: string };
  checksums: Checksum[];
  attributes: Record<string, AttributeValue>;
  warnings: string[];
}

export interface FormatContext {
  collections: readonly Collection[];
  /** Store name products are registered in (their files are there already, or nowhere yet). */
  store: string;
  /** Publication date of products whose record has none: the time of the load. */
  now: string;
}

export function invalidRecord(message: string): HubError {
  return new HubError(BULK_ERRORS.INVALID_RECORD, 'invalid', message);
}

export const timestamp = z
  .string()
  .transform((v, c) => normaliseTimestamp(v) ?? (c.addIssue({ code: 'custom', message: 'not a timestamp' }), z.NEVER));
const lonLat = z.array(z.number()).min(2).max(3);
const ring = z.array(lonLat).min(4);
const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multiPolygonGeometry = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) });
export const geoFootprint = z.discriminatedUnion('type', [polygonGeometry, multiPolygonGeometry]);

/** `s3://eodata/Sentinel-2/...`, `/eodata/Sentinel-2/...` → `Sentinel-2/...` (the key inside the store). */
export function storagePath(href: string): string | undefined {
  const m = /^(?:s3:\/\/[^/]+|\/eodata)\/(.+)$/.exec(href);
  const path = m?.[1]?.replace(/\/+$/, '');
  if (path === undefined) return undefined;
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) throw invalidRecord(`storage path ${href} is not a clean key`);
  return path;
}

/**
 * A known collection: the name upper-cased, or the longest known collection the name extends with a
 * `-` (STAC's `sentinel-2-l2a` is SENTINEL-2 here, unless SENTINEL-2-L2A exists).
 */
export function resolveCollection(name: string, collections: readonly Collection[]): string {
  const upper = name.trim().toUpperCase();
  if (collections.some((c) => c.name === upper)) return upper;
  const parent = collections.filter((c) => upper.startsWith(`${c.name}-`)).sort((a, b) => b.name.length - a.name.length)[0];
  if (parent) return parent.name;
  throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_FOUND, 'invalid', `collection ${name} does not exist`);
}

export function collectionByPrefix(prefix: string | undefined, collections: readonly Collection[]): string {
  const c = collections.find((x) => x.storagePrefix === prefix);
  if (!c) throw invalidRecord(`no Collection.Name, and no collection stores under ${JSON.stringify(prefix ?? '')} (S3Path)`);
  return c.name;
}

export function readSchema<T extends z.ZodType>(schema: T, json: unknown): z.output<T> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw invalidRecord(`${where}${issue?.message ?? 'invalid record'}`);
}
