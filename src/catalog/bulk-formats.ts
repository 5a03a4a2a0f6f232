/**
 * The record formats of bulk registration, one JSON document per line, each validated and mapped to the
 * catalogue model before anything reaches the database:
 *
 * - `stac`: a STAC Item (item-spec 1.x). Its properties are read by the same extractor as an ingested
 *   STAC item (metadata/stac-item.ts), so collection, times, footprint and attributes mean the same on both
 *   paths. The product package is the asset with role `data` (or key `product`): its `href`
 *   (`s3://eodata/...`) is the storage location, `file:size` the content length, `file:checksum` (a
 *   multihash: MD5, SHA-256 or BLAKE3) the checksum.
 * - `cdse`: CDSE's OData Product entity with `Attributes` expanded (reference/cdse.md §1.2). The collection
 *   is `Collection.Name` when given, else the collection whose storage prefix opens `S3Path`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { extractMetadata } from '../metadata/index.ts';
import { productPrefix } from '../storage/index.ts';
import { fromCdse } from './bulk-cdse.ts';
import {
  invalidRecord,
  readSchema,
  resolveCollection,
  storagePath,
  timestamp,
  type BulkProduct,
  type FormatContext,
} from './bulk-record.ts';
import type { Checksum } from './types.ts';

export type { BulkProduct, FormatContext } from './bulk-record.ts';
export type BulkFormat = 'stac' | 'cdse';
export const BULK_FORMATS: readonly BulkFormat[] = ['stac', 'cdse'];

/** Parses and maps one line; throws BULK_INVALID_RECORD (or the extractor's MALFORMED_METADATA) when it cannot. */
export async function parseBulkRecord(format: BulkFormat, line: string, ctx: FormatContext): Promise<BulkProduct> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw invalidRecord('not a JSON document');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalidRecord('not a JSON object');
  const product = format === 'stac' ? await fromStac(json, line, ctx) : fromCdse(json, ctx);
  checkProduct(product);
  return product;
}

const stacAsset = z
  .object({
    href: z.string().optional(),
    type: z.string().optional(),
    roles: z.array(z.string()).optional(),
    'file:size': z.number().int().nonnegative().optional(),
    'file:checksum': z
      .string()
      .regex(/^[0-9a-f]+$/i)
      .optional(),
  })
  .loose();
const stacEnvelope = z
  .object({
    id: z.string().min(1).max(255),
    properties: z.object({ published: timestamp.optional(), created: timestamp.optional(), updated: timestamp.optional() }).loose(),
    assets: z.record(z.string(), stacAsset).default({}),
  })
  .loose();

async function fromStac(json: object, line: string, ctx: FormatContext): Promise<BulkProduct> {
  const item = readSchema(stacEnvelope, json);
  // The ingest extractor reads the item, from memory: one file named item.json.
  const text = Buffer.from(line);
  const meta = await extractMetadata({
    arrivalName: 'item.json',
    files: [{ path: 'item.json', sizeBytes: text.length }],
    readFile: () => Promise.resolve(text),
    localPath: () => {
      throw new Error('a bulk record has no local file');
    },
  });
  const collection = resolveCollection(meta.collection, ctx.collections);
  const [assetKey, asset] =
    Object.entries(item.assets).find(([, a]) => a.roles?.includes('data') && /zip|octet-stream/.test(a.type ?? '')) ??
    Object.entries(item.assets).find(([k]) => k === 'product') ??
    [];
  const published = item.properties.published ?? item.properties.created ?? ctx.now;
  const checksum = asset?.['file:checksum'];
  const location = asset?.href === undefined ? undefined : storagePath(asset.href);
  return {
    id: nameBasedUuid(`${collection}/${meta.name}`),
    name: meta.name,
    collection,
    contentType: asset?.type ?? 'application/zip',
    contentLength: asset?.['file:size'] ?? 0,
    originDate: item.properties.created ?? published,
    publicationDate: published,
    modificationDate: item.properties.updated ?? published,
    sensingStart: meta.sensingStart,
    sensingEnd: meta.sensingEnd,
    footprint: meta.footprint,
    online: true,
    evictionDate: null,
    storage: {
      store: ctx.store,
      path: location ?? productPrefix(meta.layout, meta.sensingStart ?? published, meta.name),
    },
    checksums: checksum === undefined ? [] : [fromMultihash(checksum, published, assetKey ?? 'product')],
    attributes: meta.attributes,
    warnings: meta.warnings,
  };
}

/** Multihash (https://github.com/multiformats/multicodec): code, digest length, digest, in hex. */
const MULTIHASH: Record<string, [Checksum['algorithm'], number]> = { d5: ['MD5', 16], '12': ['SHA256', 32], '1e': ['BLAKE3', 32] };

function fromMultihash(hex: string, date: string, asset: string): Checksum {
  const lower = hex.toLowerCase();
  const known = MULTIHASH[lower.slice(0, 2)];
  if (!known || parseInt(lower.slice(2, 4), 16) !== known[1] || lower.length !== 4 + 2 * known[1]) {
    throw invalidRecord(`asset ${asset}: file:checksum is not an MD5, SHA-256 or BLAKE3 multihash`);
  }
  return { algorithm: known[0], value: lower.slice(4), date };
}

/** What the database would refuse, found here so that the error names the line. */
function checkProduct(p: BulkProduct): void {
  if (/[/\\]/.test(p.name) || p.name.startsWith('.') || !isStorableText(p.name))
    throw invalidRecord(`unusable product name ${JSON.stringify(p.name)}`);
  if (p.sensingStart !== null && p.sensingEnd !== null && Date.parse(p.sensingEnd) < Date.parse(p.sensingStart)) {
    throw invalidRecord('the sensing end is before its start');
  }
  for (const [name, a] of Object.entries(p.attributes)) {
    if (!isStorableText(name) || (typeof a.value === 'string' && !isStorableText(a.value)))
      throw invalidRecord(`attribute ${name} holds unstorable text`);
    if (typeof a.value === 'number' && !Number.isFinite(a.value)) throw invalidRecord(`attribute ${name} is not a finite number`);
  }
  const polygons = p.footprint === null ? [] : p.footprint.type === 'Polygon' ? [p.footprint.coordinates] : p.footprint.coordinates;
  const offEarth = ([lon = NaN, lat = NaN]: number[]): boolean => !(Math.abs(lon) <= 360 && Math.abs(lat) <= 90);
  if (polygons.some((rings) => rings.some((r) => r.some(offEarth))))
    throw invalidRecord('the footprint has a position that is not lon/lat');
}

/**
 * A STAC item has no UUID; a name-based one (RFC 9562 §5.5, version 5) gives the same product the same
 * Id in every hub that loads the same record, so mirrors and reloads agree.
 */
const NAMESPACE = Buffer.from('6f1c3b0e2d5a4f4e9b8a7c6d5e4f3a2b', 'hex');
function nameBasedUuid(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Text PostgreSQL can hold: no NUL, no lone UTF-16 surrogate (jsonb refuses both). */
function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
