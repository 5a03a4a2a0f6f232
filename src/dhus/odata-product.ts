/**
 * The DHuS OData v1 Product entity (OData 2.0 verbose JSON, reference/dhus-sentinelsat.md §1.4, §2.5):
 * `{d: {...}}` with `__metadata.media_src`, Int64 values as strings, `/Date(ms)/` dates, one MD5
 * Checksum, GML 2 ContentGeometry and deferred navigation properties. A second presenter over the same
 * catalogue records that the CDSE OData (src/odata) presents.
 */
import type { Product } from '../catalog/index.ts';
import { footprintGml, md5Of, odataV2Date, platformName, sizeText, titleOf } from './format.ts';
import { productUrl } from './feed.ts';

const deferred = (uri: string): { __deferred: { uri: string } } => ({ __deferred: { uri } });

interface DhusAttribute {
  Name: string;
  Value: string;
  ContentType: string;
  Category: string;
}

/** DHuS attribute names for the catalogue's fields (the "Attribute name" column of §1.2), then every stored attribute under its own name. */
export function dhusAttributes(p: Product): DhusAttribute[] {
  const out: DhusAttribute[] = [];
  const add = (Name: string, Value: string | null, Category = 'product', ContentType = 'text/plain'): void => {
    if (Value !== null) out.push({ Name, Value, ContentType, Category });
  };
  add('Filename', p.name, 'summary');
  add('Identifier', titleOf(p.name), 'summary');
  add('Size', sizeText(p.contentLength), 'summary');
  add('Satellite name', platformName(p), 'platform');
  add('Sensing start', p.sensingStart, 'product');
  add('Sensing stop', p.sensingEnd, 'product');
  add('Ingestion Date', p.publicationDate, 'product');
  add('Format', p.contentType === 'application/zip' ? 'SAFE' : p.contentType, 'product');
  for (const [name, a] of Object.entries(p.attributes)) add(name, String(a.value), 'product');
  return out;
}

export interface PresentDhusOptions {
  baseUrl: string;
  expandAttributes: boolean;
}

export function presentDhusProduct(p: Product, options: PresentDhusOptions): { d: Record<string, unknown> } {
  const url = productUrl(options.baseUrl, p.id);
  const md5 = md5Of(p);
  const attributes = options.expandAttributes
    ? { results: dhusAttributes(p).map((a) => ({ __metadata: { type: 'DHuS.Attribute' }, ...a })) }
    : deferred(`${url}/Attributes`);
  return {
    d: {
      __metadata: {
        id: url,
        uri: url,
        type: 'DHuS.Product',
        content_type: p.contentType,
        media_src: `${url}/$value`,
        edit_media: `${url}/$value`,
      },
      Id: p.id,
      Name: titleOf(p.name),
      ContentType: p.contentType,
      ContentLength: String(p.contentLength),
      ChildrenNumber: '1',
      Value: null,
      CreationDate: odataV2Date(p.publicationDate),
      IngestionDate: odataV2Date(p.publicationDate),
      ModificationDate: odataV2Date(p.modificationDate),
      EvictionDate: odataV2Date(p.evictionDate),
      Online: p.online,
      OnDemand: !p.online,
      ContentDate: { __metadata: { type: 'DHuS.TimeRange' }, Start: odataV2Date(p.sensingStart), End: odataV2Date(p.sensingEnd) },
      Checksum: { __metadata: { type: 'DHuS.Checksum' }, Algorithm: md5 === null ? null : 'MD5', Value: md5 === null ? null : md5.toUpperCase() },
      ContentGeometry: footprintGml(p.footprint),
      Class: deferred(`${url}/Class`),
      Attributes: attributes,
      Products: deferred(`${url}/Products`),
      Nodes: deferred(`${url}/Nodes`),
    },
  };
}

/** A simple property's raw value (`Products('x')/<Prop>/$value`, OData 2 §2.2.6.5.4), or undefined for none. */
export function simplePropertyValue(p: Product, name: string): string | undefined {
  const values: Record<string, string> = {
    Id: p.id,
    Name: titleOf(p.name),
    ContentType: p.contentType,
    ContentLength: String(p.contentLength),
    Online: String(p.online),
    OnDemand: String(!p.online),
  };
  return Object.hasOwn(values, name) ? values[name] : undefined;
}
