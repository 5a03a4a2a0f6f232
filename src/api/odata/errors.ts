/**
 * OData error bodies: `{"error":{"code","message"}}` (OData 4.01 JSON Format §21) with the status from the
 * one kind→status table, except `$skip` above 10000, which CDSE answers 422 with FastAPI's `detail` list
 * (CDSE §1.3), copied here in shape. Anything unexpected is logged and answered 500 without internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHubError } from '../../errors/index.ts';
import { ODATA_ERRORS } from '../../odata/index.ts';
import { STATUS_BY_KIND } from '../error-status.ts';

export function sendODataError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isHubError(error)) {
    if (error.code === ODATA_ERRORS.ODATA_SKIP_TOO_LARGE) {
      const d = error.details ?? {};
      return reply.status(422).send({
        detail: [
          {
            type: 'less_than_equal',
            loc: ['query', '$skip'],
            msg: `Input should be less than or equal to ${String(d['le'])}`,
            input: d['input'],
            ctx: { le: d['le'] },
          },
        ],
      });
    }
    const details =
      error.details?.['position'] === undefined
        ? {}
        : {
            target: '$filter',
            details: [{ code: error.code, message: error.message, target: `position ${String(error.details['position'])}` }],
          };
    return reply.status(STATUS_BY_KIND[error.kind]).send({ error: { code: error.code, message: error.message, ...details } });
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return reply.status(status).send({ error: { code: ODATA_ERRORS.ODATA_BAD_REQUEST, message: error.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'INTERNAL_ERROR', message: `internal error (request ${request.id})` } });
}
