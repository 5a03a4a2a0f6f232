import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { addStoredProduct, s3Request, type S3Credentials } from '../../support/s3.ts';
import { withDb } from '../../support/with-db.ts';

/** Random S3 requests, signed and unsigned: every answer is S3 XML with a status below 500. */
withDb('S3 access API under random requests', (ctx) => {
  let hub: Hub;
  const admin: S3Credentials = { accessKeyId: 'EOHPROPERTYKEY00001', secretAccessKey: 'property-secret-0123456789' };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { s3: admin });
    await addStoredProduct(hub, 'Sentinel-2/MSI/L2A/2024/05/03/S2A_PROP.SAFE', {
      'a b/ü+%.txt': Buffer.from('odd names'),
      'x.bin': Buffer.alloc(10),
    });
  });

  afterAll(async () => {
    await hub.close();
  });

  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('Sentinel-2/', 'Sentinel-2/MSI/L2A/2024/05/03/S2A_PROP.SAFE/', '/', '%', 'ü'),
  );
  const query = fc.record(
    {
      'list-type': fc.constantFrom('1', '2', 'x', ''),
      prefix: text,
      delimiter: text,
      'max-keys': fc.oneof(fc.nat({ max: 2000 }).map(String), fc.string({ maxLength: 4 })),
      'continuation-token': fc.oneof(fc.string({ maxLength: 10 }), fc.base64String({ maxLength: 40 })),
      'start-after': text,
      marker: text,
      'encoding-type': fc.constantFrom('url', 'xml'),
    },
    { requiredKeys: [] },
  );

  it('lists with any parameters without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.boolean(), async (q, signed) => {
        const r = await s3Request(hub.s3App, signed ? admin : null, { key: '', query: q });
        expect(r.statusCode, `${JSON.stringify(q)}: ${r.body}`).toBeLessThan(500);
        expect(r.headers['content-type']).toMatch(/xml/);
      }),
      { numRuns: 60 },
    );
  });

  it('gets any key and range without a 5xx', async () => {
    const range = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 12 }),
      fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => `bytes=${a}-${b}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, fc.constant('Sentinel-2/MSI/L2A/2024/05/03/S2A_PROP.SAFE/a b/ü+%.txt')), range, async (key, r) => {
        const res = await s3Request(hub.s3App, admin, { key: key === '' ? 'x' : key, headers: r === undefined ? {} : { range: r } });
        expect(res.statusCode, `${key} ${r}: ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('reads keys with spaces, percent signs and non-ASCII characters', async () => {
    const r = await s3Request(hub.s3App, admin, { key: 'Sentinel-2/MSI/L2A/2024/05/03/S2A_PROP.SAFE/a b/ü+%.txt' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).toBe('odd names');
  });
});
