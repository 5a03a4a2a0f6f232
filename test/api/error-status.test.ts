import { describe, expect, it } from 'vitest';
import { STATUS_BY_KIND } from '../../src/api/error-status.ts';
import { ERROR_KINDS } from '../../src/errors/index.ts';

describe('error kinds to HTTP statuses', () => {
  it('maps every kind to its status', () => {
    expect(Object.keys(STATUS_BY_KIND).sort()).toEqual([...ERROR_KINDS].sort());
    expect(STATUS_BY_KIND).toEqual({
      invalid: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      too_large: 413,
      range: 416,
      rate_limited: 429,
      unavailable: 503,
    });
  });
});
