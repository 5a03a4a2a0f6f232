/**
 * The dialect's property test (STYLE.md, Tests): random and malformed `q`, parameters, paths and headers
 * thrown at every /dhus/ endpoint are answered 2xx or 4xx in DHuS's error format (cause-message header
 * and the OData error document), never 5xx and never a hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { withDb } from '../../support/with-db.ts';
import { dhusHub } from './fixture.ts';

const FRAGMENTS = [
  'platformname:',
  'beginposition:[',
  ' TO ',
  'NOW-1DAY',
  '/DAY',
  ']',
  '}',
  '{',
  '"',
  '(',
  ')',
  'footprint:"Intersects(',
  'POLYGON((0 0,1 0,1 1,0 0))',
  'ENVELOPE(0, 1, 1, 0)',
  '41.9, 12.5',
  ' AND ',
  ' OR ',
  'NOT ',
  '-',
  '+',
  '*',
  '?',
  '*:*',
  'cloudcoverpercentage:',
  '1e400',
  '-0',
  'identifier:',
  'uuid:',
  '\\',
  '%',
  '_',
  ' ',
  'ü',
  '\u0000',
];

const queryText = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((a) => a.join('')),
);
const param = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 200 }).map(String));
const rawPiece = fc.oneof(
  fc.constantFrom('%ZZ', '%F5', '%', '+', '&', '=', '%00', '%2F'),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);

function checkError(r: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string): void {
  expect(r.statusCode, what).toBeLessThan(500);
  if (r.statusCode >= 400) {
    expect(r.headers['cause-message'], what).toBeTypeOf('string');
    expect((JSON.parse(r.body) as { error: { message: { value: unknown } } }).error.message.value, what).toBeTypeOf('string');
  }
}

withDb('/dhus/ under random input', (ctx) => {
  let hub: Hub;
  let products: Product[];

  beforeAll(async () => {
    ({ hub, products } = await dhusHub(ctx.db));
  }, 240_000);
  afterAll(async () => {
    await hub.close();
  });

  it('answers /dhus/search with random q and parameters 200 or 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(queryText, param, param, param, param, rawPiece, async (q, rows, start, orderby, format, raw) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries({ rows, start, orderby, format })) if (v !== undefined) params.set(k, v);
        params.set('q', q);
        const url = `/dhus/search?${params.toString()}&${raw}`;
        const r = await hub.app.inject({ method: 'GET', url });
        checkError(r, url);
        if (r.statusCode === 200 && params.get('format') === 'json') expect(JSON.parse(r.body)).toHaveProperty('feed');
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('answers random paths, options and ranges under /dhus/odata/v1 2xx or 4xx, never 5xx', async () => {
    const id = fc.constantFrom(...products.slice(0, 3).map((p) => p.id));
    const segment = fc.oneof(
      fc.constantFrom(
        '$value',
        'Online',
        'Nodes',
        'Attributes',
        "Attributes('Filename')",
        'Value',
        "Products('Quicklook')",
        'Name',
        '',
        "Nodes('x')",
        '$metadata',
      ),
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
      rawPiece,
    );
    const key = fc.oneof(
      id.map((k) => `'${k}'`),
      id,
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.constantFrom("''", "'", '(', ''),
    );
    const option = fc.oneof(
      fc.constant(''),
      fc.constantFrom('?$format=json', '?$format=xml', '?$expand=Attributes', '?$expand=x', '?$format=json&$format=json', '?$top=-1'),
      rawPiece.map((r) => `?${r}`),
    );
    const range = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('bytes=0-1', 'bytes=-5', 'bytes=5-', 'bytes=9999999999-', 'bytes=1-0', 'chars=1-2', 'bytes=0-1,3-4'),
    );
    await fc.assert(
      fc.asyncProperty(key, fc.array(segment, { maxLength: 4 }), option, range, fc.boolean(), async (k, segments, opt, r, head) => {
        const url = `/dhus/odata/v1/Products(${k})${segments.map((s) => `/${s}`).join('')}${opt}`;
        const res = await hub.app.inject({ method: head ? 'HEAD' : 'GET', url, headers: r === undefined ? {} : { range: r } });
        if (head) expect(res.statusCode, url).toBeLessThan(500);
        else checkError(res, url);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
