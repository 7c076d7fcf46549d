/**
 * Thrown by a handler for a failure that a retry cannot fix (a 4xx validation error from a provider, data that
 * must be corrected by a person). The job is not retried: it goes to the dead-letter queue and alerts once.
 */
export class NonRetryableJobError extends Error {
  override name = "NonRetryableJobError";
}
