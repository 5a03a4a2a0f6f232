import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { registerLargeProduct } from '../../download/helpers.ts';
import { buildTestHub } from '../../support/hub.ts';
import { withDb } from '../../support/with-db.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reading of the Prometheus text exposition format (0.0.4): HELP and TYPE comments, then samples
 * `name{label="value",...} number`. Throws on any other line.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1] as string, type[2] as string);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`not a sample value: ${line}`);
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    samples.push({ name: m[1] as string, labels: labels as Record<string, string>, value });
  }
  return { types, samples };
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const ADMIN = basic('admin', 'test hub admin password');

withDb('Prometheus metrics', (ctx) => {
  let hub: Hub;
  let product: Product;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { quotas: { anonymous: { searchRequests: 1 } } });
    product = await registerLargeProduct(ctx.db, hub.deps.stores, { fileCount: 1, fileBytes: 10_000 });
    await hub.deps.auth.users.addUser({ username: 'mo', password: 'mo password 12' });
  });
  afterAll(async () => hub.close());

  it('keeps /metrics to admins by default: 401 anonymous, 403 for other users', async () => {
    expect((await hub.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await hub.app.inject({ url: '/metrics', headers: basic('mo', 'mo password 12') })).statusCode).toBe(403);
  });

  it('counts requests by route and status, quota refusals and downloaded bytes, in a format Prometheus parses', async () => {
    expect((await hub.app.inject({ url: '/stac/search', remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
    expect((await hub.app.inject({ url: '/stac/search', remoteAddress: '192.0.2.1' })).statusCode).toBe(429);
    const download = await hub.app.inject({ url: `/odata/v1/Products(${product.id})/$value` });
    expect(download.statusCode).toBe(200);

    const res = await hub.app.inject({ url: '/metrics', headers: ADMIN });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parseExposition(res.body);
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(types.get('eohub_http_requests_total')).toBe('counter');
    expect(types.get('eohub_http_request_duration_seconds')).toBe('histogram');
    expect(types.get('eohub_active_downloads')).toBe('gauge');
    expect(value('eohub_http_requests_total', { method: 'GET', route: '/stac/search', status: '200' })).toBe(1);
    expect(value('eohub_http_requests_total', { method: 'GET', route: '/stac/search', status: '429' })).toBe(1);
    expect(value('eohub_http_request_duration_seconds_count', { route: '/stac/search', status: '200' })).toBe(1);
    expect(value('eohub_quota_rejections_total', { limit: 'QUOTA_TOO_MANY_REQUESTS', class: 'anonymous' })).toBe(1);
    expect(value('eohub_download_bytes_total', { collection: 'SENTINEL-2' })).toBe(product.contentLength);
    expect(value('eohub_active_downloads', {})).toBe(0);
    // Route patterns, never raw URLs: ids do not become label values.
    expect(samples.some((s) => (s.labels['route'] ?? '').includes(product.id))).toBe(false);
    expect(samples.some((s) => s.name === 'eohub_process_cpu_seconds_total')).toBe(true);
  });
});

withDb('Prometheus metrics settings', (ctx) => {
  it('serves /metrics to anyone when access is open, and not at all when disabled', async () => {
    const open = await buildTestHub(ctx.db, { metrics: { access: 'open' } });
    try {
      const res = await open.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/^# HELP /m);
    } finally {
      await open.close();
    }
    const off = await buildTestHub(ctx.db, { metrics: { enabled: false } });
    try {
      expect((await off.app.inject({ url: '/metrics', headers: ADMIN })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});
