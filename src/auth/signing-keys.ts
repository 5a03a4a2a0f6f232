import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { writeAuthEvent } from './users.ts';
import type { AuthContext } from './types.ts';

/**
 * The hub's JWT signing keys, kept in the database so that every server process signs with the same key
 * and verifies the others' tokens. One key is active; a rotated key stays in the JWKS until the last
 * access token it signed has expired (retired_at + access-token lifetime + the reload interval).
 */
export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey | Uint8Array;
}

interface KeyRow {
  kid: string;
  alg: string;
  private_jwk: JWK;
  public_jwk: JWK;
  retired_at: string | null;
}

/** Reloads at most every 30 s, and at once when a token names a kid the cache has not seen. */
const RELOAD_MS = 30_000;

export class SigningKeys {
  private loadedAt = -Infinity;
  private rows: KeyRow[] = [];
  private active: SigningKey | undefined;

  constructor(private readonly ctx: AuthContext) {}

  private async load(): Promise<void> {
    // Other processes may sign with a retired key until their next reload: its tokens live that much longer.
    const cutoff = this.ctx.clock() - this.ctx.settings.accessTokenTtlS * 1000 - RELOAD_MS;
    const r = await this.ctx.db.query<KeyRow>(
      `SELECT kid, alg, private_jwk, public_jwk, retired_at FROM signing_keys
       WHERE retired_at IS NULL OR retired_at > to_timestamp($1 / 1000.0) ORDER BY created_at DESC, kid`,
      [cutoff],
    );
    this.rows = r.rows;
    this.loadedAt = this.ctx.clock();
    const row = this.rows.find((k) => k.retired_at === null);
    this.active =
      row && row.kid !== this.active?.kid
        ? { kid: row.kid, alg: row.alg, privateKey: await importJWK(row.private_jwk, row.alg) }
        : this.active;
    if (!row) this.active = undefined;
  }

  private async fresh(force = false): Promise<void> {
    if (force || this.ctx.clock() - this.loadedAt > RELOAD_MS) await this.load();
  }

  /** The key to sign with, generated on first use (several processes racing agree on one). */
  async signingKey(): Promise<SigningKey> {
    await this.fresh();
    if (!this.active) {
      await insertKey(this.ctx, false);
      await this.load();
    }
    if (!this.active) throw new Error('no active signing key after generating one');
    return this.active;
  }

  /** Public keys for the JWKS document (RFC 7517 §5). */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    await this.signingKey();
    return { keys: this.rows.map((r) => ({ ...r.public_jwk, kid: r.kid, alg: r.alg, use: 'sig' })) };
  }

  /** The public keys, reloaded when `kid` is unknown (another process may have rotated). */
  async verificationJwks(kid: string | undefined): Promise<{ keys: JWK[] }> {
    await this.fresh();
    if (kid !== undefined && !this.rows.some((r) => r.kid === kid)) await this.fresh(this.ctx.clock() - this.loadedAt > 1000);
    return { keys: this.rows.map((r) => ({ ...r.public_jwk, kid: r.kid, alg: r.alg, use: 'sig' })) };
  }

  async rotate(): Promise<string> {
    const kid = await insertKey(this.ctx, true);
    await this.load();
    return kid;
  }
}

async function insertKey(ctx: AuthContext, retireActive: boolean): Promise<string> {
  const alg = ctx.settings.signingAlg;
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const kid = randomUUID();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (retireActive) {
      await tx.query(`UPDATE signing_keys SET retired_at = to_timestamp($1 / 1000.0) WHERE retired_at IS NULL`, [now]);
    }
    const r = await tx.query(
      `INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, to_timestamp($5 / 1000.0))
       ON CONFLICT DO NOTHING`,
      [kid, alg, JSON.stringify(await exportJWK(privateKey)), JSON.stringify(await exportJWK(publicKey)), now],
    );
    if (r.rowCount > 0) await writeAuthEvent(tx, 'signing_key.created', { kid, alg, rotated: retireActive });
  });
  return kid;
}
