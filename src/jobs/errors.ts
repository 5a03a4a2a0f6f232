/** Error codes of the job runner (HubError.code). */
export const JOB_ERRORS = {
  /** No job with that id (kind not_found). */
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  /** Retry of a job that is not failed or cancelled, or cancel of a finished job (kind conflict). */
  JOB_STATE_CONFLICT: 'JOB_STATE_CONFLICT',
  /** A list filter that names no state (kind invalid). */
  JOB_INVALID_FILTER: 'JOB_INVALID_FILTER',
} as const;
