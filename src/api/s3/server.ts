import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AccessView } from '../../access/index.ts';
import type { Actor } from '../../auth/index.ts';
import { HubError } from '../../errors/index.ts';
import { EODATA_BUCKET, S3_ERRORS, uriEncode, type S3Object, type S3Service, type SignedRequest } from '../../s3/index.ts';
import { meterResponse, type MeteringDeps } from '../quotas/metered-download.ts';
import { viewOfRequest } from '../views.ts';
import { sendS3Error } from './errors.ts';
import { encodeToken, parseListParams } from './list-params.ts';
import { parseRange } from './range.ts';
import { s3Xml, type XmlNode } from './xml.ts';

/**
 * The S3 access API on its own port: path-style, one bucket `eodata`, read-only (ListBuckets,
 * ListObjects v1 and v2, GetObject, HeadObject, HeadBucket), every answer and error in S3's XML.
 * Routing is by hand on the raw URL: S3 keys may hold any character and the signature covers the
 * path exactly as sent. A GetObject body is a download under the owner's quotas, recorded as usage like
 * the other APIs' downloads (a refusal is S3's SlowDown, which S3 clients retry after backing off).
 */
export async function createS3Server(
  s3: S3Service,
  metering: MeteringDeps,
  log: Logger,
  views: readonly AccessView[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and fastify's base logger type differ only in optional members.
    loggerInstance: log as FastifyBaseLogger,
    requestIdHeader: 'x-amz-request-id',
    exposeHeadRoutes: false,
    // Clients sign with the query as sent; fastify's parsed query is used for values only.
    frameworkErrors: (error, request, reply) => {
      // The hook's request and reply are typed by the server's generics.
      sendS3Error(
        new HubError(S3_ERRORS.INVALID_ARGUMENT, 'invalid', error.message),
        request as unknown as FastifyRequest,
        reply as unknown as FastifyReply,
      );
    },
  });
  // Read-only API: bodies are never read, whatever their type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.setErrorHandler((error, request, reply) => sendS3Error(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendS3Error(new HubError(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'Access Denied'), request, reply),
  );
  app.route({
    method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const [rawPath = '/', rawQuery = ''] = splitUrl(request.raw.url ?? '/');
      const signer = await s3.authenticate(signedRequestOf(request, rawPath, rawQuery));
      // An endpoint host named by a portal view shows only that view's collections, as the HTTP APIs do.
      const view = viewOfRequest(request, views)?.view.name;
      const actor: Actor = view === undefined ? signer : { ...signer, view };
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new HubError(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'Access Denied: the eodata bucket is read-only');
      }
      s3.requireReader(actor);
      const path = decodePath(rawPath);
      if (path === '/') return listBuckets(actor, reply);
      const slash = path.indexOf('/', 1);
      const bucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
      const key = slash < 0 ? '' : path.slice(slash + 1);
      if (bucket !== EODATA_BUCKET) throw new HubError(S3_ERRORS.NO_SUCH_BUCKET, 'not_found', 'The specified bucket does not exist');
      if (key === '') {
        if (request.method === 'HEAD') return reply.status(200).header('x-amz-bucket-region', 'us-east-1').send();
        const query = request.query as Record<string, string | undefined>;
        if ('location' in query) return reply.type('application/xml').send(s3Xml('LocationConstraint', []));
        return listBucket(actor, query, reply);
      }
      return getObject(actor, key, request, reply);
    },
  });

  async function listBuckets(actor: Actor, reply: FastifyReply): Promise<FastifyReply> {
    if (actor.kind === 'anonymous') throw new HubError(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'Access Denied');
    return reply.type('application/xml').send(
      s3Xml('ListAllMyBucketsResult', [
        [
          'Owner',
          [
            ['ID', actor.id],
            ['DisplayName', actor.username],
          ],
        ],
        [
          'Buckets',
          [
            [
              'Bucket',
              [
                ['Name', EODATA_BUCKET],
                ['CreationDate', '2014-01-01T00:00:00.000Z'],
              ],
            ],
          ],
        ],
      ]),
    );
  }

  async function listBucket(actor: Actor, query: Record<string, string | undefined>, reply: FastifyReply): Promise<FastifyReply> {
    const params = parseListParams(query);
    const result = await s3.list(actor, params.request);
    const enc = (s: string): string => (params.urlEncoded ? uriEncode(s, false) : s);
    const { prefix, delimiter, maxKeys } = params.request;
    const head: XmlNode[] = [
      ['Name', EODATA_BUCKET],
      ['Prefix', enc(prefix)],
    ];
    const next = result.truncated && result.next ? result.next : null;
    if (params.v2) {
      if (params.startAfter !== undefined) head.push(['StartAfter', enc(params.startAfter)]);
      if (params.continuationToken !== undefined) head.push(['ContinuationToken', params.continuationToken]);
      if (next) head.push(['NextContinuationToken', encodeToken(next)]);
      head.push(['KeyCount', result.objects.length + result.commonPrefixes.length]);
    } else {
      head.push(['Marker', enc(params.marker ?? '')]);
      if (next) head.push(['NextMarker', enc(next.key)]);
    }
    head.push(['MaxKeys', maxKeys]);
    if (delimiter !== '') head.push(['Delimiter', enc(delimiter)]);
    if (params.urlEncoded) head.push(['EncodingType', 'url']);
    head.push(['IsTruncated', result.truncated]);
    const contents: XmlNode[] = result.objects.map((o) => [
      'Contents',
      [
        ['Key', enc(o.key)],
        ['LastModified', new Date(o.lastModified).toISOString()],
        ['ETag', `"${o.md5}"`],
        ['Size', o.sizeBytes],
        // Offline products are listed as archived objects (GetObject answers InvalidObjectState).
        ['StorageClass', o.online ? 'STANDARD' : 'GLACIER'],
      ],
    ]);
    const prefixes: XmlNode[] = result.commonPrefixes.map((p) => ['CommonPrefixes', [['Prefix', enc(p)]]]);
    return reply.type('application/xml').send(s3Xml('ListBucketResult', [...head, ...contents, ...prefixes]));
  }

  async function getObject(actor: Actor, key: string, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const object = await s3.head(actor, key);
    objectHeaders(reply, object);
    const range = parseRange(request.headers.range, object.sizeBytes);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${object.sizeBytes}`);
      throw new HubError(S3_ERRORS.INVALID_RANGE, 'range', 'The requested range is not satisfiable');
    }
    if (request.method === 'HEAD') {
      if (!object.online) reply.header('x-amz-storage-class', 'GLACIER');
      return reply.header('content-length', object.sizeBytes).send();
    }
    if (object.sizeBytes === 0) return reply.header('content-length', 0).send('');
    const meter = await meterResponse(metering, request, reply, actor, {
      product: { id: object.productId, collection: object.collection },
      fileName: key.slice(key.lastIndexOf('/') + 1),
      userAgent: request.headers['user-agent'],
      expectedBytes: range === null ? object.sizeBytes : range.end - range.start + 1,
    });
    if (range === null) return reply.header('content-length', object.sizeBytes).send(meter.stream(await s3.open(object)));
    const body = meter.stream(await s3.open(object, range));
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${object.sizeBytes}`)
      .header('content-length', range.end - range.start + 1)
      .send(body);
  }

  return app;
}

function objectHeaders(reply: FastifyReply, o: S3Object): void {
  reply
    .header('content-type', o.mediaType)
    .header('etag', `"${o.md5}"`)
    .header('last-modified', new Date(o.lastModified).toUTCString())
    .header('accept-ranges', 'bytes');
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    throw new HubError(S3_ERRORS.INVALID_ARGUMENT, 'invalid', 'malformed percent-encoding in the path');
  }
}

function signedRequestOf(request: FastifyRequest, rawPath: string, rawQuery: string): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return { method: request.method, rawPath, rawQuery, headers };
}
