import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/index.ts';
import type { Db } from '../../../src/db/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { registerLargeProduct } from '../../download/helpers.ts';
import { buildTestHub } from '../../support/hub.ts';
import { withDb } from '../../support/with-db.ts';

/** Polls `read` until it returns `want` (slots are freed when the server sees the connection close). */
async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (last !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  expect(last).toBe(want);
}

/** The server closes a download's usage row just after the response ended; tests wait for it. */
async function settled(db: Db): Promise<void> {
  await eventually(async () => (await db.query(`SELECT 1 FROM download_usage WHERE status = 'running'`)).rowCount, 0);
}

withDb('concurrent downloads, bandwidth and usage', (ctx) => {
  let hub: Hub;
  let base: string;
  let big: Product;
  let small: Product;
  let rita: { id: string; key: string };
  let ingrid: { key: string };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, {
      quotas: {
        // A standard user: 4 slots (as CDSE), each stream paced at 64 KiB/s so that downloads stay running.
        registered: { concurrentDownloads: 4, bandwidthBytesPerS: 64 * 1024 },
        institutional: { bandwidthBytesPerS: 0, monthlyDownloadBytes: 150_000 },
      },
    });
    big = await registerLargeProduct(ctx.db, hub.deps.stores, { fileCount: 2, fileBytes: 512 * 1024 });
    small = await registerLargeProduct(ctx.db, hub.deps.stores, { fileCount: 1, fileBytes: 96 * 1024 });
    const user = await hub.deps.auth.users.addUser({ username: 'rita', password: 'rita password 1' });
    rita = { id: user.id, key: (await hub.deps.auth.users.createApiKey('rita', 'test')).key };
    await hub.deps.auth.users.addUser({ username: 'ingrid', password: 'ingrid password 1', roles: ['institutional'] });
    ingrid = { key: (await hub.deps.auth.users.createApiKey('ingrid', 'test')).key };
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    // Sockets the aborted fetches left half-open would hold the server's close until they time out.
    hub.app.server.closeAllConnections();
    await hub.close();
  });

  const slots = () =>
    hub.deps.quotas.activeDownloads({
      actor: { kind: 'user', id: rita.id, username: 'rita', roles: ['registered'], groups: [] },
      address: '',
    });

  it('answers a fifth concurrent download of a standard user 429 with Retry-After while four proceed', async () => {
    const headers = { 'x-api-key': rita.key, 'user-agent': 'quota-test/1.0' };
    const url = `${base}/odata/v1/Products(${big.id})/$value`;
    const running: { abort: AbortController; reader: ReadableStreamDefaultReader<Uint8Array> }[] = [];
    for (let i = 0; i < 4; i++) {
      const abort = new AbortController();
      const res = await fetch(url, { headers, signal: abort.signal });
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      expect(((await reader.read()).value ?? []).length).toBeGreaterThan(0);
      running.push({ abort, reader });
    }
    expect(await slots()).toBe(4);

    const fifth = await fetch(url, { headers });
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await fifth.json()) as { error: { code: string } }).error.code).toBe('QUOTA_TOO_MANY_DOWNLOADS');
    // The same slots on DHuS, in its error format, and for a single file (Nodes) too.
    const dhus = await fetch(`${base}/dhus/odata/v1/Products('${big.id}')/$value`, { headers });
    expect(dhus.status).toBe(429);
    expect(dhus.headers.get('cause-message')).toMatch(/downloads are already running/);
    const node = await fetch(
      `${base}/odata/v1/Products(${big.id})/Nodes(${big.name})/Nodes(GRANULE)/Nodes(IMG_DATA)/Nodes(B01.jp2)/$value`,
      { headers },
    );
    expect(node.status).toBe(429);
    // HEAD sends no body and takes no slot.
    expect((await fetch(url, { method: 'HEAD', headers })).status).toBe(200);

    // A client going away frees its slot.
    running.shift()?.abort.abort();
    await eventually(slots, 3);
    const started = Date.now();
    const whole = await fetch(`${base}/odata/v1/Products(${small.id})/$value`, { headers });
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(small.contentLength);
    // ~96 KiB at 64 KiB/s: paced, not sent at once.
    expect(Date.now() - started).toBeGreaterThan(900);

    for (const r of running) r.abort.abort();
    await eventually(slots, 0);
    await settled(ctx.db);
  }, 60_000);

  it('summarises usage per user and per collection: every download with its status and the bytes sent', async () => {
    const byUser = await hub.deps.quotas.usage({ groupBy: 'user' });
    const row = byUser.find((r) => r.key === 'rita');
    expect(row).toMatchObject({ downloads: 5, complete: 1, aborted: 4, running: 0 });
    expect(row?.bytes).toBeGreaterThanOrEqual(small.contentLength);
    const byCollection = await hub.deps.quotas.usage({ groupBy: 'collection' });
    expect(byCollection).toEqual([expect.objectContaining({ key: 'SENTINEL-2', downloads: 5 })]);
    const rows = await ctx.db.query<{ user_agent: string; status: string; ended_at: string | null; product_id: string }>(
      `SELECT user_agent, status, ended_at, product_id FROM download_usage WHERE username = 'rita'`,
    );
    expect(rows.rows.every((r) => r.user_agent === 'quota-test/1.0' && r.ended_at !== null)).toBe(true);
    expect(new Set(rows.rows.map((r) => r.product_id))).toEqual(new Set([big.id, small.id]));

    const admin = await hub.app.inject({
      url: '/admin/usage?groupBy=collection',
      headers: { authorization: `Basic ${Buffer.from('admin:test hub admin password').toString('base64')}` },
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toMatchObject({ groupBy: 'collection', rows: [{ key: 'SENTINEL-2', downloads: 5 }] });
    const future = await hub.app.inject({
      url: '/admin/usage?from=2999-01-01',
      headers: { authorization: `Basic ${Buffer.from('admin:test hub admin password').toString('base64')}` },
    });
    expect(future.json()).toMatchObject({ rows: [] });
    const bad = await hub.app.inject({
      url: '/admin/usage?from=yesterday',
      headers: { authorization: `Basic ${Buffer.from('admin:test hub admin password').toString('base64')}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'USAGE_INVALID_QUERY' });
    expect((await hub.app.inject({ url: '/admin/usage', headers: { 'x-api-key': rita.key } })).statusCode).toBe(403);
  });

  it("refuses a download that does not fit in what is left of the month's volume, until the month ends; a Range that fits goes through", async () => {
    const headers = { 'x-api-key': ingrid.key };
    const url = `/odata/v1/Products(${small.id})/$value`;
    // The package is a little over 96 KiB: one fits in the 150,000 bytes, a second would overshoot them.
    expect((await hub.app.inject({ url, headers })).statusCode).toBe(200);
    await settled(ctx.db);
    const refused = await hub.app.inject({ url, headers });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const part = await hub.app.inject({ url, headers: { ...headers, range: 'bytes=0-9999' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload).toHaveLength(10_000);
  });

  it("lets parallel downloads of one user never add up to more than the month's volume", async () => {
    await hub.deps.auth.users.addUser({ username: 'ines', password: 'ines password 1', roles: ['institutional'] });
    const headers = { 'x-api-key': (await hub.deps.auth.users.createApiKey('ines', 'test')).key };
    const url = `/odata/v1/Products(${small.id})/$value`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => hub.app.inject({ url, headers })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 429, 429, 429, 429, 429]);
    await settled(ctx.db);
    const r = await ctx.db.query<{ bytes: number }>(`SELECT coalesce(sum(bytes_sent), 0)::bigint AS bytes FROM download_usage WHERE username = 'ines'`);
    expect(Number(r.rows[0]?.bytes)).toBeLessThanOrEqual(150_000);
  });
});

withDb('download slots of a crashed process', (ctx) => {
  it('stay taken across a hub restart until their lease expires, then free themselves', async () => {
    let now = Date.parse('2026-06-01T12:00:00Z');
    const clock = () => now;
    const settings = { quotas: { leaseTtlMs: 600_000, registered: { concurrentDownloads: 2 } } };
    const first = await buildTestHub(ctx.db, settings, { clock });
    const product = await registerLargeProduct(ctx.db, first.deps.stores, { fileCount: 1, fileBytes: 4096 });
    const user = await first.deps.auth.users.addUser({ username: 'carl', password: 'carl password 1' });
    const key = (await first.deps.auth.users.createApiKey('carl', 'test')).key;
    const caller = {
      actor: { kind: 'user' as const, id: user.id, username: 'carl', roles: ['registered'], groups: [] },
      address: '192.0.2.1',
    };
    // Two downloads begun and never ended: what a process that died mid-stream leaves behind.
    for (let i = 0; i < 2; i++) {
      await first.deps.quotas.beginDownload(caller, {
        product: { id: product.id, collection: product.collection },
        fileName: 'x.zip',
        userAgent: undefined,
      });
    }
    await first.close();

    const second = await buildTestHub(
      ctx.db,
      { ...settings, storageDir: first.deps.config.storageDir ?? `${first.deps.config.dataDir}/products` },
      { clock },
    );
    try {
      const url = `/odata/v1/Products(${product.id})/$value`;
      const refused = await second.app.inject({ url, headers: { 'x-api-key': key } });
      expect(refused.statusCode).toBe(429);
      now += 600_001;
      expect((await second.app.inject({ url, headers: { 'x-api-key': key } })).statusCode).toBe(200);
      await settled(ctx.db);
      const usage = await second.deps.quotas.usage({ groupBy: 'user' });
      expect(usage).toEqual([expect.objectContaining({ key: 'carl', downloads: 3, aborted: 2, complete: 1 })]);
    } finally {
      await second.close();
    }
  }, 60_000);
});
