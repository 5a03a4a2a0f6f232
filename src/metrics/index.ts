/**
 * Prometheus metrics (prom-client): one registry per hub, so that hubs built side by side in one process
 * (tests, benchmarks) count apart. Owns no tables. The HTTP layer observes requests and downloads;
 * `/metrics` renders the registry in the text exposition format.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HubMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly downloadBytes: Counter<'collection'>;
  readonly activeDownloads: Gauge;
  readonly quotaRejections: Counter<'limit' | 'class'>;
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(options: { processMetrics: boolean } = { processMetrics: true }): HubMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'eohub_' });
  const labels = ['method', 'route', 'status'] as const;
  return {
    registry,
    httpRequests: new Counter({
      name: 'eohub_http_requests_total',
      help: 'HTTP requests by route pattern and status',
      labelNames: labels,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'eohub_http_request_duration_seconds',
      help: 'HTTP request durations until the response ended, by route pattern and status',
      labelNames: labels,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    downloadBytes: new Counter({
      name: 'eohub_download_bytes_total',
      help: 'Product bytes sent to download clients, by collection',
      labelNames: ['collection'],
      registers: [registry],
    }),
    activeDownloads: new Gauge({
      name: 'eohub_active_downloads',
      help: 'Downloads streaming from this process now',
      registers: [registry],
    }),
    quotaRejections: new Counter({
      name: 'eohub_quota_rejections_total',
      help: 'Requests refused with 429 by a quota, by limit and user class',
      labelNames: ['limit', 'class'],
      registers: [registry],
    }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
