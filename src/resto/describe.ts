/**
 * The OpenSearch description document (OpenSearch 1.1, with the Geo, Time, EO and Parameter extensions)
 * of `/resto/api/collections[/{C}]/describe.xml` (reference/cdse.md §2, "describe.xml"): one `<Url
 * type="application/json">` template for search.json and a `<parameters:Parameter>` per key.
 */
import { RESTO_MAX_RECORDS } from '../query/index.ts';

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

interface ParameterSpec {
  readonly name: string;
  readonly value: string;
  readonly title: string;
  readonly pattern?: string;
  readonly minInclusive?: number;
  readonly maxInclusive?: number;
  readonly options?: readonly string[];
}

const INTERVAL = '^[\\[\\]]?[-+]?[0-9.]+(,[-+]?[0-9.]+)?[\\[\\]]?$|^\\{[-+0-9.,]+\\}$';
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$';

const PARAMETERS: readonly ParameterSpec[] = [
  { name: 'maxRecords', value: '{count}', title: 'Number of results per page', minInclusive: 1, maxInclusive: RESTO_MAX_RECORDS },
  { name: 'index', value: '{startIndex}', title: 'First result, 1-based', minInclusive: 1 },
  { name: 'page', value: '{startPage}', title: 'Page number, 1-based', minInclusive: 1 },
  { name: 'identifier', value: '{geo:uid}', title: 'Product UUID or name' },
  { name: 'geometry', value: '{geo:geometry}', title: 'WKT geometry in EPSG:4326' },
  { name: 'box', value: '{geo:box}', title: 'west,south,east,north in degrees' },
  { name: 'lon', value: '{geo:lon}', title: 'Longitude', minInclusive: -180, maxInclusive: 180 },
  { name: 'lat', value: '{geo:lat}', title: 'Latitude', minInclusive: -90, maxInclusive: 90 },
  { name: 'radius', value: '{geo:radius}', title: 'Distance in metres around lon/lat', minInclusive: 0 },
  { name: 'startDate', value: '{time:start}', title: 'Acquisition starts at or after', pattern: DATE },
  { name: 'completionDate', value: '{time:end}', title: 'Acquisition ends at or before', pattern: DATE },
  { name: 'productIdentifier', value: '{eo:productIdentifier}', title: 'Product name or S3 path; % is a wildcard' },
  { name: 'productType', value: '{eo:productType}', title: 'Product type' },
  { name: 'processingLevel', value: '{eo:processingLevel}', title: 'Processing level' },
  { name: 'platform', value: '{eo:platform}', title: 'Platform, e.g. S2A or SENTINEL-2' },
  { name: 'instrument', value: '{eo:instrument}', title: 'Instrument' },
  { name: 'sensorMode', value: '{eo:sensorMode}', title: 'Sensor mode' },
  { name: 'orbitNumber', value: '{eo:orbitNumber}', title: 'Absolute orbit number or interval', pattern: INTERVAL },
  { name: 'relativeOrbitNumber', value: '{resto:relativeOrbitNumber}', title: 'Relative orbit number or interval', pattern: INTERVAL },
  { name: 'orbitDirection', value: '{eo:orbitDirection}', title: 'Orbit direction', options: ['ASCENDING', 'DESCENDING'] },
  { name: 'cloudCover', value: '{eo:cloudCover}', title: 'Cloud cover in % or interval, e.g. [0,10]', pattern: INTERVAL },
  { name: 'timeliness', value: '{sentinel:timeliness}', title: 'Timeliness' },
  { name: 'polarisation', value: '{resto:polarisation}', title: 'Polarisation, e.g. VV&VH' },
  { name: 'swath', value: '{resto:swath}', title: 'Swath' },
  { name: 'tileId', value: '{resto:tileId}', title: 'MGRS tile, e.g. 33TUM' },
  { name: 'status', value: '{resto:status}', title: 'Availability', options: ['ONLINE', 'OFFLINE', 'ALL'] },
  { name: 'publishedAfter', value: '{resto:publishedAfter}', title: 'Published at or after', pattern: DATE },
  { name: 'publishedBefore', value: '{resto:publishedBefore}', title: 'Published at or before', pattern: DATE },
  { name: 'updated', value: '{dc:date}', title: 'Updated at or after', pattern: DATE },
  { name: 'sortParam', value: '{resto:sortParam}', title: 'Sort key', options: ['startDate', 'completionDate', 'published', 'updated'] },
  { name: 'sortOrder', value: '{resto:sortOrder}', title: 'Sort order', options: ['ascending', 'descending'] },
  { name: 'exactCount', value: '{resto:exactCount}', title: 'Count every match (1) or estimate (0)', options: ['0', '1'] },
];

function parameterXml(p: ParameterSpec): string {
  const attrs = [
    `name="${p.name}"`,
    `value="${escapeXml(p.value)}"`,
    `title="${escapeXml(p.title)}"`,
    p.pattern === undefined ? '' : `pattern="${escapeXml(p.pattern)}"`,
    p.minInclusive === undefined ? '' : `minInclusive="${p.minInclusive}"`,
    p.maxInclusive === undefined ? '' : `maxInclusive="${p.maxInclusive}"`,
  ].filter((a) => a !== '');
  const options = p.options ?? [];
  if (options.length === 0) return `    <parameters:Parameter ${attrs.join(' ')}/>`;
  return `    <parameters:Parameter ${attrs.join(' ')}>\n${options.map((o) => `      <parameters:Option value="${escapeXml(o)}"/>`).join('\n')}\n    </parameters:Parameter>`;
}

/** The description document; `collectionPath` is the path segment (`Sentinel2`) or undefined for all collections. */
export function describeResto(baseUrl: string, collectionPath: string | undefined): string {
  const root = `${baseUrl}/resto/api/collections${collectionPath === undefined ? '' : `/${encodeURIComponent(collectionPath)}`}`;
  const template = `${root}/search.json?${PARAMETERS.map((p) => `${p.name}=${p.value.replace('}', '?}')}`).join('&')}`;
  const name = collectionPath ?? 'all collections';
  return `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" xmlns:geo="http://a9.com/-/opensearch/extensions/geo/1.0/" xmlns:time="http://a9.com/-/opensearch/extensions/time/1.0/" xmlns:eo="http://a9.com/-/opensearch/extensions/eo/1.0/" xmlns:parameters="http://a9.com/-/spec/opensearch/extensions/parameters/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:resto="https://github.com/jjrom/resto/blob/master/README.md" xmlns:sentinel="https://dataspace.copernicus.eu/">
  <ShortName>eohub ${escapeXml(name).slice(0, 16)}</ShortName>
  <Description>Search products of ${escapeXml(name)} (resto-style OpenSearch, as CDSE).</Description>
  <Tags>${escapeXml(name)} eohub resto</Tags>
  <Url type="application/json" rel="results" template="${escapeXml(template)}" parameters:method="GET">
${PARAMETERS.map(parameterXml).join('\n')}
  </Url>
  <Url type="application/opensearchdescription+xml" rel="self" template="${escapeXml(`${root}/describe.xml`)}"/>
  <Query role="example" searchTerms="" startDate="2021-07-01T00:00:00Z"/>
  <OutputEncoding>UTF-8</OutputEncoding>
  <InputEncoding>UTF-8</InputEncoding>
</OpenSearchDescription>
`;
}
