import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { RESTO_PARAMETER_NAMES } from '../../../src/query/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { buildProduct } from '../../support/products.ts';
import { withDb } from '../../support/with-db.ts';

/** Each answer must come within this bound: a hang or a slow path for bad input is a failure too. */
const ANSWER_WITHIN_MS = 5_000;

/** Values near every parameter's syntax: intervals, boxes, WKT, dates, numbers, and plain junk. */
const nastyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    '[',
    ']',
    '[0,',
    '[30,0]',
    '{}',
    '{1,,2}',
    ']a,b[',
    '1e400',
    'NaN',
    '-0',
    '2001',
    '0',
    '10001',
    '2021-02-30',
    '2021-07-01T25:00:00Z',
    '181,0,0,1',
    '0,10,1,-10',
    'POLYGON((0 0,1 0,1 1,0 0',
    'POINT(1000 1000)',
    'SRID=3857;POINT(1 2)',
    'GEOMETRYCOLLECTION()',
    '%',
    '%%',
    '\\',
    '\u0000',
    'ONLINE',
    'ascending',
  ),
  fc.array(fc.double(), { maxLength: 5 }).map((xs) => xs.join(',')),
  fc
    .tuple(fc.constantFrom('[', ']', '{'), fc.double(), fc.double(), fc.constantFrom(']', '[', '}'))
    .map(([a, x, y, b]) => `${a}${x},${y}${b}`),
);

const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...RESTO_PARAMETER_NAMES), fc.string({ maxLength: 10 })), nastyValue), {
    minLength: 1,
    maxLength: 5,
  })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

const PATHS = [
  '/resto/api/collections/search.json',
  '/resto/api/collections/Sentinel2/search.json',
  '/resto/api/collections/SENTINEL-1/search.json',
  '/resto/api/collections/Nope/search.json',
  '/resto/api/collections/describe.xml',
  '/resto/api/collections/Sentinel2/describe.xml',
  '/resto/api/collections/Sentinel2/not-a-uuid.json',
  '/resto/api/collections/%00/search.json',
];

interface RestoErrorBody {
  detail?: { ErrorMessage?: unknown; ErrorCode?: unknown; ErrorDetail?: unknown; RequestID?: unknown };
}

withDb('resto endpoints under random and malformed parameters', (ctx) => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await insertProduct(tx, buildProduct());
    });
  });
  afterAll(async () => hub.close());

  it("answers 2xx or a 4xx in resto's error format, never a 500 or a hang", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), queryString, async (path, query) => {
        const started = Date.now();
        const r = await hub.app.inject({ method: 'GET', url: `${path}?${query}` });
        expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
        expect(r.statusCode, `${path}?${query} → ${r.body.slice(0, 300)}`).toBeLessThan(500);
        if (r.statusCode >= 400) {
          const body = r.json<RestoErrorBody>();
          expect(typeof body.detail?.ErrorMessage).toBe('string');
          expect(body.detail?.ErrorCode).toBe(r.statusCode);
          expect(Array.isArray(body.detail?.ErrorDetail)).toBe(true);
          expect(typeof body.detail?.RequestID).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('answers an unknown collection 404 and any parameter of a known one with a value of the wrong shape 400', async () => {
    const r = await hub.app.inject({ method: 'GET', url: '/resto/api/collections/Nope/search.json?cloudCover=[0,10]' });
    expect(r.statusCode).toBe(404);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('maxRecords', 'page', 'index', 'orbitNumber', 'lon', 'lat', 'radius', 'box', 'startDate'),
        async (param) => {
          const bad = await hub.app.inject({ method: 'GET', url: `/resto/api/collections/Sentinel2/search.json?${param}=x` });
          expect(bad.statusCode).toBe(400);
          expect(bad.json<RestoErrorBody>().detail?.ErrorMessage).toBe('Validation error.');
        },
      ),
    );
  });
});
