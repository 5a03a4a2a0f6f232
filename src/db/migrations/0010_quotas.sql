-- Quotas and usage accounting (quotas/): download slots as leases, search request counters per window,
-- and one usage row per download. Kept in the database so that every server process enforces the same
-- limits. Subjects are `user:<id>` for signed-in users and `addr:<client address>` for anonymous ones.

-- A slot per running download; a process renews its slots while streaming, so the slots of a crashed
-- process free themselves when expires_at passes. The id is the id of the download's usage row.
CREATE TABLE download_leases (
  id          uuid PRIMARY KEY,
  subject     text NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX download_leases_subject_idx ON download_leases (subject, expires_at);
CREATE INDEX download_leases_expires_idx ON download_leases (expires_at);

-- Fixed windows: one row per subject, bucket and window start, incremented by an upsert.
CREATE TABLE request_counters (
  subject      text NOT NULL,
  bucket       text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (subject, bucket, window_start)
);
CREATE INDEX request_counters_window_idx ON request_counters (window_start);

CREATE TABLE download_usage (
  id          uuid PRIMARY KEY,
  subject     text NOT NULL,
  -- the user as they were when downloading; the account may be gone since
  user_id     uuid,
  username    text,
  address     text,
  product_id  uuid NOT NULL,
  collection  text NOT NULL,
  file_name   text NOT NULL,
  bytes_sent  bigint NOT NULL DEFAULT 0,
  started_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  user_agent  text,
  status      text NOT NULL CHECK (status IN ('running', 'complete', 'aborted'))
);
CREATE INDEX download_usage_subject_idx ON download_usage (subject, started_at);
CREATE INDEX download_usage_started_idx ON download_usage (started_at);
