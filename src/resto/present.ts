/**
 * Presenters: a catalogue Product as a resto Feature, properties in the order and form CDSE returns them
 * (reference/cdse.md §2, "Response"): dates as ISO 8601 with milliseconds and `Z`, `platform` as `S2A`,
 * `geometry: null` for an empty footprint, download through the OData `$value`, thumbnail through the
 * OData Assets quicklook.
 */
import type { Product } from '../catalog/index.ts';
import { displayFootprint, quicklookAssetId, s3Path } from '../odata/index.ts';
import { restoCollectionName } from './collections.ts';

export interface FeatureExtras {
  readonly baseUrl: string;
  /** Quicklook image paths by product id. */
  readonly quicklooks: ReadonlyMap<string, string | undefined>;
  readonly centroids: ReadonlyMap<string, [number, number]>;
  readonly joined: ReadonlyMap<string, { type: string; coordinates: unknown }>;
}

function isoDate(text: string | null): string | null {
  if (text === null) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

function attr(p: Product, name: string): string | number | boolean | null {
  const v = p.attributes[name]?.value;
  return v === undefined ? null : v;
}

function num(p: Product, name: string): number | null {
  const v = attr(p, name);
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** `S1A`, `S2B`, `S5P` as resto prints the platform; else the platform short name. */
function platform(p: Product): string | null {
  const family = attr(p, 'platformShortName');
  const serial = attr(p, 'platformSerialIdentifier');
  const m = typeof family === 'string' ? /^SENTINEL-(\w+)$/i.exec(family) : null;
  if (m && typeof serial === 'string' && /^[A-Z]$/.test(serial)) return `S${m[1]}${serial}`;
  if (m && /^5P$/i.test(m[1] as string)) return 'S5P';
  return typeof family === 'string' ? family : null;
}

/** The resto Feature of one product. */
export function presentFeature(p: Product, extras: FeatureExtras): Record<string, unknown> {
  const base = extras.baseUrl;
  const collectionPath = restoCollectionName(p.collection);
  const quicklook = extras.quicklooks.get(p.id);
  const thumbnail = quicklook === undefined ? null : `${base}/odata/v1/Assets(${quicklookAssetId(p.id, quicklook)})/$value`;
  const centroid = extras.centroids.get(p.id);
  return {
    type: 'Feature',
    id: p.id,
    geometry: displayFootprint(extras.joined.get(p.id) ?? p.footprint),
    properties: {
      collection: p.collection,
      status: p.online ? 'ONLINE' : 'OFFLINE',
      parentIdentifier: null,
      title: p.name,
      description: null,
      organisationName: null,
      startDate: isoDate(p.sensingStart),
      completionDate: isoDate(p.sensingEnd),
      productType: attr(p, 'productType'),
      processingLevel: attr(p, 'processingLevel'),
      platform: platform(p),
      instrument: attr(p, 'instrumentShortName'),
      resolution: 0,
      sensorMode: attr(p, 'operationalMode'),
      orbitNumber: num(p, 'orbitNumber'),
      quicklook: null,
      thumbnail,
      updated: isoDate(p.modificationDate),
      published: isoDate(p.publicationDate),
      snowCover: num(p, 'snowCover') ?? 0,
      cloudCover: num(p, 'cloudCover') ?? 0,
      centroid: centroid === undefined ? null : { type: 'Point', coordinates: centroid },
      productIdentifier: s3Path(p),
      orbitDirection: attr(p, 'orbitDirection'),
      timeliness: attr(p, 'timeliness'),
      relativeOrbitNumber: num(p, 'relativeOrbitNumber'),
      processingBaseline: num(p, 'processingBaseline'),
      polarisation: attr(p, 'polarisationChannels'),
      swath: attr(p, 'swathIdentifier'),
      tileId: attr(p, 'tileId'),
      services: {
        download: { url: `${base}/odata/v1/Products(${p.id})/$value`, mimeType: 'application/octet-stream', size: p.contentLength },
      },
      links: [{ rel: 'self', type: 'application/json', href: `${base}/resto/api/collections/${collectionPath}/${p.id}.json` }],
    },
  };
}
