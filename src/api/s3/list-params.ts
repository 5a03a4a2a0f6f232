import { HubError } from '../../errors/index.ts';
import { S3_ERRORS, type ListRequest } from '../../s3/index.ts';

/** ListObjects (v1) and ListObjectsV2 query parameters, as the S3 API reference names them. */
export interface ListParams {
  v2: boolean;
  request: ListRequest;
  urlEncoded: boolean;
  /** Echoed back: Marker (v1), StartAfter and ContinuationToken (v2). */
  marker?: string;
  startAfter?: string;
  continuationToken?: string;
}

const invalid = (message: string): HubError => new HubError(S3_ERRORS.INVALID_ARGUMENT, 'invalid', message);

/** Continuation tokens are opaque to clients: the resume point, base64url JSON. */
export function encodeToken(cursor: { key: string; inclusive: boolean }): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.inclusive])).toString('base64url');
}

function decodeToken(token: string): { key: string; inclusive: boolean } {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'boolean')
      return { key: value[0], inclusive: value[1] };
  } catch {
    // answered below
  }
  throw invalid('The continuation token provided is incorrect');
}

export function parseListParams(query: Record<string, string | undefined>): ListParams {
  const v2 = query['list-type'] === '2';
  if (query['list-type'] !== undefined && !v2) throw invalid('list-type must be 2');
  const encoding = query['encoding-type'];
  if (encoding !== undefined && encoding !== 'url') throw invalid('Invalid Encoding Method specified in Request');
  const maxRaw = query['max-keys'];
  const maxKeys = maxRaw === undefined ? 1000 : Number(maxRaw);
  if (!/^\d+$/.test(maxRaw ?? '0') || !Number.isSafeInteger(maxKeys)) throw invalid('max-keys must be a non-negative integer');
  const prefix = query['prefix'] ?? '';
  const delimiter = query['delimiter'] ?? '';
  const startAfter = v2 ? query['start-after'] : query['marker'];
  const token = v2 ? query['continuation-token'] : undefined;
  const cursor = token !== undefined ? decodeToken(token) : startAfter ? { key: startAfter, inclusive: false } : null;
  return {
    v2,
    urlEncoded: encoding === 'url',
    request: { prefix, delimiter, maxKeys: Math.min(maxKeys, 1000), cursor },
    ...(v2 ? {} : { marker: query['marker'] ?? '' }),
    ...(v2 && startAfter !== undefined ? { startAfter } : {}),
    ...(token !== undefined ? { continuationToken: token } : {}),
  };
}
