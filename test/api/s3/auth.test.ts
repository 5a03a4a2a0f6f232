import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { addStoredProduct, s3Request, type S3Credentials } from '../../support/s3.ts';
import { withDb } from '../../support/with-db.ts';

const KEY = 'Sentinel-2/MSI/L2A/2024/05/02/S2B_MSIL2A_AUTH.SAFE/manifest.safe';
const code = (body: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(body)?.[1];

withDb('S3 access API: Signature V4 and keys', (ctx) => {
  let hub: Hub;
  let alice: S3Credentials;
  let adminApiKey: string;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    await addStoredProduct(hub, 'Sentinel-2/MSI/L2A/2024/05/02/S2B_MSIL2A_AUTH.SAFE', { 'manifest.safe': Buffer.from('<xfdu/>') });
    await hub.deps.auth.users.addUser({ username: 'alice', password: 'alice password 1' });
    adminApiKey = (await hub.deps.auth.users.createApiKey('admin', 'test')).key;
    const created = await hub.app.inject({ method: 'POST', url: '/admin/users/alice/s3-keys', headers: { 'x-api-key': adminApiKey } });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ accessKeyId: string; secretAccessKey: string; username: string }>();
    expect(body.username).toBe('alice');
    alice = { accessKeyId: body.accessKeyId, secretAccessKey: body.secretAccessKey };
  });

  afterAll(async () => {
    await hub.close();
  });

  it('reads with a key the admin API issued, signed in the header or presigned in the query', async () => {
    const signed = await s3Request(hub.s3App, alice, { key: KEY });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.body).toBe('<xfdu/>');
    const presigned = await s3Request(hub.s3App, alice, { key: KEY, presignExpiresS: 300 });
    expect(presigned.statusCode, presigned.body).toBe(200);
  });

  it('refuses anonymous requests with AccessDenied', async () => {
    const r = await s3Request(hub.s3App, null, { key: '', query: { 'list-type': '2' } });
    expect(r.statusCode).toBe(403);
    expect(code(r.body)).toBe('AccessDenied');
    expect((await s3Request(hub.s3App, null, { key: KEY })).statusCode).toBe(403);
    expect((await s3Request(hub.s3App, null, { method: 'HEAD', key: '' })).statusCode).toBe(403);
    expect((await s3Request(hub.s3App, null, {})).statusCode).toBe(403);
  });

  it('answers SignatureDoesNotMatch for a wrong secret and for a request changed after signing', async () => {
    const wrong = await s3Request(hub.s3App, { ...alice, secretAccessKey: 'not-the-secret-at-all' }, { key: KEY });
    expect(wrong.statusCode).toBe(403);
    expect(code(wrong.body)).toBe('SignatureDoesNotMatch');
    const tampered = await s3Request(hub.s3App, alice, {
      key: '',
      query: { 'list-type': '2', prefix: 'Sentinel-2/' },
      tamper: (req) => void (req.query['prefix'] = 'Sentinel-1/'),
    });
    expect(code(tampered.body)).toBe('SignatureDoesNotMatch');
    const otherPath = await s3Request(hub.s3App, alice, {
      key: KEY,
      tamper: (req) => void (req.path = req.path.replace('manifest', 'MANIFEST')),
    });
    expect(code(otherPath.body)).toBe('SignatureDoesNotMatch');
  });

  it('answers InvalidAccessKeyId for an unknown key', async () => {
    const r = await s3Request(hub.s3App, { accessKeyId: 'EOHNOSUCHKEY000000', secretAccessKey: 'whatever-secret' }, { key: KEY });
    expect(r.statusCode).toBe(403);
    expect(code(r.body)).toBe('InvalidAccessKeyId');
  });

  it('answers RequestTimeTooSkewed for a request signed 20 minutes off, and AccessDenied for an expired presigned URL', async () => {
    const skewed = await s3Request(hub.s3App, alice, { key: KEY, signingDate: new Date(Date.now() - 20 * 60_000) });
    expect(skewed.statusCode).toBe(403);
    expect(code(skewed.body)).toBe('RequestTimeTooSkewed');
    const expired = await s3Request(hub.s3App, alice, { key: KEY, presignExpiresS: 60, signingDate: new Date(Date.now() - 120_000) });
    expect(expired.statusCode).toBe(403);
    expect(code(expired.body)).toBe('AccessDenied');
    expect(expired.body).toContain('expired');
  });

  it('refuses a revoked key, and lists keys without their secrets', async () => {
    const listed = await hub.app.inject({ method: 'GET', url: '/admin/s3-keys?user=alice', headers: { 'x-api-key': adminApiKey } });
    expect(listed.json()).toEqual([expect.objectContaining({ accessKeyId: alice.accessKeyId, disabled: null })]);
    expect(listed.body).not.toContain(alice.secretAccessKey);
    const revoked = await hub.app.inject({
      method: 'DELETE',
      url: `/admin/s3-keys/${alice.accessKeyId}`,
      headers: { 'x-api-key': adminApiKey },
    });
    expect(revoked.statusCode).toBe(200);
    const r = await s3Request(hub.s3App, alice, { key: KEY });
    expect(r.statusCode).toBe(403);
    expect(code(r.body)).toBe('InvalidAccessKeyId');
  });

  it('refuses the keys of a disabled user', async () => {
    const { secretAccessKey, info } = await hub.deps.s3.keys.createKey('alice');
    await hub.deps.auth.users.setDisabled('alice', true);
    const r = await s3Request(hub.s3App, { accessKeyId: info.accessKeyId, secretAccessKey }, { key: KEY });
    expect(code(r.body)).toBe('AccessDenied');
    await hub.deps.auth.users.setDisabled('alice', false);
  });

  it('answers malformed authorization with 400, never 500', async () => {
    for (const authorization of [
      'AWS4-HMAC-SHA256 Credential=x',
      'AWS abc:def',
      'AWS4-HMAC-SHA256 Credential=K/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00',
    ]) {
      const r = await hub.s3App.inject({ method: 'GET', url: '/eodata/x', headers: { authorization, 'x-amz-date': '20240101T000000Z' } });
      expect([400, 403], authorization).toContain(r.statusCode);
      expect(r.body).toContain('<Error>');
    }
  });

  it('keeps secrets encrypted in the database', async () => {
    const r = await ctx.db.query<{ secret_encrypted: string }>(`SELECT secret_encrypted FROM s3_keys`);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(row.secret_encrypted).toMatch(/^v1\./);
      expect(row.secret_encrypted).not.toContain(alice.secretAccessKey);
    }
  });
});
