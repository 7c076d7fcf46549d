import "server-only";
import { IntegrationError, type IntegrationProvider } from "@/lib/integrations/errors";

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

const KIND: Record<AccountingErrorCode, IntegrationError["kind"]> = {
  unauthorized: "auth",
  reauthorize: "auth",
  forbidden: "auth",
  excessive_access: "rate_limit",
  rate_limited: "rate_limit",
  not_found: "not_found",
  validation: "validation",
  quota: "validation",
  server: "transient",
  timeout: "transient",
  network: "transient",
  invalid_response: "transient",
};

/**
 * An IntegrationError (lib/integrations/errors.ts: the shared classification by `kind`) with the accounting
 * specifics: a finer `code`, `maybeCommitted` for exactly-once posting, and the provider's messages.
 */
export class AccountingError extends IntegrationError {
  override name = "AccountingError";
  readonly kind: IntegrationError["kind"];
  readonly code: AccountingErrorCode;
  readonly retryable: boolean;
  readonly maybeCommitted: boolean;
  /** Wait at least this long before the next request (Retry-After, reset headers, excessive-access window). */
  readonly retryAfterMs: number | null;
  /** Provider's messages, for display on a draft or in the sync health page (never tokens). */
  readonly providerMessages: string[];

  constructor(options: {
    provider?: IntegrationProvider;
    code: AccountingErrorCode;
    message: string;
    status?: number | null;
    retryable?: boolean;
    maybeCommitted?: boolean;
    retryAfterMs?: number | null;
    providerMessages?: string[];
    cause?: unknown;
  }) {
    super(options.message, {
      provider: options.provider ?? "freee",
      ...(options.status != null ? { status: options.status } : {}),
      ...(options.providerMessages?.length ? { providerMessage: options.providerMessages.join(" / ") } : {}),
      cause: options.cause,
    });
    this.code = options.code;
    this.kind = KIND[options.code];
    this.retryable = options.retryable ?? false;
    this.maybeCommitted = options.maybeCommitted ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.providerMessages = options.providerMessages ?? [];
  }
}

/** The connection's grant is gone (invalid_grant on refresh, revoked): the connection must be re-authorised. */
export class ReauthorizationRequiredError extends AccountingError {
  override name = "ReauthorizationRequiredError";
  constructor(message: string, cause?: unknown, provider: IntegrationProvider = "freee") {
    super({ provider, code: "reauthorize", message, status: 401, retryable: false, cause });
  }
}

export function isAccountingError(error: unknown): error is AccountingError {
  return error instanceof AccountingError;
}
