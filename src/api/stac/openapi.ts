/**
 * The OpenAPI 3.0 description of /stac (the landing page's `service-desc`, OGC API Features /req/oas30),
 * and a small HTML rendering of it (`service-doc`). Parameters are described once under components.
 */
const ref = (name: string): { $ref: string } => ({ $ref: `#/components/parameters/${name}` });
const json = (schema: string, type = 'application/json'): Record<string, unknown> => ({
  content: { [type]: { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const ok = (description: string, schema: string, type?: string): Record<string, unknown> => ({ description, ...json(schema, type) });
const errors = {
  '400': { description: 'Bad request', ...json('Error') },
  '404': { description: 'Not found', ...json('Error') },
  '500': { description: 'Server error', ...json('Error') },
};

const SEARCH_PARAMS = [
  'bbox',
  'datetime',
  'limit',
  'ids',
  'collections',
  'intersects',
  'sortby',
  'fields',
  'query',
  'q',
  'filter',
  'filterLang',
  'filterCrs',
  'token',
];
const ITEM_PARAMS = ['bbox', 'datetime', 'limit', 'ids', 'sortby', 'fields', 'query', 'q', 'filter', 'filterLang', 'filterCrs', 'token'];

function param(
  name: string,
  description: string,
  schema: Record<string, unknown> = { type: 'string' },
  style?: 'form',
): Record<string, unknown> {
  return { name, in: 'query', required: false, description, schema, ...(style ? { style, explode: false } : {}) };
}

export function openApiDocument(root: string, options: { transactions: boolean }): Record<string, unknown> {
  const write = (summary: string, body: string): Record<string, unknown> => ({
    summary,
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${body}` } } } },
    responses: {
      '200': { description: 'Done' },
      '201': { description: 'Created' },
      '409': { description: 'Exists', ...json('Error') },
      ...errors,
    },
  });
  const item: Record<string, unknown> = {
    get: {
      summary: 'One item',
      parameters: [{ $ref: '#/components/parameters/collectionId' }, { $ref: '#/components/parameters/itemId' }],
      responses: { '200': ok('The item', 'Item', 'application/geo+json'), '304': { description: 'Not modified' }, ...errors },
    },
  };
  const items: Record<string, unknown> = {
    get: {
      summary: 'Items of a collection',
      parameters: [{ $ref: '#/components/parameters/collectionId' }, ...ITEM_PARAMS.map(ref)],
      responses: { '200': ok('An ItemCollection', 'ItemCollection', 'application/geo+json'), ...errors },
    },
  };
  const collection: Record<string, unknown> = {
    get: {
      summary: 'One collection',
      parameters: [{ $ref: '#/components/parameters/collectionId' }],
      responses: { '200': ok('The collection', 'Collection'), ...errors },
    },
  };
  const collections: Record<string, unknown> = {
    get: {
      summary: 'Collections (collection search: bbox, datetime, q, limit)',
      parameters: ['bbox', 'datetime', 'limit', 'q'].map(ref),
      responses: { '200': ok('Collections', 'Collections'), ...errors },
    },
  };
  if (options.transactions) {
    items['post'] = write('Add an Item or ItemCollection (transaction extension)', 'Item');
    item['put'] = write('Replace an item', 'Item');
    item['patch'] = write('Merge-patch an item (RFC 7386)', 'Item');
    item['delete'] = { summary: 'Delete an item', responses: { '200': { description: 'Deleted' }, ...errors } };
    collections['post'] = write('Add a collection', 'Collection');
    collection['put'] = write('Replace a collection', 'Collection');
    collection['delete'] = { summary: 'Delete an empty collection', responses: { '200': { description: 'Deleted' }, ...errors } };
  }
  const anyObject = { type: 'object', additionalProperties: true };
  return {
    openapi: '3.0.3',
    info: { title: 'eohub STAC API', version: '1.0.0', description: 'STAC API 1.0.0 / OGC API Features over the eohub catalogue.' },
    servers: [{ url: root }],
    paths: {
      '/': { get: { summary: 'Landing page', responses: { '200': ok('The landing page', 'Catalog') } } },
      '/conformance': { get: { summary: 'Conformance classes', responses: { '200': ok('Conformance classes', 'Conformance') } } },
      '/api': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.0' } } } },
      '/queryables': {
        get: { summary: 'Queryables of all collections', responses: { '200': ok('JSON Schema', 'Queryables', 'application/schema+json') } },
      },
      '/collections': collections,
      '/collections/{collectionId}': collection,
      '/collections/{collectionId}/queryables': {
        get: {
          summary: 'Queryables of a collection',
          parameters: [{ $ref: '#/components/parameters/collectionId' }],
          responses: { '200': ok('JSON Schema', 'Queryables', 'application/schema+json'), ...errors },
        },
      },
      '/collections/{collectionId}/items': items,
      '/collections/{collectionId}/items/{itemId}': item,
      '/search': {
        get: {
          summary: 'Item search',
          parameters: SEARCH_PARAMS.map(ref),
          responses: { '200': ok('An ItemCollection', 'ItemCollection', 'application/geo+json'), ...errors },
        },
        post: {
          summary: 'Item search (JSON body)',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchBody' } } } },
          responses: { '200': ok('An ItemCollection', 'ItemCollection', 'application/geo+json'), ...errors },
        },
      },
    },
    components: {
      parameters: {
        collectionId: { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } },
        itemId: { name: 'itemId', in: 'path', required: true, schema: { type: 'string' } },
        bbox: param(
          'bbox',
          'minLon,minLat,maxLon,maxLat (or 6 numbers); minLon > maxLon crosses the antimeridian',
          { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 6 },
          'form',
        ),
        datetime: param('datetime', 'RFC 3339 instant or interval; `..` or empty for an open end'),
        limit: param('limit', 'Items per page (clamped to the maximum)', { type: 'integer', minimum: 1 }),
        ids: param('ids', 'Item ids', { type: 'array', items: { type: 'string' } }, 'form'),
        collections: param('collections', 'Collection ids', { type: 'array', items: { type: 'string' } }, 'form'),
        intersects: param('intersects', 'A GeoJSON geometry (JSON)'),
        sortby: param('sortby', 'Sort extension: +field,-field'),
        fields: param('fields', 'Fields extension: field,-field'),
        query: param('query', 'Query extension object (JSON)'),
        q: param('q', 'Free text: comma-separated terms, any of which matches the item id'),
        filter: param('filter', 'CQL2 filter'),
        filterLang: param('filter-lang', 'cql2-text (GET default) or cql2-json', { type: 'string', enum: ['cql2-text', 'cql2-json'] }),
        filterCrs: param('filter-crs', 'Only http://www.opengis.net/def/crs/OGC/1.3/CRS84'),
        token: param('token', 'Paging token from a next or prev link'),
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'description'],
          properties: { code: { type: 'string' }, description: { type: 'string' } },
        },
        Catalog: anyObject,
        Conformance: { type: 'object', properties: { conformsTo: { type: 'array', items: { type: 'string' } } } },
        Collection: anyObject,
        Collections: {
          type: 'object',
          properties: {
            collections: { type: 'array', items: { $ref: '#/components/schemas/Collection' } },
            links: { type: 'array', items: anyObject },
          },
        },
        Item: anyObject,
        ItemCollection: {
          type: 'object',
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
            numberMatched: { type: 'integer' },
            numberReturned: { type: 'integer' },
          },
        },
        Queryables: anyObject,
        SearchBody: anyObject,
      },
    },
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** A plain HTML page listing the operations of the OpenAPI document. */
export function openApiHtml(doc: Record<string, unknown>, root: string): string {
  const paths = doc['paths'] as Record<string, Record<string, { summary?: string }>>; // built by openApiDocument above
  const rows = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) =>
        `<tr><td>${method.toUpperCase()}</td><td><code>${escapeHtml(root + path)}</code></td><td>${escapeHtml(op.summary ?? '')}</td></tr>`,
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>eohub STAC API</title></head><body>
<h1>eohub STAC API</h1><p>STAC API 1.0.0. Machine-readable description: <a href="${escapeHtml(root)}/api">OpenAPI 3.0</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}
