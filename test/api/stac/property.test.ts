import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { buildProduct } from '../../support/products.ts';
import { withDb } from '../../support/with-db.ts';

/** Each answer must come within this bound; a hang or a slow path for bad input is a failure too. */
const ANSWER_WITHIN_MS = 5_000;

const PARAMS = [
  'collections',
  'ids',
  'bbox',
  'intersects',
  'datetime',
  'limit',
  'sortby',
  'fields',
  'query',
  'q',
  'filter',
  'filter-lang',
  'filter-crs',
  'token',
];

const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '..',
    '../..',
    '',
    ',',
    '-1',
    '0',
    '1e400',
    'NaN',
    '{',
    '[]',
    'null',
    '{"type":"Point"}',
    '2021-02-30T00:00:00Z',
    'n.x.y',
    'p.',
    '%00',
    '\u0000',
  ),
  fc.array(fc.double(), { maxLength: 7 }).map((xs) => xs.join(',')),
  fc.json({ maxDepth: 3 }),
);

const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 10 })), nastyText), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

const jsonValue = fc.oneof(
  fc.json({ maxDepth: 3 }).map((s) => JSON.parse(s) as unknown),
  nastyText,
  fc.double(),
  fc.array(fc.double(), { maxLength: 7 }),
);
const body = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 10 })), jsonValue, { maxKeys: 5 }),
  jsonValue,
);

const PATHS = [
  '/stac',
  '/stac/conformance',
  '/stac/api',
  '/stac/queryables',
  '/stac/collections',
  '/stac/collections/SENTINEL-2',
  '/stac/collections/SENTINEL-2/queryables',
  '/stac/collections/SENTINEL-2/items',
  '/stac/collections/SENTINEL-2/items/some-item',
  '/stac/collections/%00/items',
  '/stac/search',
];

function expectWellFormed(status: number, payload: string, ms: number, what: string): void {
  expect(ms, what).toBeLessThan(ANSWER_WITHIN_MS);
  expect(status === 200 || (status >= 400 && status < 500), `${what} → ${status} ${payload.slice(0, 300)}`).toBe(true);
  if (status >= 400) {
    const e = JSON.parse(payload) as { code?: unknown; description?: unknown };
    expect(typeof e.code, what).toBe('string');
    expect(typeof e.description, what).toBe('string');
  }
}

withDb('STAC endpoints under random and malformed input', (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    await insertProduct(ctx.db, buildProduct({ name: 'some-item' }));
  });
  afterAll(async () => hub.close());

  it('answers every GET with random query strings with 200 or a 4xx {code, description}, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), queryString, async (path, qs) => {
        const url = `${path}?${qs}`;
        const t = Date.now();
        const r = await hub.app.inject({ url });
        expectWellFormed(r.statusCode, r.body, Date.now() - t, url);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('answers every POST /search with a random JSON body with 200 or a 4xx {code, description}', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const t = Date.now();
        const r = await hub.app.inject({
          method: 'POST',
          url: '/stac/search',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(b),
        });
        expectWellFormed(r.statusCode, r.body, Date.now() - t, JSON.stringify(b).slice(0, 300));
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('answers unparsable JSON bodies with 400 {code, description}', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), async (text) => {
        const r = await hub.app.inject({
          method: 'POST',
          url: '/stac/search',
          headers: { 'content-type': 'application/json' },
          payload: `{${text}`,
        });
        expectWellFormed(r.statusCode, r.body, 0, text);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
