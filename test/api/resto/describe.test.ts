import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { RESTO_PARAMETER_NAMES } from '../../../src/query/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { withDb } from '../../support/with-db.ts';

interface Parameter {
  '@_name': string;
  '@_value': string;
  '@_minInclusive'?: string;
  '@_maxInclusive'?: string;
  'parameters:Option'?: { '@_value': string } | { '@_value': string }[];
}
interface Description {
  OpenSearchDescription: {
    '@_xmlns': string;
    '@_xmlns:geo': string;
    '@_xmlns:time': string;
    '@_xmlns:eo': string;
    '@_xmlns:parameters': string;
    ShortName: string;
    Url: { '@_type': string; '@_template': string; '@_rel': string; 'parameters:Parameter'?: Parameter[] }[];
  };
}

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'Url' || name === 'parameters:Parameter' });

withDb('resto describe.xml (OpenSearch 1.1 description documents)', (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
  });
  afterAll(async () => hub.close());

  const describe = async (url: string): Promise<Description['OpenSearchDescription']> => {
    const r = await hub.app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/opensearchdescription\+xml/);
    expect(XMLValidator.validate(r.body)).toBe(true);
    return parser.parse(r.body).OpenSearchDescription;
  };

  it('is a valid OpenSearch 1.1 document with the geo, time, eo and parameter extensions', async () => {
    const d = await describe('/resto/api/collections/Sentinel2/describe.xml');
    expect(d['@_xmlns']).toBe('http://a9.com/-/spec/opensearch/1.1/');
    expect(d['@_xmlns:geo']).toBe('http://a9.com/-/opensearch/extensions/geo/1.0/');
    expect(d['@_xmlns:time']).toBe('http://a9.com/-/opensearch/extensions/time/1.0/');
    expect(d['@_xmlns:eo']).toBe('http://a9.com/-/opensearch/extensions/eo/1.0/');
    expect(d['@_xmlns:parameters']).toBe('http://a9.com/-/spec/opensearch/extensions/parameters/1.0/');
    expect(d.ShortName.length).toBeLessThanOrEqual(16 + 6);
  });

  it("templates the collection's search.json with every parameter, optional, and describes each", async () => {
    const d = await describe('/resto/api/collections/Sentinel2/describe.xml');
    const json = d.Url.find((u) => u['@_type'] === 'application/json');
    const template = json?.['@_template'] ?? '';
    expect(template.startsWith('https://hub.example.org/resto/api/collections/Sentinel2/search.json?')).toBe(true);
    const params = new URLSearchParams(template.slice(template.indexOf('?') + 1));
    expect(params.get('maxRecords')).toBe('{count?}');
    expect(params.get('index')).toBe('{startIndex?}');
    expect(params.get('page')).toBe('{startPage?}');
    expect(params.get('box')).toBe('{geo:box?}');
    expect(params.get('startDate')).toBe('{time:start?}');
    expect(params.get('completionDate')).toBe('{time:end?}');
    expect(params.get('cloudCover')).toBe('{eo:cloudCover?}');
    expect(params.get('timeliness')).toBe('{sentinel:timeliness?}');
    expect(params.get('polarisation')).toBe('{resto:polarisation?}');
    expect(new Set(params.keys())).toEqual(new Set(RESTO_PARAMETER_NAMES));
    const described = json?.['parameters:Parameter'] ?? [];
    expect(described.map((p) => p['@_name']).sort()).toEqual([...RESTO_PARAMETER_NAMES].sort());
    const maxRecords = described.find((p) => p['@_name'] === 'maxRecords');
    expect(maxRecords).toMatchObject({ '@_minInclusive': '1', '@_maxInclusive': '2000' });
    const status = described.find((p) => p['@_name'] === 'status')?.['parameters:Option'];
    expect([status].flat().map((o) => o?.['@_value'])).toEqual(['ONLINE', 'OFFLINE', 'ALL']);
  });

  it('describes all collections at /resto/api/collections/describe.xml, and 404s an unknown collection', async () => {
    const d = await describe('/resto/api/collections/describe.xml');
    expect(d.Url[0]?.['@_template']).toMatch(/^https:\/\/hub\.example\.org\/resto\/api\/collections\/search\.json\?/);
    const r = await hub.app.inject({ method: 'GET', url: '/resto/api/collections/Sentinl2/describe.xml' });
    expect(r.statusCode).toBe(404);
    expect(r.json<{ detail: { ErrorMessage: string } }>().detail.ErrorMessage).toBe("Collection 'Sentinl2' does not exist.");
  });
});
