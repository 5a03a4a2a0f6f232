import { cp, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import yazl from 'yazl';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths, type IngestOutcome } from '../../src/ingest/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { sample } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';

const S1 = sample('S1A_IW_SLC__1SDV_20220104T170557');
const S1_SAFE = `${S1.id}.SAFE`;

async function zipOf(entries: Array<{ name: string; data: Buffer; mode?: number; compress?: boolean }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { mode: e.mode ?? 0o100644, compress: e.compress ?? true });
  zip.end();
  return buffer(zip.outputStream);
}

/** yazl refuses unsafe names, as it should; a same-length rename in the bytes makes the hostile zip. */
function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  expect(from.length).toBe(to.length);
  return Buffer.from(zip.toString('latin1').replaceAll(from, to), 'latin1');
}

withDb('refusing bad products', (ctx) => {
  let hub: Hub;
  let work: string;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { ingest: { maxProductBytes: 8 * 1024 * 1024 } });
    work = await mkdtemp(join(tmpdir(), 'eohub-bad-'));
  });
  afterAll(async () => {
    await hub.close();
  });

  /** Ingests one path and checks that the catalogue, the store, staging and pending rows are untouched. */
  async function refuse(path: string): Promise<Extract<IngestOutcome, { status: 'failed' }>> {
    const before = await snapshot();
    const r = await ingestPaths(hub.deps.ingest, [path], { concurrency: 1 });
    expect(r.outcomes).toHaveLength(1);
    const o = r.outcomes[0] as IngestOutcome;
    expect(o.status).toBe('failed');
    expect(await snapshot()).toEqual(before);
    return o as Extract<IngestOutcome, { status: 'failed' }>;
  }

  async function snapshot(): Promise<unknown> {
    const products = (await ctx.db.query('SELECT name FROM products ORDER BY name')).rows;
    const pending = (await ctx.db.query('SELECT id FROM pending_ingests')).rows;
    const keys: string[] = [];
    for await (const b of hub.deps.stores.primary.list('')) keys.push(b.key);
    const staging = await readdir(hub.deps.ingest.stagingDir).catch(() => []);
    const incoming = await readdir(join(hub.deps.config.dataDir, 'products', '.incoming')).catch(() => []);
    return { products, pending, keys, staging, incoming };
  }

  it('refuses a corrupt zip', async () => {
    const path = join(work, 'corrupt.zip');
    await writeFile(path, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(500, 7)]));
    expect((await refuse(path)).code).toBe('INGEST_CORRUPT_ZIP');
  });

  it('refuses a zip whose entries climb out of the product with ../', async () => {
    const path = join(work, 'escape.zip');
    await writeFile(path, renameInZip(await zipOf([{ name: 'aa/evil.txt', data: Buffer.from('x') }]), 'aa/evil', '../evil'));
    expect((await refuse(path)).code).toBe('UNSAFE_PATH');
  });

  it('refuses a zip with an absolute path', async () => {
    const path = join(work, 'absolute.zip');
    await writeFile(path, renameInZip(await zipOf([{ name: 'xtmp/evil.txt', data: Buffer.from('x') }]), 'xtmp/evil', '/tmp/evil'));
    expect((await refuse(path)).code).toBe('UNSAFE_PATH');
  });

  it('refuses a zip holding a symbolic link', async () => {
    const path = join(work, 'link.zip');
    await writeFile(path, await zipOf([{ name: 'X.SAFE/manifest.safe', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]));
    expect((await refuse(path)).code).toBe('UNSAFE_PATH');
  });

  it('refuses a zip bomb by its compression ratio', async () => {
    // A limit above the inflated size, so that only the ratio can refuse it.
    const roomy = await buildTestHub(ctx.db, { ingest: { maxProductBytes: 64 * 1024 * 1024 } });
    try {
      const big = join(work, 'bomb-big.zip');
      await writeFile(big, await zipOf([{ name: 'X.SAFE/zeros.bin', data: Buffer.alloc(40 * 1024 * 1024) }]));
      const r = await ingestPaths(roomy.deps.ingest, [big], { concurrency: 1 });
      expect(r.outcomes[0]).toMatchObject({ status: 'failed', code: 'INGEST_ZIP_BOMB' });
    } finally {
      await roomy.close();
    }
  });

  it('refuses a product larger than the configured limit', async () => {
    const path = join(work, 'large.zip');
    await writeFile(path, await zipOf([{ name: 'X.SAFE/data.bin', data: Buffer.alloc(9 * 1024 * 1024, 1), compress: false }]));
    expect((await refuse(path)).code).toBe('INGEST_PRODUCT_TOO_LARGE');
  });

  it('refuses a product folder holding a symbolic link', async () => {
    const dir = join(work, 'linked', S1_SAFE);
    await cp(join(S1.productPath), dir, { recursive: true });
    await symlink('/etc/passwd', join(dir, 'support.xml'));
    expect((await refuse(dir)).code).toBe('UNSAFE_PATH');
  });

  it('refuses a manifest declaring entities (billion laughs) without expanding them', async () => {
    const dir = join(work, 'bomb', S1_SAFE);
    await cp(S1.productPath, dir, { recursive: true });
    const manifest = await readFile(join(dir, 'manifest.safe'), 'utf8');
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
    await writeFile(join(dir, 'manifest.safe'), manifest.replace(/(<\?xml[^>]*\?>)/, `$1${laughs}`));
    expect((await refuse(dir)).code).toBe('UNSAFE_XML');
  });

  it('refuses an external entity (XXE) in a manifest', async () => {
    const dir = join(work, 'xxe', S1_SAFE);
    await cp(S1.productPath, dir, { recursive: true });
    const manifest = await readFile(join(dir, 'manifest.safe'), 'utf8');
    await writeFile(join(dir, 'manifest.safe'), manifest.replace(/(<\?xml[^>]*\?>)/, `$1<!DOCTYPE x SYSTEM "file:///etc/passwd">`));
    expect((await refuse(dir)).code).toBe('UNSAFE_XML');
  });

  it('refuses a file it does not know as a product', async () => {
    const path = join(work, 'notes.json');
    await writeFile(path, JSON.stringify({ hello: 'world' }));
    expect(['UNKNOWN_PRODUCT_FORMAT', 'MALFORMED_METADATA']).toContain((await refuse(path)).code);
  });

  it('refuses a manifest that is not XML', async () => {
    const dir = join(work, 'garbled', S1_SAFE);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'manifest.safe'), '<xfdu:XFDU><unclosed>');
    expect(['MALFORMED_METADATA', 'UNKNOWN_PRODUCT_FORMAT']).toContain((await refuse(dir)).code);
  });

  it('goes on with the rest of the batch after a bad product', async () => {
    const bad = join(work, 'corrupt-in-batch.zip');
    await writeFile(bad, Buffer.from('not a zip at all'));
    const r = await ingestPaths(hub.deps.ingest, [bad, S1.productPath], { concurrency: 2 });
    expect(r.outcomes.map((o) => o.status)).toEqual(['failed', 'ingested']);
    expect(basename(S1.productPath)).toBe(S1_SAFE);
  });
});
