/**
 * resto error bodies as CDSE answers them since 2023-10-24 (reference/cdse.md §2, "Errors"):
 * `{"detail":{"ErrorMessage","ErrorCode","ErrorDetail":[{"loc","msg"}],"RequestID"}}`, ErrorCode being the
 * HTTP status. Anything unexpected is logged and answered 500 in the same shape without internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHubError } from '../../errors/index.ts';
import type { RestoProblem } from '../../query/index.ts';
import { STATUS_BY_KIND } from '../error-status.ts';

function body(status: number, message: string, detail: unknown[], request: FastifyRequest): unknown {
  return { detail: { ErrorMessage: message, ErrorCode: status, ErrorDetail: detail, RequestID: String(request.id) } };
}

export function sendRestoError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isHubError(error)) {
    const status = STATUS_BY_KIND[error.kind];
    const problems = (error.details?.['problems'] ?? []) as RestoProblem[];
    const detail = problems.map((p) => ({ loc: ['query', p.param], msg: p.msg }));
    return reply.status(status).send(body(status, error.message, detail, request));
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return reply.status(status).send(body(status, 'Bad request.', [{ loc: ['query'], msg: error.message }], request));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(body(500, 'Internal server error.', [], request));
}
