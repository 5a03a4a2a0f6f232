import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHubError, type ErrorKind } from '../../errors/index.ts';
import { S3_ERRORS } from '../../s3/index.ts';
import { s3Xml } from './xml.ts';

/** Hub error codes as S3 error codes and statuses (S3 API reference, "List of error codes"). */
const S3_CODES: Record<string, [code: string, status: number]> = {
  [S3_ERRORS.NO_SUCH_BUCKET]: ['NoSuchBucket', 404],
  [S3_ERRORS.NO_SUCH_KEY]: ['NoSuchKey', 404],
  [S3_ERRORS.ACCESS_DENIED]: ['AccessDenied', 403],
  [S3_ERRORS.INVALID_ACCESS_KEY_ID]: ['InvalidAccessKeyId', 403],
  [S3_ERRORS.SIGNATURE_DOES_NOT_MATCH]: ['SignatureDoesNotMatch', 403],
  [S3_ERRORS.REQUEST_TIME_TOO_SKEWED]: ['RequestTimeTooSkewed', 403],
  // S3 answers an expired presigned URL with AccessDenied, "Request has expired".
  [S3_ERRORS.EXPIRED]: ['AccessDenied', 403],
  [S3_ERRORS.AUTHORIZATION_MALFORMED]: ['AuthorizationHeaderMalformed', 400],
  [S3_ERRORS.INVALID_ARGUMENT]: ['InvalidArgument', 400],
  [S3_ERRORS.INVALID_RANGE]: ['InvalidRange', 416],
  [S3_ERRORS.INVALID_OBJECT_STATE]: ['InvalidObjectState', 403],
};

const BY_KIND: Partial<Record<ErrorKind, [string, number]>> = {
  invalid: ['InvalidRequest', 400],
  unauthenticated: ['AccessDenied', 403],
  forbidden: ['AccessDenied', 403],
  not_found: ['NoSuchKey', 404],
  range: ['InvalidRange', 416],
  rate_limited: ['SlowDown', 503],
  unavailable: ['ServiceUnavailable', 503],
};

/** Renders any error as S3 XML (no body for HEAD, as S3); non-HubErrors are logged and answered 500. */
export function sendS3Error(error: unknown, request: FastifyRequest, reply: FastifyReply, extra: { resource?: string } = {}): FastifyReply {
  let code = 'InternalError';
  let status = 500;
  let message = `We encountered an internal error (request ${request.id}).`;
  if (isHubError(error)) {
    [code, status] = S3_CODES[error.code] ?? BY_KIND[error.kind] ?? [code, status];
    message = error.message;
  } else {
    request.log.error({ err: error }, 'unhandled error');
  }
  reply.status(status).header('x-amz-request-id', String(request.id));
  if (request.method === 'HEAD') return reply.send();
  const resource = extra.resource ?? request.url.split('?')[0] ?? '';
  return reply.type('application/xml').send(
    s3Xml(
      'Error',
      [
        ['Code', code],
        ['Message', message],
        ['Resource', resource],
        ['RequestId', String(request.id)],
      ],
      false,
    ),
  );
}
