import "server-only";

/**
 * Typed errors thrown by the accounting clients (freee, Money Forward). Clients never return null on failure:
 * they throw one of these, and callers branch on the class (or `code`), never on provider messages, which
 * both providers say may change without notice (api-freee.md §7, api-moneyforward.md §3).
 *
 * `retryable` says whether the same request may simply be sent again. `maybeCommitted` is the exactly-once
 * flag: a write that timed out or got a 5xx MAY have been applied by the provider, so the caller must look the
 * record up (AccountingProvider.findInvoiceByReference) before sending the write again.
 */
export type AccountingErrorCode =
  | "unauthorized" // access token rejected: refresh and retry once
  | "reauthorize" // refresh token rejected / revoked: a person must re-connect
  | "forbidden" // the app or user lacks permission for this endpoint
  | "excessive_access" // freee's 403 "過度のアクセス" block (~10 minutes)
  | "rate_limited" // 429
  | "not_found"
  | "validation" // 400/422: the provider refused our data; not retryable, the message is shown to a person
  | "quota" // 402 / plan quota exhausted
  | "server" // 5xx
  | "timeout"
  | "network"
  | "invalid_response"; // the body did not match the wire schema

export class AccountingError extends Error {
  override name = "AccountingError";
  readonly code: AccountingErrorCode;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly maybeCommitted: boolean;
  /** Wait at least this long before the next request (Retry-After, reset headers, excessive-access window). */
  readonly retryAfterMs: number | null;
  /** Provider's messages, for display on a draft or in the sync health page (never tokens). */
  readonly providerMessages: string[];

  constructor(options: {
    code: AccountingErrorCode;
    message: string;
    status?: number | null;
    retryable?: boolean;
    maybeCommitted?: boolean;
    retryAfterMs?: number | null;
    providerMessages?: string[];
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.status = options.status ?? null;
    this.retryable = options.retryable ?? false;
    this.maybeCommitted = options.maybeCommitted ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.providerMessages = options.providerMessages ?? [];
  }
}

/** The connection's grant is gone (invalid_grant on refresh, revoked): the connection must be re-authorised. */
export class ReauthorizationRequiredError extends AccountingError {
  override name = "ReauthorizationRequiredError";
  constructor(message: string, cause?: unknown) {
    super({ code: "reauthorize", message, status: 401, retryable: false, cause });
  }
}

export function isAccountingError(error: unknown): error is AccountingError {
  return error instanceof AccountingError;
}
