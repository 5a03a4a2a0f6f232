import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AUTH_ERRORS, authError } from './errors.ts';
import { getUser, writeAuthEvent } from './users.ts';
import type { AuthContext } from './types.ts';

/**
 * API keys: `eoh_<prefix>_<secret>`. The prefix (48 random bits, hex) finds the row; the secret (256
 * random bits) is stored as a SHA-256 digest. A slow hash like scrypt protects low-entropy passwords;
 * a 256-bit random secret cannot be guessed, so a fast digest is enough and keeps every request cheap.
 */
const KEY_PATTERN = /^eoh_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyInfo {
  id: string;
  userId: string;
  username: string;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string | null;
  revoked: string | null;
}

export const apiKeyNameSchema = z.string().min(1).max(200);

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('eoh_');
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Creates a key for the user; the full key is returned once and never stored. */
export async function createApiKey(ctx: AuthContext, username: string, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
  const parsed = apiKeyNameSchema.safeParse(name);
  if (!parsed.success) throw authError(AUTH_ERRORS.INVALID_REQUEST, 'an API key name has 1 to 200 characters');
  const user = await getUser(ctx, username);
  const id = randomUUID();
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0))`,
      [id, user.id, parsed.data, prefix, digest(secret).toString('hex'), ctx.clock()],
    );
    await writeAuthEvent(tx, 'apikey.created', { userId: user.id, username: user.username, keyId: id, prefix, name: parsed.data });
  });
  const info = (await listApiKeys(ctx, username)).find((k) => k.id === id);
  if (!info) throw new Error(`API key ${id} vanished after its insert`);
  return { key: `eoh_${prefix}_${secret}`, info };
}

interface KeyRow {
  id: string;
  user_id: string;
  username: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toInfo(r: KeyRow): ApiKeyInfo {
  return {
    id: r.id,
    userId: r.user_id,
    username: r.username,
    name: r.name,
    prefix: r.prefix,
    created: r.created_at,
    lastUsed: r.last_used_at,
    revoked: r.revoked_at,
  };
}

const SELECT_KEY = `SELECT k.id, k.user_id, u.username, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at FROM api_keys k JOIN users u ON u.id = k.user_id`;

export async function listApiKeys(ctx: Pick<AuthContext, 'db'>, username: string): Promise<ApiKeyInfo[]> {
  const user = await getUser(ctx, username);
  const r = await ctx.db.query<KeyRow>(`${SELECT_KEY} WHERE k.user_id = $1 ORDER BY k.created_at, k.prefix`, [user.id]);
  return r.rows.map(toInfo);
}

/** Revokes by prefix or id; revoking twice keeps the first date. */
export async function revokeApiKey(ctx: AuthContext, prefixOrId: string): Promise<ApiKeyInfo> {
  const isId = /^[0-9a-f-]{36}$/i.test(prefixOrId);
  const found = await ctx.db.query<KeyRow>(`${SELECT_KEY} WHERE ${isId ? 'k.id = $1::uuid' : 'k.prefix = $1'}`, [prefixOrId]);
  const row = found.rows[0];
  if (!row) throw authError(AUTH_ERRORS.API_KEY_NOT_FOUND, `no API key ${prefixOrId}`);
  await ctx.db.transaction(async (tx) => {
    await tx.query(`UPDATE api_keys SET revoked_at = coalesce(revoked_at, to_timestamp($2 / 1000.0)) WHERE id = $1`, [row.id, ctx.clock()]);
    await writeAuthEvent(tx, 'apikey.revoked', { userId: row.user_id, username: row.username, keyId: row.id, prefix: row.prefix });
  });
  const after = await ctx.db.query<KeyRow>(`${SELECT_KEY} WHERE k.id = $1`, [row.id]);
  return toInfo(after.rows[0] ?? row);
}

/** The user id a key belongs to, or undefined when it is malformed, unknown, revoked or wrong. */
export async function verifyApiKey(ctx: AuthContext, key: string): Promise<{ userId: string; prefix: string } | undefined> {
  const m = KEY_PATTERN.exec(key);
  if (!m?.[1] || !m[2]) return undefined;
  const r = await ctx.db.query<{ id: string; user_id: string; key_hash: string; revoked_at: string | null; last_used_at: string | null }>(
    `SELECT id, user_id, key_hash, revoked_at, last_used_at FROM api_keys WHERE prefix = $1`,
    [m[1]],
  );
  const row = r.rows[0];
  const actual = digest(m[2]);
  const expected = row ? Buffer.from(row.key_hash, 'hex') : randomBytes(32);
  if (!row || !timingSafeEqual(actual, expected) || row.revoked_at !== null) return undefined;
  // last_used_at is written at most once a minute so that busy keys do not turn every read into a write.
  const now = ctx.clock();
  if (row.last_used_at === null || Date.parse(row.last_used_at) < now - 60_000) {
    await ctx.db.query(`UPDATE api_keys SET last_used_at = to_timestamp($2 / 1000.0) WHERE id = $1`, [row.id, now]);
  }
  return { userId: row.user_id, prefix: m[1] };
}
