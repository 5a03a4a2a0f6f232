-- Monthly volume reservations (quotas/usage.ts): a download that starts reserves the bytes it expects to
-- send, and while it runs counts as the larger of those and the bytes sent so far. The check and the
-- reservation happen under the subject's lock in one transaction, so parallel downloads, in one process
-- or several, cannot all pass the check before any of them has counted.
ALTER TABLE download_usage ADD COLUMN bytes_reserved bigint NOT NULL DEFAULT 0;
