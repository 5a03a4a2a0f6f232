import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import S3rver from 's3rver';
import { insertProduct, type NewProduct, type ProductFile } from '../../src/catalog/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { uriEncode } from '../../src/s3/index.ts';
import { buildProduct } from './products.ts';

/**
 * S3 test helpers: requests signed by the AWS SDK's own SigV4 signer (@smithy/signature-v4, not the
 * hub's code), injected into the hub's S3 app; and products whose files are stored for real.
 */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3Call {
  method?: 'GET' | 'HEAD' | 'PUT';
  /** The object key or '' for the bucket; undefined for the service (ListBuckets). */
  key?: string;
  bucket?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  signingDate?: Date;
  /** Presign instead of an Authorization header, valid this many seconds. */
  presignExpiresS?: number;
  /** Changes the request after signing (tampering). */
  tamper?: (req: { path: string; query: Record<string, string>; headers: Record<string, string> }) => void;
}

export async function s3Request(app: FastifyInstance, credentials: S3Credentials | null, call: S3Call): Promise<LightMyRequestResponse> {
  const path = call.key === undefined ? '/' : `/${call.bucket ?? 'eodata'}/${uriEncode(call.key, false)}`;
  const request = {
    method: call.method ?? 'GET',
    protocol: 'http:',
    hostname: 'localhost',
    port: 8081,
    path,
    query: { ...(call.query ?? {}) } as Record<string, string>,
    headers: { host: 'localhost:8081', ...(call.headers ?? {}) } as Record<string, string>,
  };
  let signed = request;
  if (credentials) {
    const signer = new SignatureV4({ service: 's3', region: 'eu-central-1', credentials, sha256: Sha256, uriEscapePath: false });
    const options = { signingDate: call.signingDate ?? new Date() };
    // The signer's request type is wider than what it returns for this input.
    signed = (call.presignExpiresS !== undefined
      ? // As the SDK's S3 presigner: the payload is unsigned, and the header saying so stays a header.
        await signer.presign(
          { ...request, headers: { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
          { ...options, expiresIn: call.presignExpiresS, unhoistableHeaders: new Set(['x-amz-content-sha256']) },
        )
      : await signer.sign(request, options)) as typeof request;
  }
  const final = { path: signed.path, query: { ...signed.query }, headers: { ...signed.headers } };
  call.tamper?.(final);
  const qs = Object.entries(final.query)
    .map(([k, v]) => `${uriEncode(k, true)}=${uriEncode(v, true)}`)
    .join('&');
  return app.inject({ method: request.method, url: qs === '' ? final.path : `${final.path}?${qs}`, headers: final.headers });
}

/** Stores the files under `storagePath` in the hub's primary store and registers the product. */
export async function addStoredProduct(
  hub: Hub,
  storagePath: string,
  files: Record<string, Buffer>,
  overrides: { online?: boolean; collection?: string; attributes?: NewProduct['attributes'] } = {},
): Promise<void> {
  const records: ProductFile[] = [];
  for (const [path, data] of Object.entries(files)) {
    await hub.deps.stores.primary.put(`${storagePath}/${path}`, Readable.from([data]));
    records.push({
      path,
      sizeBytes: data.length,
      md5: createHash('md5').update(data).digest('hex'),
      blake3: createHash('sha256').update(data).digest('hex'),
      crc32: crc32(data),
      mediaType: path.endsWith('.xml') ? 'application/xml' : 'application/octet-stream',
      role: 'data',
    });
  }
  const name = storagePath.split('/').at(-1) ?? storagePath;
  const product = buildProduct({
    name,
    storage: { store: hub.deps.stores.primary.name, path: storagePath },
    files: records,
    ...(overrides.collection === undefined ? {} : { collection: overrides.collection }),
    ...(overrides.attributes === undefined ? {} : { attributes: overrides.attributes }),
  });
  await insertProduct(hub.deps.db, product);
  if (overrides.online === false) await hub.deps.db.query(`UPDATE products SET online = false WHERE id = $1`, [product.id]);
}

/** s3rver: a real S3-compatible server (path-style, SigV4, multipart uploads) on a free loopback port, with one bucket. */
export async function startS3rver(bucket: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'eohub-s3rver-')),
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}
