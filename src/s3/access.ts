import { type AccessScope, type ScopeResolver } from '../access/index.ts';
import type { Actor } from '../auth/index.ts';
import { HubError } from '../errors/index.ts';
import { S3_ERRORS } from './errors.ts';

/**
 * What an S3 key's owner may read: the owner's access scope (access/), as on every other API, so that
 * restricted collections the owner may not see are absent from listings (filtered in the listing's SQL,
 * so that pages stay full) and their keys answer NoSuchKey. A signed request is always a signed-in user, so
 * `public` and `registered` collections both read as their downloads do.
 * Anonymous requests read nothing: CDSE's eodata endpoint also requires keys, and an open bucket
 * listing would bypass the download rules the other APIs enforce.
 */
export function requireSigned(actor: Actor): void {
  if (actor.kind === 'anonymous') {
    throw new HubError(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'Access Denied: sign requests with an S3 key issued by the hub');
  }
}

export async function readScopeOf(actor: Actor, scopes: ScopeResolver): Promise<AccessScope> {
  requireSigned(actor);
  return scopes(actor);
}
