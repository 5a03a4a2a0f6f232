import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../src/catalog/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

const ID = '0b000000-0000-4000-8000-000000000001';

// Fragments of the $filter grammar, valid and not, so that random joins reach deep into the parser and
// the compiler (type mismatches, bad literals, huge numbers) rather than failing on the first character.
const FRAGMENTS = [
  'Name',
  'Id',
  'Online',
  'ContentLength',
  'ContentDate/Start',
  'ContentDate/End',
  'PublicationDate',
  'Collection/Name',
  'Footprint',
  'eq',
  'ne',
  'lt',
  'ge',
  'in',
  'and',
  'or',
  'not',
  '(',
  ')',
  ',',
  '/',
  ':',
  '=',
  "'S2A'",
  "''",
  "'it''s'",
  "'\u0000'",
  "'\ud800'",
  '1',
  '-1',
  '1e308',
  '99999999999999999999',
  '1.5',
  'true',
  'null',
  '2021-01-01',
  '2021-02-30T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  '0001-01-01T00:00:00-15:00',
  ID,
  "contains(Name,'S')",
  'startswith(Name,',
  "endswith(Id,'x')",
  "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))')",
  "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((0 0,10 10,10 0,0 10,0 0))')",
  "OData.CSC.Intersects(area=geography'SRID=4326;POINT(1e308 91)')",
  "geography'SRID=4326;POINT(0 0)'",
  "Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value lt 40)",
  "Attributes/OData.CSC.DateTimeOffsetAttribute/any(att:att/Name eq 'productType' and att/Value gt 2021-01-01)",
  "Attributes/OData.CSC.IntegerAttribute/any(att:att/Name eq 'cloudCover' and att/Value eq 'x')",
  'Attributes/OData.CSC.StringAttribute/any(',
  'att/Name',
  '$it',
];

const junk = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }));
const filterText = fc.oneof(
  fc
    .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: junk }), { maxLength: 12 })
    .map((parts) => parts.join(' ')),
  fc
    .tuple(
      fc.constantFrom(...FRAGMENTS.slice(0, 8)),
      fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'),
      fc.constantFrom(...FRAGMENTS.slice(23)),
    )
    .map((t) => t.join(' ')),
  junk,
);
const optionValue = (values: string[]) => fc.oneof(fc.constantFrom(...values), junk, fc.integer().map(String));
const query = fc.record(
  {
    $filter: filterText,
    $orderby: optionValue(['ContentDate/Start desc', 'Name asc,PublicationDate', 'DeletionDate', 'Footprint', 'Name sideways', '']),
    $top: optionValue(['0', '1', '1000', '1001', '-1', '1.5', '', '01']),
    $skip: optionValue(['0', '10000', '10001', '99999999999', 'x']),
    $count: optionValue(['true', 'True', '1', 'false', 'yes']),
    $expand: optionValue(['Attributes', 'Assets,Locations', 'Attributes()', 'Nodes', '']),
    $select: optionValue(['Name,Geofootprint', '*', 'Id', 'Nope', ' , ']),
    $format: optionValue(['json', 'xml']),
    $bogus: junk,
  },
  { requiredKeys: [] },
);
const key = fc.oneof(fc.constant(ID), fc.uuid(), junk, fc.constantFrom("'SENTINEL-2'", 'SENTINEL-2', ''));
const path = fc.oneof(
  fc.constantFrom('Products', 'DeletedProducts', 'Collections', 'Attributes', '$metadata', ''),
  key.map((k) => `Products(${encodeURIComponent(k)})`),
  key.map((k) => `DeletedProducts(${encodeURIComponent(k)})`),
  key.map((k) => `Attributes(${encodeURIComponent(k)})`),
  key.map((k) => `Products(${encodeURIComponent(k)})/Attributes`),
  junk.map((j) => encodeURIComponent(j)),
);
const filterListBody = fc.oneof(
  fc.json(),
  fc.record({ FilterProducts: fc.array(fc.oneof(fc.record({ Name: junk }), fc.anything()), { maxLength: 5 }) }),
);

/** A 4xx answer in OData's format: `{"error":{"code",...}}`, or CDSE's FastAPI `detail` list for $skip (422). */
function expectODataAnswer(res: { statusCode: number; body: string }, what: string): void {
  expect(res.statusCode, `${what} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode < 400) return;
  const body = JSON.parse(res.body) as { error?: { code?: unknown }; detail?: unknown };
  if (res.statusCode === 422) expect(Array.isArray(body.detail), what).toBe(true);
  else expect(typeof body.error?.code, what).toBe('string');
}

withDb('OData under random and malformed requests', (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
    await ctx.db.transaction((tx) => insertProduct(tx, buildProduct({ id: ID })));
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers every GET with 2xx or a 4xx in OData format, never a 500 or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(path, query, async (p, q) => {
        const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string'));
        const url = `/odata/v1/${p}?${params.toString()}`;
        const res = await hub.app.inject({ method: 'GET', url });
        expectODataAnswer(res, url);
      }),
      { numRuns: 250, interruptAfterTimeLimit: 60_000 },
    );
  }, 90_000);

  it('answers every $filter and $orderby, reaching the parser, the compiler and the database, with 2xx or an OData 4xx', async () => {
    const set = fc.constantFrom('Products', 'DeletedProducts');
    const orderby = fc.option(fc.constantFrom('ContentDate/Start desc', 'Name', 'DeletionDate asc', 'PublicationDate,Id desc'), {
      nil: undefined,
    });
    await fc.assert(
      fc.asyncProperty(set, filterText, orderby, fc.boolean(), async (entitySet, filter, order, count) => {
        const params = new URLSearchParams({ $filter: filter, $top: '5', ...(order === undefined ? {} : { $orderby: order }) });
        if (count) params.set('$count', 'true');
        const url = `/odata/v1/${entitySet}?${params.toString()}`;
        expectODataAnswer(await hub.app.inject({ method: 'GET', url }), url);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 60_000 },
    );
  }, 90_000);

  it('answers every FilterList body with 2xx or a 4xx in OData format', async () => {
    await fc.assert(
      fc.asyncProperty(filterListBody, query, async (body, q) => {
        const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string'));
        const res = await hub.app.inject({
          method: 'POST',
          url: `/odata/v1/Products/OData.CSC.FilterList?${params.toString()}`,
          payload: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expectODataAnswer(res, JSON.stringify(body).slice(0, 200));
      }),
      { numRuns: 100, interruptAfterTimeLimit: 30_000 },
    );
  }, 60_000);
});
