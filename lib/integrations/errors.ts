/**
 * Typed errors thrown by every provider client (HubSpot, freee, Money Forward). Client methods never return null on
 * failure: they throw one of these, so callers (sync loops, job handlers, the rate limiter) can decide by class:
 *
 * - AuthError        401/403 (token revoked, scope missing): the connection must be re-authorised. Not retryable.
 * - RateLimitError   429 (or a provider's equivalent, e.g. freee's 403 "excessive access"): wait `retryAfterMs`.
 * - ValidationError  400/409/422: the provider rejected our input; `providerMessage` is shown to a person. Not retryable.
 * - NotFoundError    404: the record is gone (deleted/merged upstream). Not retryable.
 * - TransientError   5xx, timeouts, connection resets, 423 lock: retry with backoff.
 *
 * This module is pure (no server-only, no I/O) so it can be used in unit tests and shared by all integrations.
 * Keep its API stable: the accounting integrations import it.
 */

export type IntegrationProvider = "hubspot" | "freee" | "moneyforward";

export type IntegrationErrorOptions = {
  provider: IntegrationProvider;
  /** HTTP status when the failure came from a response; undefined for network errors and timeouts. */
  status?: number;
  /** The provider's own message (shown in the sync-failures list and on invoice drafts). */
  providerMessage?: string;
  /** Parsed response body, kept for logs and debugging (never contains our tokens). */
  body?: unknown;
  /** e.g. "GET /crm/v3/objects/deals" – helps find the call site in logs. */
  operation?: string;
  cause?: unknown;
};

export abstract class IntegrationError extends Error {
  abstract readonly kind: "auth" | "rate_limit" | "validation" | "not_found" | "transient";
  /** Whether retrying the same request later can succeed. */
  abstract readonly retryable: boolean;
  readonly provider: IntegrationProvider;
  readonly status: number | undefined;
  readonly providerMessage: string | undefined;
  readonly body: unknown;
  readonly operation: string | undefined;

  constructor(message: string, options: IntegrationErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider;
    this.status = options.status;
    this.providerMessage = options.providerMessage;
    this.body = options.body;
    this.operation = options.operation;
  }
}

/** 401/403: the token is invalid, revoked or lacks a scope. The connection goes to status "reauthorize". */
export class AuthError extends IntegrationError {
  override name = "AuthError";
  readonly kind = "auth" as const;
  readonly retryable = false;
  /** Scopes the provider says are missing (HubSpot 403 `context.missingScopes`), when known. */
  readonly missingScopes: string[] | undefined;
  constructor(message: string, options: IntegrationErrorOptions & { missingScopes?: string[] }) {
    super(message, options);
    this.missingScopes = options.missingScopes;
  }
}

/**
 * The provider throttled us. `retryAfterMs` is the wait before the next attempt on this connection: from
 * `Retry-After` when sent, otherwise derived from the policy (HubSpot TEN_SECONDLY_ROLLING → the rest of the window,
 * DAILY → until the daily reset). The rate limiter pauses the whole connection for that long, not just one request.
 */
export class RateLimitError extends IntegrationError {
  override name = "RateLimitError";
  readonly kind = "rate_limit" as const;
  readonly retryable = true;
  readonly retryAfterMs: number;
  /** Provider policy name, e.g. HubSpot "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY", freee "excessive_access". */
  readonly policy: string | undefined;
  constructor(message: string, options: IntegrationErrorOptions & { retryAfterMs: number; policy?: string }) {
    super(message, options);
    this.retryAfterMs = Math.max(0, options.retryAfterMs);
    this.policy = options.policy;
  }
}

/** 400/409/422: our request was rejected; retrying the same input fails again. */
export class ValidationError extends IntegrationError {
  override name = "ValidationError";
  readonly kind = "validation" as const;
  readonly retryable = false;
}

/** 404: the record does not exist (deleted or merged upstream). */
export class NotFoundError extends IntegrationError {
  override name = "NotFoundError";
  readonly kind = "not_found" as const;
  readonly retryable = false;
}

/** 5xx, 423, network errors and timeouts: safe to retry with backoff (reads always; writes only if idempotent). */
export class TransientError extends IntegrationError {
  override name = "TransientError";
  readonly kind = "transient" as const;
  readonly retryable = true;
  /** Minimum wait the provider asked for (423 lock: 2 s; 477/503 with Retry-After), if any. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: IntegrationErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isIntegrationError(err: unknown): err is IntegrationError {
  return err instanceof IntegrationError;
}

/** True for errors a retry may fix (rate limits, transient failures). Unknown errors are treated as not retryable. */
export function isRetryableError(err: unknown): boolean {
  return err instanceof IntegrationError && err.retryable;
}

/**
 * Parse an HTTP `Retry-After` header (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unparseable. https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export type ClassifyInput = {
  provider: IntegrationProvider;
  status: number;
  providerMessage?: string;
  body?: unknown;
  operation?: string;
  /** Raw Retry-After header value, if any. */
  retryAfter?: string | null;
  /** Fallback wait for a 429 without Retry-After (per provider policy). */
  defaultRetryAfterMs?: number;
  policy?: string;
  missingScopes?: string[];
};

/**
 * Generic status → error mapping. Provider clients call this after handling their own special cases (e.g. freee's
 * 403 excessive-access window must be turned into a RateLimitError BEFORE calling this, or 403 becomes AuthError).
 */
export function classifyHttpError(input: ClassifyInput): IntegrationError {
  const { provider, status, providerMessage, body, operation } = input;
  const base = { provider, status, providerMessage, body, operation };
  const what = `${provider}${operation ? ` ${operation}` : ""}: HTTP ${status}${providerMessage ? ` – ${providerMessage}` : ""}`;
  const retryAfterMs = parseRetryAfter(input.retryAfter);
  if (status === 429) {
    return new RateLimitError(what, { ...base, retryAfterMs: retryAfterMs ?? input.defaultRetryAfterMs ?? 10_000, policy: input.policy });
  }
  if (status === 401 || status === 403) return new AuthError(what, { ...base, missingScopes: input.missingScopes });
  if (status === 404 || status === 410) return new NotFoundError(what, base);
  // 423 Locked (HubSpot heavy upserts): the lock lasts 2 s. 477 = HubSpot portal migration, Retry-After in seconds.
  if (status === 423) return new TransientError(what, { ...base, retryAfterMs: retryAfterMs ?? 2_000 });
  if (status === 408 || status >= 500 || status === 477) return new TransientError(what, { ...base, retryAfterMs });
  return new ValidationError(what, base);
}

/** Wrap a thrown fetch/network error (ECONNRESET, AbortError on timeout, "Premature close") as TransientError. */
export function networkError(provider: IntegrationProvider, operation: string, cause: unknown): TransientError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TransientError(`${provider} ${operation}: network error – ${reason}`, { provider, operation, cause });
}
