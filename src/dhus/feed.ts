/**
 * The OpenSearch answer of `/dhus/search`, as DHuS writes it (reference/dhus-sentinelsat.md §1.6, §2.4):
 * an Atom feed with `opensearch:*` counts and typed `<date|int|double|str name=…>` elements per entry,
 * and its JSON form, which DHuS makes mechanically from the XML (StAXON): every value a string, a
 * one-element list an object, and no `entry` key when nothing matched. sentinelsat reads either shape.
 */
import type { Product } from '../catalog/index.ts';
import { footprintGml, footprintWkt, isoDate, platformName, sizeText, titleOf } from './format.ts';
import type { DhusSearchResult } from './search.ts';

type Typed = { name: string; content: string };
interface Entry {
  id: string;
  title: string;
  summary: string;
  ondemand: string;
  links: { href: string; rel?: string }[];
  date: Typed[];
  int: Typed[];
  double: Typed[];
  str: Typed[];
}

/** Where the DHuS OData v1 of this hub lives: `${base}/dhus/odata/v1`. */
export function productUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/dhus/odata/v1/Products('${id}')`;
}

const ATTRIBUTE_FIELDS: [string, string][] = [
  ['productType', 'producttype'],
  ['instrumentShortName', 'instrumentshortname'],
  ['orbitDirection', 'orbitdirection'],
  ['operationalMode', 'sensoroperationalmode'],
  ['polarisationChannels', 'polarisationmode'],
  ['swathIdentifier', 'swathidentifier'],
  ['platformSerialIdentifier', 'platformserialidentifier'],
  ['processingLevel', 'processinglevel'],
  ['tileId', 'tileid'],
  ['timeliness', 'timeliness'],
];
const INT_FIELDS: [string, string][] = [
  ['orbitNumber', 'orbitnumber'],
  ['relativeOrbitNumber', 'relativeorbitnumber'],
  ['lastOrbitNumber', 'lastorbitnumber'],
  ['lastRelativeOrbitNumber', 'lastrelativeorbitnumber'],
];

function entryOf(p: Product, baseUrl: string): Entry {
  const url = productUrl(baseUrl, p.id);
  const attr = (name: string): string | number | boolean | undefined => p.attributes[name]?.value as string | number | boolean | undefined;
  const instrument = attr('instrumentShortName');
  const date: Typed[] = [{ name: 'ingestiondate', content: isoDate(p.publicationDate) }];
  if (p.sensingStart) date.push({ name: 'beginposition', content: isoDate(p.sensingStart) });
  if (p.sensingEnd) date.push({ name: 'endposition', content: isoDate(p.sensingEnd) });
  const int = INT_FIELDS.filter(([a]) => typeof attr(a) === 'number').map(([a, name]) => ({ name, content: String(attr(a)) }));
  const cloud = attr('cloudCover');
  const double = typeof cloud === 'number' ? [{ name: 'cloudcoverpercentage', content: String(cloud) }] : [];
  const str: Typed[] = [
    { name: 'uuid', content: p.id },
    { name: 'identifier', content: titleOf(p.name) },
    { name: 'filename', content: p.name },
    { name: 'size', content: sizeText(p.contentLength) },
    { name: 'platformname', content: platformName(p) },
    { name: 'collection', content: p.collection },
    // sentinelsat's to_geojson deletes both footprint keys, so both are always there (§2.4).
    { name: 'footprint', content: footprintWkt(p.footprint) ?? '' },
    { name: 'gmlfootprint', content: footprintGml(p.footprint) ?? '' },
    ...ATTRIBUTE_FIELDS.filter(([a]) => attr(a) !== undefined).map(([a, name]) => ({ name, content: String(attr(a)) })),
  ];
  const summary = [
    `Date: ${isoDate(p.sensingStart ?? p.publicationDate)}`,
    ...(instrument === undefined ? [] : [`Instrument: ${String(instrument)}`]),
    `Satellite: ${platformName(p)}`,
    `Size: ${sizeText(p.contentLength)}`,
  ].join(', ');
  return {
    id: p.id,
    title: titleOf(p.name),
    summary,
    ondemand: String(!p.online),
    links: [{ href: `${url}/$value` }, { rel: 'alternative', href: `${url}/` }, { rel: 'icon', href: `${url}/Products('Quicklook')/$value` }],
    date,
    int,
    double,
    str,
  };
}

/** StAXON's autoArray: a list of one is the object itself; an empty list is no key at all. */
function auto<T>(list: T[]): T | T[] | undefined {
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : list;
}

function counts(r: DhusSearchResult): Record<string, string> {
  return {
    'opensearch:totalResults': String(r.totalResults),
    'opensearch:startIndex': String(r.request.start),
    'opensearch:itemsPerPage': String(r.request.rows),
  };
}

/** The JSON feed (§2.4's minimal valid page, and DHuS's single-object quirks). */
export function feedJson(r: DhusSearchResult, baseUrl: string): { feed: Record<string, unknown> } {
  const entries = r.products.map((p) => {
    const e = entryOf(p, baseUrl);
    const out: Record<string, unknown> = { title: e.title, link: e.links, id: e.id, summary: e.summary, ondemand: e.ondemand };
    for (const key of ['date', 'int', 'double', 'str'] as const) {
      const v = auto(e[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  });
  const feed: Record<string, unknown> = {
    'xmlns:opensearch': 'http://a9.com/-/spec/opensearch/1.1/',
    xmlns: 'http://www.w3.org/2005/Atom',
    title: `Sentinels Data Hub - Search results`,
    subtitle: `Displaying ${r.products.length} results. Request done in 0 seconds.`,
    id: `${baseUrl}/dhus/search`,
    'opensearch:Query': { role: 'request', searchTerms: r.request.q, startPage: '1' },
    ...counts(r),
  };
  const entry = auto(entries);
  if (entry !== undefined) feed['entry'] = entry;
  return { feed };
}

/** Escapes markup; characters XML 1.0 cannot carry at all (§2.2 Char: most C0 controls) are dropped. */
export function xmlEscape(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c] ?? ''};`);
}

/** The Atom feed DHuS answers by default (opensearch_atom.xsl). */
export function feedXml(r: DhusSearchResult, baseUrl: string): string {
  const x = xmlEscape;
  const typed = (tag: string, list: Typed[]): string => list.map((t) => `<${tag} name="${x(t.name)}">${x(t.content)}</${tag}>`).join('');
  const entries = r.products.map((p) => {
    const e = entryOf(p, baseUrl);
    const links = e.links.map((l) => `<link${l.rel ? ` rel="${l.rel}"` : ''} href="${x(l.href)}"/>`).join('');
    return (
      `<entry><title>${x(e.title)}</title>${links}<id>${e.id}</id><summary>${x(e.summary)}</summary>` +
      `<ondemand>${e.ondemand}</ondemand>${typed('date', e.date)}${typed('int', e.int)}${typed('double', e.double)}${typed('str', e.str)}</entry>`
    );
  });
  const c = counts(r);
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">` +
    `<title>Sentinels Data Hub - Search results</title><id>${x(baseUrl)}/dhus/search</id>` +
    Object.entries(c)
      .map(([k, v]) => `<${k}>${v}</${k}>`)
      .join('') +
    `<opensearch:Query role="request" searchTerms="${x(r.request.q)}" startPage="1"/>` +
    entries.join('') +
    `</feed>`
  );
}

/** A query DHuS's Solr refused: HTTP 200 with the error inside the feed (§1.6); sentinelsat strips the prefix. */
export function feedErrorJson(message: string): { feed: { error: { code: string; message: string } } } {
  return { feed: { error: { code: '400', message: `org.apache.solr.search.SyntaxError: ${message}` } } };
}

export function feedErrorXml(message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><error><code>400</code><message>org.apache.solr.search.SyntaxError: ${xmlEscape(message)}</message></error></feed>`;
}
