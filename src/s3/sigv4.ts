import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HubError } from '../errors/index.ts';
import { S3_ERRORS } from './errors.ts';

/**
 * AWS Signature Version 4 verification, header and presigned-query forms, for S3 (AWS docs "Signature
 * Version 4 signing process" and "Authenticating Requests: Using Query Parameters"). The canonical URI is
 * the decoded path encoded once per RFC 3986 (S3 does not double-encode); the payload hash is the one the
 * client declares (read-only API: requests carry no body that could be swapped).
 */
export interface SignedRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** The query as sent, without '?'. */
  rawQuery: string;
  /** Lower-case names; repeated headers joined with ','. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface SignatureClaim {
  accessKeyId: string;
  /** Verifies the claim with the secret; throws the S3 error to answer when it does not hold. */
  verify(secretAccessKey: string): void;
}

/** Largest difference between the request's time and ours (S3 allows 15 minutes). */
export const MAX_SKEW_MS = 15 * 60_000;
/** Longest validity of a presigned URL (7 days, as S3). */
const MAX_EXPIRES_S = 7 * 86_400;

const fail = (code: string, kind: 'forbidden' | 'invalid', message: string): HubError => new HubError(code, kind, message);

/** RFC 3986 encoding as SigV4 asks: unreserved characters stay, everything else is %XX (upper hex). */
export function uriEncode(value: string, encodeSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (c === '/' && !encodeSlash)) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw fail(S3_ERRORS.INVALID_ARGUMENT, 'invalid', 'malformed percent-encoding');
  }
}

function parseQuery(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const i = pair.indexOf('=');
    return i < 0 ? [decode(pair), ''] : [decode(pair.slice(0, i)), decode(pair.slice(i + 1))];
  });
}

/** `20250101T000000Z` → ms since the epoch, or NaN. */
function amzDate(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

interface Parts {
  accessKeyId: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
  timeMs: number;
  payloadHash: string;
  query: [string, string][];
  expiresS?: number;
}

function parseCredential(value: string): Pick<Parts, 'accessKeyId' | 'scope'> {
  const [accessKeyId, date, region, service, terminator, ...rest] = value.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request' || rest.length > 0) {
    throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', `malformed credential ${JSON.stringify(value)}`);
  }
  if (service !== 's3') throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', `credential scope names service ${service}, not s3`);
  return { accessKeyId, scope: { date, region, service } };
}

function fromHeader(req: SignedRequest, authorization: string): Parts {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(authorization.trim());
  if (!m?.[1]) throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', 'only AWS4-HMAC-SHA256 authorization is supported');
  const fields = new Map(
    m[1].split(',').map((f) => {
      const i = f.indexOf('=');
      return [f.slice(0, i).trim(), f.slice(i + 1).trim()] as const;
    }),
  );
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', 'the authorization header needs Credential, SignedHeaders and Signature');
  }
  const timeMs = amzDate(req.headers['x-amz-date']);
  if (Number.isNaN(timeMs)) throw fail(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'a signed request needs a valid X-Amz-Date header');
  return {
    ...parseCredential(credential),
    signedHeaders: signedHeaders.split(';'),
    signature,
    timeMs,
    payloadHash: req.headers['x-amz-content-sha256'] ?? sha256Hex(''),
    query: parseQuery(req.rawQuery),
  };
}

function fromQuery(query: [string, string][], headers: SignedRequest['headers']): Parts {
  const get = (name: string): string => {
    const v = query.find(([k]) => k === name)?.[1];
    if (v === undefined) throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', `a presigned URL needs ${name}`);
    return v;
  };
  if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', 'only AWS4-HMAC-SHA256 is supported');
  }
  const expiresS = Number(get('X-Amz-Expires'));
  if (!Number.isInteger(expiresS) || expiresS < 1 || expiresS > MAX_EXPIRES_S) {
    throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', `X-Amz-Expires must be 1 to ${MAX_EXPIRES_S} seconds`);
  }
  const timeMs = amzDate(get('X-Amz-Date'));
  if (Number.isNaN(timeMs)) throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', 'malformed X-Amz-Date');
  return {
    ...parseCredential(get('X-Amz-Credential')),
    signedHeaders: get('X-Amz-SignedHeaders').split(';'),
    signature: get('X-Amz-Signature'),
    timeMs,
    // Presigned S3 URLs sign no payload (botocore and the SDK's presigner), unless they say otherwise.
    payloadHash: headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD',
    query: query.filter(([k]) => k !== 'X-Amz-Signature'),
    expiresS,
  };
}

function canonicalRequest(req: SignedRequest, parts: Parts): string {
  const path = uriEncode(decode(req.rawPath), false);
  const query = parts.query
    .map(([k, v]) => [uriEncode(k, true), uriEncode(v, true)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = parts.signedHeaders.map((name) => {
    const value = req.headers[name];
    if (value === undefined) throw fail(S3_ERRORS.ACCESS_DENIED, 'forbidden', `signed header ${name} is missing`);
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  return [req.method, path, query, headers.join(''), parts.signedHeaders.join(';'), parts.payloadHash].join('\n');
}

/**
 * Reads the signature a request claims (Authorization header or X-Amz-* query), checks its time against
 * `nowMs`, and returns the access key id with a verifier: the caller looks the secret up in between.
 * Null for an unsigned request.
 */
export function readSignature(req: SignedRequest, nowMs: number): SignatureClaim | null {
  const authorization = req.headers['authorization'];
  const query = parseQuery(req.rawQuery);
  const presigned = query.some(([k]) => k === 'X-Amz-Signature');
  if (authorization === undefined && !presigned) return null;
  const parts = authorization !== undefined ? fromHeader(req, authorization) : fromQuery(query, req.headers);
  if (parts.expiresS !== undefined) {
    if (nowMs > parts.timeMs + parts.expiresS * 1000) throw fail(S3_ERRORS.EXPIRED, 'forbidden', 'Request has expired');
    if (parts.timeMs - nowMs > MAX_SKEW_MS)
      throw fail(S3_ERRORS.REQUEST_TIME_TOO_SKEWED, 'forbidden', 'the presigned URL starts in the future');
  } else if (Math.abs(nowMs - parts.timeMs) > MAX_SKEW_MS) {
    throw fail(
      S3_ERRORS.REQUEST_TIME_TOO_SKEWED,
      'forbidden',
      'The difference between the request time and the current time is too large.',
    );
  }
  const iso = new Date(parts.timeMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  if (iso.slice(0, 8) !== parts.scope.date) {
    throw fail(S3_ERRORS.AUTHORIZATION_MALFORMED, 'invalid', 'the credential scope date is not the date of X-Amz-Date');
  }
  if (!parts.signedHeaders.includes('host')) throw fail(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'the host header must be signed');
  return {
    accessKeyId: parts.accessKeyId,
    verify(secret) {
      const scope = `${parts.scope.date}/${parts.scope.region}/${parts.scope.service}/aws4_request`;
      const stringToSign = ['AWS4-HMAC-SHA256', iso, scope, sha256Hex(canonicalRequest(req, parts))].join('\n');
      const expected = createHmac('sha256', signingKey(secret, parts.scope.date, parts.scope.region, parts.scope.service))
        .update(stringToSign, 'utf8')
        .digest();
      const given = Buffer.from(/^[0-9a-f]{64}$/.test(parts.signature) ? parts.signature : '', 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw fail(
          S3_ERRORS.SIGNATURE_DOES_NOT_MATCH,
          'forbidden',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        );
      }
    },
  };
}
