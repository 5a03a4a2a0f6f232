import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { AUTH_ERRORS, authError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { splitRoles, type AuthContext, type User } from './types.ts';

export const usernameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, 'letters, digits, . _ @ - (at most 128)');
export const roleNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'letters, digits, . _ : / - (at most 128)');
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(1024);

export const newUserSchema = z
  .object({
    username: usernameSchema,
    email: z.email().optional(),
    password: passwordSchema.optional(),
    roles: z.array(roleNameSchema).max(100).optional(),
  })
  .strict();
export type NewUser = z.input<typeof newUserSchema>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success)
    throw authError(AUTH_ERRORS.INVALID_USER, r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  return r.data;
}

/** Writes an auth event in the caller's transaction (the outbox every capability shares). */
export async function writeAuthEvent(tx: Queryable, type: string, payload: Record<string, unknown>): Promise<void> {
  await tx.query(`INSERT INTO events (type, payload) VALUES ($1, $2::jsonb)`, [type, JSON.stringify(payload)]);
}

interface UserRow {
  id: string;
  username: string;
  email: string | null;
  disabled: boolean;
  created_at: string;
  names: string[] | null;
}

const SELECT_USER = `
  SELECT u.id, u.username, u.email, u.disabled, u.created_at,
         array_remove(array_agg(r.name ORDER BY r.name), NULL) AS names
  FROM users u LEFT JOIN user_roles r ON r.user_id = u.id`;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    disabled: row.disabled,
    created: row.created_at,
    ...splitRoles(row.names ?? []),
  };
}

export async function createUser(ctx: AuthContext, input: NewUser): Promise<User> {
  const u = parse(newUserSchema, input);
  const hash = u.password === undefined ? null : await hashPassword(u.password);
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(
      `INSERT INTO users (id, username, email, password_hash, created_at) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0))
       ON CONFLICT DO NOTHING`,
      [id, u.username, u.email ?? null, hash, ctx.clock()],
    );
    if (r.rowCount === 0) throw authError(AUTH_ERRORS.USER_EXISTS, `user ${u.username} exists`);
    for (const role of new Set(u.roles ?? [])) {
      if (role !== 'registered') await tx.query(`INSERT INTO user_roles (user_id, name) VALUES ($1, $2)`, [id, role]);
    }
    await writeAuthEvent(tx, 'user.created', { userId: id, username: u.username, roles: u.roles ?? [] });
  });
  return getUser(ctx, u.username);
}

export async function listUsers(ctx: Pick<AuthContext, 'db'>): Promise<User[]> {
  const r = await ctx.db.query<UserRow>(`${SELECT_USER} GROUP BY u.id ORDER BY lower(u.username)`);
  return r.rows.map(toUser);
}

export async function findUser(ctx: Pick<AuthContext, 'db'>, username: string): Promise<User | undefined> {
  const r = await ctx.db.query<UserRow>(`${SELECT_USER} WHERE lower(u.username) = lower($1) GROUP BY u.id`, [username]);
  return r.rows[0] ? toUser(r.rows[0]) : undefined;
}

export async function findUserById(ctx: Pick<AuthContext, 'db'>, id: string): Promise<User | undefined> {
  const r = await ctx.db.query<UserRow>(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
  return r.rows[0] ? toUser(r.rows[0]) : undefined;
}

export async function getUser(ctx: Pick<AuthContext, 'db'>, username: string): Promise<User> {
  const user = await findUser(ctx, username);
  if (!user) throw authError(AUTH_ERRORS.USER_NOT_FOUND, `no user ${username}`);
  return user;
}

/** Runs `change` on the user's row in one transaction with its event; the user must exist. */
async function changeUser(
  ctx: AuthContext,
  username: string,
  event: string,
  change: (tx: Queryable, id: string) => Promise<Record<string, unknown> | void>,
): Promise<User> {
  const user = await getUser(ctx, username);
  await ctx.db.transaction(async (tx) => {
    const extra = await change(tx, user.id);
    await writeAuthEvent(tx, event, { userId: user.id, username: user.username, ...(extra ?? {}) });
  });
  return getUser(ctx, username);
}

/** Disabling also revokes the user's refresh tokens: a disabled account keeps no session. */
export async function setUserDisabled(ctx: AuthContext, username: string, disabled: boolean): Promise<User> {
  return changeUser(ctx, username, disabled ? 'user.disabled' : 'user.enabled', async (tx, id) => {
    await tx.query(`UPDATE users SET disabled = $2 WHERE id = $1`, [id, disabled]);
    if (disabled) {
      await tx.query(`UPDATE refresh_tokens SET revoked_at = to_timestamp($2 / 1000.0) WHERE user_id = $1 AND revoked_at IS NULL`, [
        id,
        ctx.clock(),
      ]);
    }
  });
}

/** A new password ends every session of the user (their refresh tokens are revoked). */
export async function setUserPassword(ctx: AuthContext, username: string, password: string): Promise<User> {
  const hash = await hashPassword(parse(passwordSchema, password));
  return changeUser(ctx, username, 'user.password_changed', async (tx, id) => {
    await tx.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, hash]);
    await tx.query(`UPDATE refresh_tokens SET revoked_at = to_timestamp($2 / 1000.0) WHERE user_id = $1 AND revoked_at IS NULL`, [
      id,
      ctx.clock(),
    ]);
  });
}

export async function addUserRole(ctx: AuthContext, username: string, role: string): Promise<User> {
  const name = parse(roleNameSchema, role);
  if (name === 'registered') return getUser(ctx, username);
  return changeUser(ctx, username, 'user.role_added', async (tx, id) => {
    await tx.query(`INSERT INTO user_roles (user_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, name]);
    return { role: name };
  });
}

export async function removeUserRole(ctx: AuthContext, username: string, role: string): Promise<User> {
  const name = parse(roleNameSchema, role);
  return changeUser(ctx, username, 'user.role_removed', async (tx, id) => {
    await tx.query(`DELETE FROM user_roles WHERE user_id = $1 AND name = $2`, [id, name]);
    return { role: name };
  });
}

/** The stored password hash for a sign-in (never leaves auth/). */
export async function findLoginRow(
  ctx: Pick<AuthContext, 'db'>,
  username: string,
): Promise<{ id: string; username: string; passwordHash: string | null; disabled: boolean } | undefined> {
  const r = await ctx.db.query<{ id: string; username: string; password_hash: string | null; disabled: boolean }>(
    `SELECT id, username, password_hash, disabled FROM users WHERE lower(username) = lower($1)`,
    [username],
  );
  const row = r.rows[0];
  return row ? { id: row.id, username: row.username, passwordHash: row.password_hash, disabled: row.disabled } : undefined;
}
