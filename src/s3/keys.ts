import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { firstActiveAdmin, type UserAdmin } from '../auth/index.ts';
import { S3_ERRORS } from './errors.ts';
import type { SecretBox } from './secrets.ts';

/**
 * Per-user S3 key pairs (table s3_keys, migration 0012): an access key id, public, and a secret shown
 * once at creation and kept encrypted (secrets.ts). Writes the events s3key.created and s3key.revoked.
 */
export interface S3KeyContext {
  db: Db;
  box: SecretBox;
  users: Pick<UserAdmin, 'getUser'>;
  clock: () => number;
}

export interface S3KeyInfo {
  accessKeyId: string;
  userId: string;
  username: string;
  created: string;
  disabled: string | null;
}

/** What SigV4 verification needs: the secret and whose key it is. */
export interface S3KeySecret {
  accessKeyId: string;
  secretAccessKey: string;
  username: string;
  disabled: boolean;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 20 characters like AWS's (`EOH` + 17 random base-32 characters, 85 bits). */
function newAccessKeyId(): string {
  return `EOH${[...randomBytes(17)].map((b) => ALPHABET[b % 32]).join('')}`;
}

interface KeyRow {
  access_key_id: string;
  user_id: string;
  username: string;
  created_at: string;
  disabled_at: string | null;
}

const SELECT = `SELECT k.access_key_id, k.user_id, u.username, k.created_at, k.disabled_at FROM s3_keys k JOIN users u ON u.id = k.user_id`;

const toInfo = (r: KeyRow): S3KeyInfo => ({
  accessKeyId: r.access_key_id,
  userId: r.user_id,
  username: r.username,
  created: r.created_at,
  disabled: r.disabled_at,
});

async function event(db: Queryable, type: string, payload: Record<string, unknown>): Promise<void> {
  await db.query(`INSERT INTO events (type, payload) VALUES ($1, $2::jsonb)`, [type, JSON.stringify(payload)]);
}

/**
 * Issues a key pair to the user; the secret is returned once. `preset` takes an operator's chosen pair
 * (EOHUB_S3_ACCESS_KEY_ID / EOHUB_S3_SECRET_ACCESS_KEY).
 */
export async function createS3Key(
  ctx: S3KeyContext,
  username: string,
  preset?: { accessKeyId: string; secretAccessKey: string },
): Promise<{ secretAccessKey: string; info: S3KeyInfo }> {
  const user = await ctx.users.getUser(username);
  const accessKeyId = preset?.accessKeyId ?? newAccessKeyId();
  const secretAccessKey = preset?.secretAccessKey ?? randomBytes(30).toString('base64');
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new HubError(S3_ERRORS.INVALID_KEY, 'invalid', 'an access key id is 16 to 128 upper-case letters and digits');
  }
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(
      `INSERT INTO s3_keys (access_key_id, user_id, secret_encrypted, created_at) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0))
       ON CONFLICT (access_key_id) DO NOTHING`,
      [accessKeyId, user.id, ctx.box.seal(secretAccessKey), ctx.clock()],
    );
    if (r.rowCount === 0) throw new HubError(S3_ERRORS.KEY_EXISTS, 'conflict', `access key ${accessKeyId} exists`);
    await event(tx, 's3key.created', { userId: user.id, username: user.username, accessKeyId });
  });
  return { secretAccessKey, info: await getS3Key(ctx.db, accessKeyId) };
}

export async function getS3Key(db: Db, accessKeyId: string): Promise<S3KeyInfo> {
  const r = await db.query<KeyRow>(`${SELECT} WHERE k.access_key_id = $1`, [accessKeyId]);
  const row = r.rows[0];
  if (!row) throw new HubError(S3_ERRORS.KEY_NOT_FOUND, 'not_found', `no S3 key ${accessKeyId}`);
  return toInfo(row);
}

/** Every key, or one user's. */
export async function listS3Keys(ctx: S3KeyContext, username?: string): Promise<S3KeyInfo[]> {
  if (username === undefined) return (await ctx.db.query<KeyRow>(`${SELECT} ORDER BY k.created_at, k.access_key_id`)).rows.map(toInfo);
  const user = await ctx.users.getUser(username);
  const r = await ctx.db.query<KeyRow>(`${SELECT} WHERE k.user_id = $1 ORDER BY k.created_at, k.access_key_id`, [user.id]);
  return r.rows.map(toInfo);
}

/** Disables a key for good; revoking twice keeps the first date. */
export async function revokeS3Key(ctx: S3KeyContext, accessKeyId: string): Promise<S3KeyInfo> {
  const info = await getS3Key(ctx.db, accessKeyId);
  await ctx.db.query(`UPDATE s3_keys SET disabled_at = coalesce(disabled_at, to_timestamp($2 / 1000.0)) WHERE access_key_id = $1`, [
    accessKeyId,
    ctx.clock(),
  ]);
  await event(ctx.db, 's3key.revoked', { userId: info.userId, username: info.username, accessKeyId });
  return getS3Key(ctx.db, accessKeyId);
}

export async function findS3KeySecret(ctx: S3KeyContext, accessKeyId: string): Promise<S3KeySecret | undefined> {
  const r = await ctx.db.query<{ username: string; secret_encrypted: string; disabled_at: string | null }>(
    `SELECT u.username, k.secret_encrypted, k.disabled_at FROM s3_keys k JOIN users u ON u.id = k.user_id WHERE k.access_key_id = $1`,
    [accessKeyId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  let secretAccessKey: string;
  try {
    secretAccessKey = ctx.box.open(row.secret_encrypted);
  } catch (error) {
    // Another host sealed it with its own key: a deployment fault, not the client's.
    throw new HubError(
      S3_ERRORS.SECRET_UNREADABLE,
      'unavailable',
      'this host cannot decrypt the S3 secrets: set EOHUB_S3_SECRETS_KEY alike on every host',
      {
        cause: error,
      },
    );
  }
  return { accessKeyId, secretAccessKey, username: row.username, disabled: row.disabled_at !== null };
}

/**
 * The operator's preset pair for the first admin: created when missing; an existing id with another
 * secret or owner is left alone (the operator changed the variables; revoke the old key to reissue).
 */
export async function ensurePresetKey(
  ctx: S3KeyContext,
  preset: { accessKeyId: string; secretAccessKey: string } | undefined,
): Promise<void> {
  if (!preset) return;
  const admin = await firstActiveAdmin(ctx);
  if (admin === undefined) return;
  try {
    await createS3Key(ctx, admin, preset);
  } catch (error) {
    if (!(error instanceof HubError && error.code === S3_ERRORS.KEY_EXISTS)) throw error;
  }
}
