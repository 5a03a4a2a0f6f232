/**
 * In-cloud S3 access (like CDSE's eodata endpoint): the bucket `eodata` over the archive layout,
 * read-only, signed with AWS Signature V4 by per-user key pairs. Owns the table s3_keys and the index
 * products_s3_prefix_idx (migration 0012) and writes the events s3key.created and s3key.revoked.
 * api/s3 parses S3 requests and renders S3 XML around what this returns.
 */
import type { Readable } from 'node:stream';
import { checkDownload, type ScopeResolver } from '../access/index.ts';
import type { Actor, UserAdmin } from '../auth/index.ts';
import { HubError } from '../errors/index.ts';
import type { Stores } from '../storage/index.ts';
import { readScopeOf, requireSigned } from './access.ts';
import { S3_ERRORS } from './errors.ts';
import { createS3Key, findS3KeySecret, listS3Keys, revokeS3Key, type S3KeyContext, type S3KeyInfo } from './keys.ts';
import { findObject, listObjects, type ListRequest, type ListResult, type S3Object } from './objects.ts';
import { readSignature, type SignedRequest } from './sigv4.ts';

export { S3_ERRORS } from './errors.ts';
export { readScopeOf } from './access.ts';
export { ensurePresetKey, type S3KeyInfo, type S3KeyContext } from './keys.ts';
export { loadSecretsKey, secretBox, type SecretBox } from './secrets.ts';
export { uriEncode, type SignedRequest } from './sigv4.ts';
export type { ListRequest, ListResult, S3Object } from './objects.ts';

/** The one bucket: the archive as CDSE names it. */
export const EODATA_BUCKET = 'eodata';

/** S3 key administration, for the CLI and the admin HTTP API. */
export interface S3KeyAdmin {
  createKey(username: string): Promise<{ secretAccessKey: string; info: S3KeyInfo }>;
  listKeys(username?: string): Promise<S3KeyInfo[]>;
  revokeKey(accessKeyId: string): Promise<S3KeyInfo>;
}

export interface S3Service {
  /** The caller of a request: anonymous when unsigned; throws the S3 auth errors. */
  authenticate(req: SignedRequest): Promise<Actor>;
  /** Throws AccessDenied unless the caller may read something (bucket-level requests). */
  requireReader(actor: Actor): void;
  list(actor: Actor, req: ListRequest): Promise<ListResult>;
  /** An object's metadata; InvalidObjectState is left to `open` so that HEAD works on offline products. */
  head(actor: Actor, key: string): Promise<S3Object>;
  /** Bytes [start, end] of an online object. */
  open(object: S3Object, range?: { start: number; end: number }): Promise<Readable>;
  keys: S3KeyAdmin;
}

export interface S3Context extends S3KeyContext {
  stores: Stores;
  users: Pick<UserAdmin, 'getUser'>;
  /** The access scope of a key's owner (access/): what listings and GetObject may see. */
  scopes: ScopeResolver;
  /** Called after an object's bytes are opened: a read counts as an access, as a download does. */
  onRead?: (productId: string) => Promise<void>;
}

export function createS3Service(ctx: S3Context): S3Service {
  return {
    async authenticate(req) {
      const claim = readSignature(req, ctx.clock());
      if (claim === null) return { kind: 'anonymous' };
      const key = await findS3KeySecret(ctx, claim.accessKeyId);
      if (!key || key.disabled) {
        throw new HubError(
          S3_ERRORS.INVALID_ACCESS_KEY_ID,
          'forbidden',
          'The AWS Access Key Id you provided does not exist in our records.',
        );
      }
      claim.verify(key.secretAccessKey);
      const user = await ctx.users.getUser(key.username);
      if (user.disabled) throw new HubError(S3_ERRORS.ACCESS_DENIED, 'forbidden', 'Access Denied: the account is disabled');
      return { kind: 'user', id: user.id, username: user.username, roles: user.roles, groups: user.groups };
    },
    requireReader: requireSigned,
    async list(actor, req) {
      return listObjects(ctx.db, req, await readScopeOf(actor, ctx.scopes));
    },
    async head(actor, key) {
      const scope = await readScopeOf(actor, ctx.scopes);
      const object = await findObject(ctx.db, key, scope);
      // HeadObject and GetObject both start here; the download rule is access/'s, which a signed-in
      // owner passes for public and registered collections alike.
      checkDownload(scope, object.collection);
      return object;
    },
    async open(object, range) {
      if (!object.online) {
        throw new HubError(
          S3_ERRORS.INVALID_OBJECT_STATE,
          'forbidden',
          "The operation is not valid for the object's storage class: the product is offline; order it first.",
        );
      }
      const body = await ctx.stores.byName(object.store).get(object.storeKey, range);
      await ctx.onRead?.(object.productId);
      return body;
    },
    keys: {
      createKey: (username) => createS3Key(ctx, username),
      listKeys: (username) => listS3Keys(ctx, username),
      revokeKey: (accessKeyId) => revokeS3Key(ctx, accessKeyId),
    },
  };
}
