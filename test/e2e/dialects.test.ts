/**
 * Cross-dialect consistency (DESIGN.md, "One query model"): the same question asked through the STAC API
 * (CQL2 JSON), CDSE OData `$filter` and resto OpenSearch parameters returns exactly the same products.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestoFixture, type RestoFixture } from '../api/resto/fixture.ts';
import { withDb } from '../support/with-db.ts';

interface Question {
  readonly title: string;
  readonly stac: Record<string, unknown>;
  readonly odata: string;
  readonly resto: string;
}

const cloudAttr = (op: string, value: number): string =>
  `Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value ${op} ${value})`;

const QUESTIONS: readonly Question[] = [
  {
    title: 'Sentinel-2 over Europe in 2023 with at most 30 % cloud',
    stac: {
      collections: ['SENTINEL-2'],
      bbox: [-10, 35, 30, 60],
      'filter-lang': 'cql2-json',
      filter: {
        op: 'and',
        args: [
          { op: '>=', args: [{ property: 'start_datetime' }, { timestamp: '2023-01-01T00:00:00Z' }] },
          { op: '<=', args: [{ property: 'end_datetime' }, { timestamp: '2023-12-31T23:59:59Z' }] },
          { op: '>=', args: [{ property: 'eo:cloud_cover' }, 0] },
          { op: '<=', args: [{ property: 'eo:cloud_cover' }, 30] },
        ],
      },
    },
    odata: [
      "Collection/Name eq 'SENTINEL-2'",
      "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((-10 35,30 35,30 60,-10 60,-10 35))')",
      'ContentDate/Start ge 2023-01-01T00:00:00.000Z',
      'ContentDate/End le 2023-12-31T23:59:59.000Z',
      cloudAttr('ge', 0),
      cloudAttr('le', 30),
    ].join(' and '),
    resto: 'Sentinel2/search.json?box=-10,35,30,60&startDate=2023-01-01&completionDate=2023-12-31T23:59:59Z&cloudCover=[0,30]',
  },
  {
    title: 'one product type',
    stac: { 'filter-lang': 'cql2-json', filter: { op: '=', args: [{ property: 'product:type' }, 'S2MSI2A'] } },
    odata: "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and att/OData.CSC.StringAttribute/Value eq 'S2MSI2A')",
    resto: 'search.json?productType=S2MSI2A',
  },
  {
    title: 'a name prefix',
    stac: { 'filter-lang': 'cql2-json', filter: { op: 'like', args: [{ property: 'id' }, 'S2B_MSIL2A_2023%'] } },
    odata: "startswith(Name,'S2B_MSIL2A_2023')",
    resto: 'search.json?productIdentifier=S2B_MSIL2A_2023%25',
  },
  {
    title: 'descending passes of relative orbits 1 to 80',
    stac: {
      'filter-lang': 'cql2-json',
      filter: {
        op: 'and',
        args: [
          { op: '=', args: [{ property: 'sat:orbit_state' }, 'descending'] },
          { op: 'between', args: [{ property: 'sat:relative_orbit' }, 1, 80] },
        ],
      },
    },
    odata: [
      "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'orbitDirection' and att/OData.CSC.StringAttribute/Value eq 'DESCENDING')",
      "Attributes/OData.CSC.IntegerAttribute/any(att:att/Name eq 'relativeOrbitNumber' and att/OData.CSC.IntegerAttribute/Value ge 1)",
      "Attributes/OData.CSC.IntegerAttribute/any(att:att/Name eq 'relativeOrbitNumber' and att/OData.CSC.IntegerAttribute/Value le 80)",
    ].join(' and '),
    resto: 'search.json?orbitDirection=DESCENDING&relativeOrbitNumber=[1,80]',
  },
];

withDb('the same questions through STAC, OData and resto', (ctx) => {
  let fx: RestoFixture;
  const idByName = new Map<string, string>();

  beforeAll(async () => {
    fx = await buildRestoFixture(ctx.db);
    for (const p of fx.all) idByName.set(p.name, p.id);
  }, 240_000);
  afterAll(async () => fx.close());

  const stacIds = async (body: Record<string, unknown>): Promise<string[]> => {
    const r = await fx.hub.app.inject({ method: 'POST', url: '/stac/search', payload: { ...body, limit: 1000 } });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ features: { id: string }[] }>().features;
    return items.map((f) => idByName.get(f.id) ?? `unknown ${f.id}`).sort();
  };
  const odataIds = async (filter: string): Promise<string[]> => {
    const r = await fx.hub.app.inject({ url: `/odata/v1/Products?$top=1000&$filter=${encodeURIComponent(filter)}` });
    expect(r.statusCode, r.body).toBe(200);
    return r
      .json<{ value: { Id: string }[] }>()
      .value.map((p) => p.Id)
      .sort();
  };
  const restoIds = async (query: string): Promise<string[]> => {
    const r = await fx.hub.app.inject({ url: `/resto/api/collections/${query}&maxRecords=2000` });
    expect(r.statusCode, r.body).toBe(200);
    return r
      .json<{ features: { id: string }[] }>()
      .features.map((f) => f.id)
      .sort();
  };

  describe.each(QUESTIONS)('$title', (q) => {
    it('gives exactly the same products in every dialect, and some', async () => {
      const [stac, odata, resto] = await Promise.all([stacIds(q.stac), odataIds(q.odata), restoIds(q.resto)]);
      expect(resto.length).toBeGreaterThan(0);
      expect(odata).toEqual(resto);
      expect(stac).toEqual(resto);
    });
  });
});
