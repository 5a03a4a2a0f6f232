/**
 * The `cdse` bulk format: CDSE's OData Product entity with `Attributes` expanded (reference/cdse.md §1.2).
 * The collection is `Collection.Name` when given, else the collection whose storage prefix opens `S3Path`;
 * `Footprint` (EWKT) is read only when `GeoFootprint` is absent.
 */
import { z } from 'zod';
import type { HubError } from '../errors/index.ts';
import type { AttributeValue, FootprintGeometry } from '../metadata/index.ts';
import { normaliseTimestamp } from '../query/index.ts';
import { productPrefix } from '../storage/index.ts';
import {
  collectionByPrefix,
  geoFootprint,
  invalidRecord,
  readSchema,
  resolveCollection,
  storagePath,
  timestamp,
  type BulkProduct,
  type FormatContext,
} from './bulk-record.ts';
import { parseFootprintWkt } from './bulk-wkt.ts';
import type { Checksum } from './types.ts';

const cdseAttribute = z.object({
  Name: z.string().min(1).max(200),
  Value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  ValueType: z.enum(['String', 'Integer', 'Double', 'DateTimeOffset', 'Boolean']),
});
const cdseProduct = z.object({
  Id: z.uuid(),
  Name: z.string().min(1).max(255),
  ContentType: z.string().min(1).default('application/octet-stream'),
  ContentLength: z.number().int().nonnegative().default(0),
  OriginDate: timestamp.optional(),
  PublicationDate: timestamp.optional(),
  ModificationDate: timestamp.optional(),
  Online: z.boolean().default(true),
  EvictionDate: z.union([timestamp, z.literal(''), z.null()]).optional(),
  S3Path: z.string().min(1).optional(),
  Checksum: z
    .array(z.object({ Value: z.string().regex(/^[0-9a-f]+$/i), Algorithm: z.string(), ChecksumDate: timestamp.optional() }))
    .default([]),
  ContentDate: z.object({ Start: timestamp.nullable(), End: timestamp.nullable() }).nullable().optional(),
  Footprint: z.string().nullable().optional(),
  GeoFootprint: geoFootprint.nullable().optional(),
  Attributes: z.array(cdseAttribute).default([]),
  Collection: z.object({ Name: z.string().min(1) }).optional(),
});

/** CDSE prints "never evicted" as the year 9999 (reference/cdse.md §1.2): no eviction date. */
const NEVER = /^9999-/;
const CHECKSUM_ALGORITHMS: Record<string, Checksum['algorithm']> = { MD5: 'MD5', BLAKE3: 'BLAKE3', SHA256: 'SHA256', 'SHA-256': 'SHA256' };

export function fromCdse(json: object, ctx: FormatContext): BulkProduct {
  const p = readSchema(cdseProduct, json);
  const s3Path = p.S3Path === undefined ? undefined : storagePath(p.S3Path);
  const collection = p.Collection
    ? resolveCollection(p.Collection.Name, ctx.collections)
    : collectionByPrefix(s3Path?.split('/')[0], ctx.collections);
  const published = p.PublicationDate ?? ctx.now;
  const warnings: string[] = [];
  const checksums: Checksum[] = [];
  for (const c of p.Checksum) {
    const algorithm = CHECKSUM_ALGORITHMS[c.Algorithm.toUpperCase()];
    if (algorithm) checksums.push({ algorithm, value: c.Value.toLowerCase(), date: c.ChecksumDate ?? published });
    else warnings.push(`checksum algorithm ${c.Algorithm} not kept`);
  }
  const attributes: Record<string, AttributeValue> = {};
  for (const a of p.Attributes) {
    if (a.Value === null) continue;
    attributes[a.Name] = typedAttribute(a.Name, a.ValueType, a.Value);
  }
  const footprint = p.GeoFootprint ?? (p.Footprint ? readWkt(p.Footprint) : null);
  const sensingStart = p.ContentDate?.Start ?? null;
  return {
    id: p.Id.toLowerCase(),
    name: p.Name,
    collection,
    contentType: p.ContentType,
    contentLength: p.ContentLength,
    originDate: p.OriginDate ?? published,
    publicationDate: published,
    modificationDate: p.ModificationDate ?? published,
    sensingStart,
    sensingEnd: p.ContentDate?.End ?? null,
    footprint,
    online: p.Online,
    evictionDate: p.EvictionDate && !NEVER.test(p.EvictionDate) ? p.EvictionDate : null,
    storage: {
      store: ctx.store,
      path:
        s3Path ?? productPrefix({ mission: collection, instrument: 'UNKNOWN', productType: 'UNKNOWN' }, sensingStart ?? published, p.Name),
    },
    checksums,
    attributes,
    warnings,
  };
}

function typedAttribute(name: string, type: AttributeValue['type'], value: string | number | boolean): AttributeValue {
  const wrong = (): HubError => invalidRecord(`attribute ${name}: ${JSON.stringify(value)} is not a ${type}`);
  switch (type) {
    case 'String':
      if (typeof value !== 'string') throw wrong();
      return { type, value };
    case 'Integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrong();
      return { type, value };
    case 'Double':
      if (typeof value !== 'number') throw wrong();
      return { type, value };
    case 'Boolean':
      if (typeof value !== 'boolean') throw wrong();
      return { type, value };
    case 'DateTimeOffset': {
      const t = typeof value === 'string' ? normaliseTimestamp(value) : null;
      if (t === null) throw wrong();
      return { type, value: t };
    }
  }
}

function readWkt(text: string): FootprintGeometry {
  const g = parseFootprintWkt(text);
  if (!g) throw invalidRecord('Footprint is not a POLYGON or MULTIPOLYGON in EWKT');
  return g;
}
