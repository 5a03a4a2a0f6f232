import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { PORTAL_DIST_DIR } from '../../../src/portal/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { withDb } from '../../support/with-db.ts';

withDb('the portal at /', (ctx) => {
  let hub: Hub;
  let withBaseLayer: Hub;
  let disabled: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    withBaseLayer = await buildTestHub(ctx.db, {
      portal: { baseLayerUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', baseLayerAttribution: '© Example' },
    });
    disabled = await buildTestHub(ctx.db, { portal: { enabled: false } });
  });
  afterAll(async () => {
    await Promise.all([hub.close(), withBaseLayer.close(), disabled.close()]);
  });

  it('serves the page, never cached, so that a new build shows at once', async () => {
    const res = await hub.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="app">');
  });

  it('serves the hashed assets as immutable for a year', async () => {
    const script = (await readdir(join(PORTAL_DIST_DIR, 'assets'))).find((f) => /^index-.+\.js$/.test(f));
    const res = await hub.app.inject({ url: `/assets/${script}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers an unknown asset with 404 in JSON', async () => {
    const res = await hub.app.inject({ url: '/assets/nope-123.js' });
    expect(res.statusCode).toBe(404);
    const escape = await hub.app.inject({ url: '/assets/..%2f..%2fpackage.json' });
    expect(escape.statusCode).toBeGreaterThanOrEqual(400);
    expect(escape.statusCode).toBeLessThan(500);
  });

  it('tells the browser code the token realm and, when configured, the raster base layer', async () => {
    expect((await hub.app.inject({ url: '/portal/config.json' })).json()).toEqual({
      realm: 'eohub',
      clientId: 'cdse-public',
      baseLayer: null,
    });
    expect((await withBaseLayer.app.inject({ url: '/portal/config.json' })).json()).toMatchObject({
      baseLayer: { url: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '© Example' },
    });
  });

  it('serves nothing at / when the portal is switched off', async () => {
    expect((await disabled.app.inject({ url: '/' })).statusCode).toBe(404);
    expect((await disabled.app.inject({ url: '/portal/config.json' })).statusCode).toBe(404);
  });
});
