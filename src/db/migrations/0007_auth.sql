-- Identity (auth/): users, their roles and groups, API keys, the hub's JWT signing keys, refresh tokens,
-- and failed sign-ins counted for brute-force protection. Policies and quotas come later.

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$'),
  email         text,
  -- scrypt$N$r$p$salt$hash (auth/passwords.ts); NULL: no password sign-in (API keys or an external IdP only)
  password_hash text,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- Usernames are unique case-insensitively, as Keycloak's are.
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));

-- Roles (admin, institutional) and free-form groups; `registered` is implicit and never stored.
CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name    text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$'),
  PRIMARY KEY (user_id, name)
);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  -- the key's public part, for lookup; the secret part is kept only as a SHA-256 digest
  prefix       text NOT NULL UNIQUE,
  key_hash     text NOT NULL,
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

CREATE TABLE signing_keys (
  kid         text PRIMARY KEY,
  alg         text NOT NULL,
  private_jwk jsonb NOT NULL,
  public_jwk  jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  retired_at  timestamptz
);
-- At most one key signs at a time, also when several processes start together.
CREATE UNIQUE INDEX signing_keys_one_active_idx ON signing_keys ((true)) WHERE retired_at IS NULL;

CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY,
  -- one sign-in: every rotation stays in the session, and reusing a rotated token revokes all of it
  session_id  uuid NOT NULL,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  client_id   text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Failed sign-ins per subject (`user:<lower name>` or `addr:<client address>`), counted over a window.
CREATE TABLE auth_failures (
  id         bigserial PRIMARY KEY,
  subject    text NOT NULL,
  failed_at  timestamptz NOT NULL
);
CREATE INDEX auth_failures_subject_idx ON auth_failures (subject, failed_at);
