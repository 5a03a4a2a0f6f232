import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { openPostgres, type Db } from '../../src/db/index.ts';
import { createQuotaService, type Caller, type DownloadSession, type QuotaService } from '../../src/quotas/index.ts';
import { TEST_DATABASE_URL, withDb } from '../support/with-db.ts';

/**
 * The monthly download volume as a reservation: a download reserves the bytes it expects to send in the
 * transaction that checks the volume, under the subject's lock, and settles to the bytes really sent when
 * it ends. Parallel downloads of one user, in one process or in two sharing a database, never add up to
 * more than the month's volume.
 */
const LIMIT = 2500;
const settings = loadConfig({
  env: {},
  overrides: { quotas: { registered: { concurrentDownloads: 0, bandwidthBytesPerS: 0, monthlyDownloadBytes: LIMIT } } },
}).quotas;

withDb('monthly volume reservations', (ctx) => {
  let services: QuotaService[];
  let second: Db | undefined;

  beforeAll(async () => {
    // On PostgreSQL a second pool on the same schema stands for a second server process.
    if (ctx.backend === 'postgres') second = await openPostgres(TEST_DATABASE_URL, ctx.db.schema, 4);
    services = [ctx.db, second ?? ctx.db].map((db) => createQuotaService({ db, settings, clock: Date.now }));
  });
  afterAll(async () => second?.close());

  const newCaller = (): Caller => ({
    actor: { kind: 'user', id: randomUUID(), username: 'vera', roles: ['registered'], groups: [] },
    address: '192.0.2.9',
  });
  const begin = (service: QuotaService, caller: Caller, expectedBytes: number | undefined) =>
    service.beginDownload(caller, { product: { id: randomUUID(), collection: 'SENTINEL-2' }, fileName: 'x.zip', userAgent: undefined, expectedBytes });
  const send = async (session: DownloadSession, bytes: number) => text(session.meter(Readable.from([Buffer.alloc(bytes, 0x61)])));

  it('lets only as many of eight parallel downloads begin as the volume holds, across two processes', async () => {
    const caller = newCaller();
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => begin(services[i % 2] as QuotaService, caller, 1000)));
    const begun = outcomes.filter((o) => o.status === 'fulfilled');
    expect(begun).toHaveLength(2);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED', kind: 'rate_limited' });
  });

  it('settles a reservation to the bytes sent, freeing the rest for the next download', async () => {
    const caller = newCaller();
    const [a, b] = [await begin(services[0] as QuotaService, caller, 1000), await begin(services[1] as QuotaService, caller, 1000)];
    await expect(begin(services[0] as QuotaService, caller, 600)).rejects.toMatchObject({ code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED' });
    expect(await send(a, 400)).toHaveLength(400);
    await a.end('aborted'); // 400 sent, 1000 still reserved by b
    await expect(begin(services[1] as QuotaService, caller, 1101)).rejects.toMatchObject({ code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED' });
    const c = await begin(services[1] as QuotaService, caller, 1100);
    await Promise.all([send(b, 1000), send(c, 1100)]);
    await Promise.all([b.end('complete'), c.end('complete')]);
    // 2500 of 2500 used: nothing more, not even a download of unknown size.
    await expect(begin(services[0] as QuotaService, caller, 1)).rejects.toMatchObject({ code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED' });
    await expect(begin(services[0] as QuotaService, caller, undefined)).rejects.toMatchObject({ code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED' });
  });

  it('counts a download whose size was not known by the bytes it sent', async () => {
    const caller = newCaller();
    const a = await begin(services[0] as QuotaService, caller, undefined); // size unknown: reserves nothing
    expect(await send(a, 2000)).toHaveLength(2000);
    await a.end('complete');
    await expect(begin(services[1] as QuotaService, caller, 501)).rejects.toMatchObject({ code: 'QUOTA_MONTHLY_VOLUME_EXCEEDED' });
    const b = await begin(services[1] as QuotaService, caller, 500);
    await b.end('aborted');
  });
});
