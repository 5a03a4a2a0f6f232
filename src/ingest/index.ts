/**
 * Ingestion: receive → stage (safe unzip) → extract metadata → refuse duplicates → copy into storage
 * hashing every file (MD5 + BLAKE3) → hash the product package → register in one transaction.
 * Owns the pending_ingests table and its crash recovery. The CLI, the HTTP upload endpoint and the
 * archive all call ingestProduct / ingestPaths.
 */
export { ingestProduct, type IngestContext, type IngestOutcome } from './pipeline.ts';
export { ingestPaths, ingestCandidates, type BatchProgress, type BatchResult } from './batch.ts';
export { resolveInputs, type IngestCandidate } from './inputs.ts';
export { recoverIngests } from './pending.ts';
export { sweepStaging } from './staging.ts';
export { INGEST_ERRORS } from './errors.ts';
export { HashingStream, type Digests } from './hashing.ts';
