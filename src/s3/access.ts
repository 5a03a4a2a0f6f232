import type { Actor } from '../auth/index.ts';

/**
 * What an S3 key's owner may read. Today every signed-in user reads every collection, as on the other
 * APIs; the per-collection access policies (another branch) plug in here, and the listing and GetObject
 * both apply the answer (listing in SQL, so that hidden products cost nothing to skip).
 * Anonymous requests read nothing: CDSE's eodata endpoint also requires keys, and an open bucket
 * listing would bypass the download rules the other APIs enforce.
 */
export type ReadScope = { kind: 'all' } | { kind: 'none' } | { kind: 'collections'; names: readonly string[] };

export function readScopeOf(actor: Actor): ReadScope {
  return actor.kind === 'anonymous' ? { kind: 'none' } : { kind: 'all' };
}
