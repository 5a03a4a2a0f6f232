/**
 * DHuS error answers (reference/dhus-sentinelsat.md §1.4 "Errors", §2.8): the OData 2 error document
 * `{"error":{"code","message":{"lang","value"}}}` plus the `cause-message: <Exception> : <text>` header
 * on every error, so that sentinelsat finds a message (and "Invalid key", "Request Entity Too Large")
 * whichever it reads. Statuses come from the one kind→status table.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHubError, type ErrorKind } from '../../errors/index.ts';
import { STATUS_BY_KIND } from '../error-status.ts';

/** The Java exception DHuS names in `cause-message` for each kind. */
const EXCEPTION_BY_KIND: Record<ErrorKind, string> = {
  invalid: 'ODataApplicationException',
  unauthenticated: 'AuthenticationException',
  forbidden: 'AccessDeniedException',
  not_found: 'InvalidKeyException',
  conflict: 'ODataApplicationException',
  too_large: 'RemoteSolrException',
  range: 'ODataApplicationException',
  rate_limited: 'ODataApplicationException',
  unavailable: 'ODataApplicationException',
};

/** Header values must be visible ASCII (RFC 9110 §5.5); anything else would make node refuse the header. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}

export function sendDhusError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let status: number;
  let code: string;
  let message: string;
  let exception: string;
  if (isHubError(error)) {
    status = STATUS_BY_KIND[error.kind];
    code = error.code;
    exception = EXCEPTION_BY_KIND[error.kind];
    // DHuS's Solr words for a query too long, which sentinelsat turns into QueryLengthError.
    message = error.kind === 'too_large' ? `${error.message}: 413, message:Request Entity Too Large` : error.message;
  } else if (typeof (error as FastifyError).statusCode === 'number' && ((error as FastifyError).statusCode ?? 500) < 500) {
    status = (error as FastifyError).statusCode ?? 400;
    code = (error as FastifyError).code ?? 'BAD_REQUEST';
    exception = 'ODataApplicationException';
    message = error.message;
  } else {
    request.log.error({ err: error }, 'unhandled error');
    status = 500;
    code = 'INTERNAL_ERROR';
    exception = 'ODataApplicationException';
    message = `internal error (request ${request.id})`;
  }
  void reply.header('cause-message', headerSafe(`${exception} : ${message}`));
  return reply.status(status).type('application/json').send({ error: { code, message: { lang: 'en', value: message } } });
}
