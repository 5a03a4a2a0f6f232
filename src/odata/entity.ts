/**
 * Presenters: a catalogue Product as CDSE's Product entity (CDSE §1.2), property order fixed, and its
 * expandable parts Attributes, Assets and Locations. `baseUrl` is the hub's public root (no trailing
 * slash); links point at `<baseUrl>/odata/v1/...`.
 */
import type { DeletedProduct, Product, ProductFile } from '../catalog/index.ts';
import { displayFootprint, footprintEwkt, NEVER_EVICTED, odataDate, quicklookAssetId, type DisplayFootprint } from './format.ts';
import type { Expand, ProductProperty } from './options.ts';
import type { AttributeType } from '../query/index.ts';

export interface PresentOptions {
  readonly baseUrl: string;
  readonly expand: readonly Expand[];
  readonly select: readonly ProductProperty[] | undefined;
  /** Quicklook files by product id (for Assets). */
  readonly quicklooks?: ReadonlyMap<string, readonly ProductFile[]>;
  /** Footprints joined across the antimeridian, by product id. */
  readonly joined?: ReadonlyMap<string, { type: string; coordinates: unknown }>;
}

const ATTRIBUTE_ODATA_TYPES: Readonly<Record<AttributeType, string>> = {
  String: '#OData.CSC.StringAttribute',
  Integer: '#OData.CSC.IntegerAttribute',
  Double: '#OData.CSC.DoubleAttribute',
  DateTimeOffset: '#OData.CSC.DateTimeOffsetAttribute',
  Boolean: '#OData.CSC.BooleanAttribute',
};

export function s3Path(p: Product): string {
  return `/eodata/${p.storage.path}`;
}

const checksums = (p: Product): Record<string, string>[] =>
  p.checksums.map((c) => ({ Value: c.value, Algorithm: c.algorithm, ChecksumDate: odataDate(c.date) }));

/** Attributes sorted by name, typed (CDSE §1.2 "Expanded parts"); DateTimeOffset values printed with `Z`. */
export function presentAttributes(p: Product): Record<string, unknown>[] {
  return Object.entries(p.attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => ({
      '@odata.type': ATTRIBUTE_ODATA_TYPES[v.type],
      Name: name,
      Value: v.type === 'DateTimeOffset' ? odataDate(String(v.value)) : v.value,
      ValueType: v.type,
    }));
}

function presentAssets(p: Product, options: PresentOptions): Record<string, unknown>[] {
  // Quicklook-role files also include a preview's KML and HTML; CDSE's QUICKLOOK asset is the image.
  const images = (options.quicklooks?.get(p.id) ?? []).filter((f) => f.mediaType.startsWith('image/'));
  return images.map((f) => {
    const id = quicklookAssetId(p.id, f.path);
    return {
      Type: 'QUICKLOOK',
      Id: id,
      DownloadLink: `${options.baseUrl}/odata/v1/Assets(${id})/$value`,
      S3Path: `${s3Path(p)}/${f.path}`,
    };
  });
}

function presentLocations(p: Product, options: PresentOptions): Record<string, unknown>[] {
  return [
    {
      FormatType: 'Extracted',
      DownloadLink: `${options.baseUrl}/odata/v1/Products(${p.id})/$value`,
      ContentLength: p.contentLength,
      Checksum: checksums(p),
      S3Path: s3Path(p),
    },
  ];
}

function properties(p: Product, footprint: DisplayFootprint | null): Record<ProductProperty, unknown> {
  return {
    Id: p.id,
    Name: p.name,
    ContentType: p.contentType,
    ContentLength: p.contentLength,
    OriginDate: odataDate(p.originDate),
    PublicationDate: odataDate(p.publicationDate),
    ModificationDate: odataDate(p.modificationDate),
    Online: p.online,
    EvictionDate: p.evictionDate === null ? NEVER_EVICTED : odataDate(p.evictionDate),
    S3Path: s3Path(p),
    Checksum: checksums(p),
    ContentDate: {
      Start: p.sensingStart === null ? null : odataDate(p.sensingStart),
      End: p.sensingEnd === null ? null : odataDate(p.sensingEnd),
    },
    Footprint: footprintEwkt(footprint),
    GeoFootprint: footprint,
  };
}

/** One Product entity, without `@odata.context` (the caller adds it for a single entity). */
export function presentProduct(p: Product, options: PresentOptions): Record<string, unknown> {
  const footprint = displayFootprint(options.joined?.get(p.id) ?? p.footprint);
  const all = properties(p, footprint);
  const out: Record<string, unknown> = { '@odata.mediaContentType': 'application/octet-stream' };
  for (const key of options.select ?? (Object.keys(all) as ProductProperty[])) out[key] = all[key];
  if ('deletionDate' in p) {
    const d = p as DeletedProduct; // a tombstone: the entity adds its deletion (CDSE §1.9)
    out['DeletionDate'] = odataDate(d.deletionDate);
    out['DeletionCause'] = d.deletionCause;
  }
  for (const e of options.expand) {
    if (e === 'Attributes') out['Attributes'] = presentAttributes(p);
    else if (e === 'Assets') out['Assets'] = presentAssets(p, options);
    else out['Locations'] = presentLocations(p, options);
  }
  return out;
}

/** `$metadata#Products`, `$metadata#Products(Attributes(),Assets())`, `…/$entity` (CDSE §1.2, comma form). */
export function contextUrl(set: string, expand: readonly Expand[], entity: boolean): string {
  const expanded = expand.length === 0 ? '' : `(${expand.map((e) => `${e}()`).join(',')})`;
  return `$metadata#${set}${expanded}${entity ? '/$entity' : ''}`;
}
