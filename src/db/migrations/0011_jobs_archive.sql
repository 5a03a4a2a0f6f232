-- Jobs (the work queue every capability shares) and the long-term archive: copies of products per
-- storage tier, user orders of offline products, and fixity audit results.

CREATE TABLE jobs (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL,
  payload          jsonb NOT NULL DEFAULT '{}'::jsonb,
  state            text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  -- Higher runs first.
  priority         integer NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  -- Not claimed before this time: scheduling and retry backoff.
  run_after        timestamptz NOT NULL DEFAULT now(),
  -- The worker holding the job, and until when; an expired lease lets another worker take the job over.
  lease_owner      text,
  lease_expires_at timestamptz,
  timeout_ms       integer NOT NULL DEFAULT 3600000 CHECK (timeout_ms > 0),
  -- The same key enqueued twice gives the same job.
  idempotency_key  text,
  result           jsonb,
  error            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT jobs_idempotency_key UNIQUE (idempotency_key)
);
-- The claim query: queued jobs by priority and due time, and running jobs whose lease ran out.
CREATE INDEX jobs_queued_idx ON jobs (priority DESC, run_after, id) WHERE state = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_kind_state_idx ON jobs (kind, state, id);

-- Where each product's files are, per tier. The archive copy is permanent; the online copy is a cache.
CREATE TABLE product_copies (
  product_id       uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tier             text NOT NULL CHECK (tier IN ('online', 'archive')),
  store            text NOT NULL,
  path             text NOT NULL,
  state            text NOT NULL DEFAULT 'present' CHECK (state IN ('present', 'damaged')),
  -- BLAKE3 over the list of "<path> <blake3>" lines of the copy's files as last verified.
  checksum         text,
  verified_at      timestamptz,
  -- Online tier: last download (eviction by access) and the end of a restore's retention period.
  last_accessed_at timestamptz,
  retain_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, tier)
);
CREATE INDEX product_copies_verified_idx ON product_copies (verified_at NULLS FIRST, product_id);

-- Users' orders of offline products (OData.CSC.Order, DHuS $value trigger). One restore job serves
-- every order of the same product.
CREATE TABLE orders (
  id             uuid PRIMARY KEY,
  product_id     uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  user_id        text NOT NULL,
  username       text NOT NULL,
  batch_id       uuid,
  status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'in_progress', 'completed', 'failed', 'cancelled')),
  status_message text NOT NULL DEFAULT '',
  priority       integer NOT NULL DEFAULT 1,
  size_bytes     bigint NOT NULL DEFAULT 0,
  job_id         bigint REFERENCES jobs (id) ON DELETE SET NULL,
  submitted_at   timestamptz NOT NULL DEFAULT now(),
  estimated_at   timestamptz,
  completed_at   timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_idx ON orders (user_id, submitted_at DESC);
CREATE INDEX orders_open_product_idx ON orders (product_id) WHERE status IN ('queued', 'in_progress');
CREATE INDEX orders_batch_idx ON orders (batch_id) WHERE batch_id IS NOT NULL;

-- Fixity audits: one row per copy checked.
CREATE TABLE fixity_checks (
  id          bigserial PRIMARY KEY,
  product_id  uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tier        text NOT NULL,
  ok          boolean NOT NULL,
  -- Paths whose bytes no longer match the catalogue, or that are missing.
  bad_files   jsonb NOT NULL DEFAULT '[]'::jsonb,
  repaired    boolean NOT NULL DEFAULT false,
  checked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fixity_checks_product_idx ON fixity_checks (product_id, checked_at DESC);

-- Products catalogued before the archive existed get their archive copy from the first worker
-- (archive.copy, the same job ingest enqueues for every new product).
INSERT INTO jobs (kind, payload, priority, idempotency_key)
SELECT 'archive.copy', jsonb_build_object('productId', p.id), 5, 'archive:' || p.id
FROM products p
WHERE p.online AND EXISTS (SELECT 1 FROM product_files f WHERE f.product_id = p.id);
