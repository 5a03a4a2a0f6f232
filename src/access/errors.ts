import { HubError } from '../errors/index.ts';

/** Error codes of access/. A hidden collection's products answer each API's own not-found, never these. */
export const ACCESS_ERRORS = {
  /** A `registered` collection's download asked for anonymously: 401 with a challenge to sign in. */
  DOWNLOAD_NEEDS_LOGIN: 'DOWNLOAD_NEEDS_LOGIN',
  INVALID_ACCESS_POLICY: 'INVALID_ACCESS_POLICY',
} as const;

export function downloadNeedsLogin(collection: string): HubError {
  return new HubError(ACCESS_ERRORS.DOWNLOAD_NEEDS_LOGIN, 'unauthenticated', `downloads from ${collection} need a login`);
}
