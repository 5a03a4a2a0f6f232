-- In-cloud S3 access (s3/): per-user S3 key pairs, and the index that lists the archive layout in S3 order.

-- AWS Signature V4 needs the secret itself to recompute each request's HMAC, so it cannot be kept as a
-- one-way digest like API keys are: it is stored encrypted (AES-256-GCM, s3/secrets.ts) under a key that
-- is not in the database (EOHUB_S3_SECRETS_KEY, or a file in the data folder), so a leaked dump alone
-- does not give working keys.
CREATE TABLE s3_keys (
  access_key_id    text PRIMARY KEY CHECK (access_key_id ~ '^[A-Z0-9]{16,128}$'),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL,
  created_at       timestamptz NOT NULL,
  disabled_at      timestamptz
);
CREATE INDEX s3_keys_user_idx ON s3_keys (user_id);

-- ListObjectsV2 returns keys in UTF-8 byte order (the S3 API reference, "ListObjectsV2": "Objects are
-- returned sorted in an ascending order of the respective key names"). Keys are `<storage_path>/<file>`:
-- the listing walks products by `storage_path || '/'` in byte order ("C" collation, whatever the
-- database's default collation is) and each product's few files in memory. The trailing '/' makes the
-- product order equal the key order also when one folder name is a prefix of another ('X' < 'X.SAFE'
-- but 'X.SAFE/' < 'X/').
CREATE INDEX products_s3_prefix_idx ON products (((storage_path || '/') COLLATE "C"));
