import "server-only";
import type { z } from "zod";
import { AccountingError } from "./errors";
import type { ProviderDeps, RateLimitSnapshot } from "./types";

/**
 * Shared HTTP plumbing for the accounting clients: timeouts, one token refresh on 401, retries with exponential
 * backoff and full jitter, rate-limit headers, typed errors (parseError is the provider's), zod-checked bodies.
 *
 * Retry policy (why): both providers count refused requests too, and both can apply a write and then fail to
 * answer. So
 * - reads (GET, and writes marked idempotent such as freee upsert_by_code) are retried on 429, 5xx, timeouts and
 *   network errors;
 * - non-idempotent writes (invoice creation) are retried ONLY when the provider refused before processing (429,
 *   an excessive-access 403, connection refused). A timeout or 5xx is thrown with `maybeCommitted: true` so the
 *   caller looks the invoice up first;
 * - a 429 whose wait is longer than `maxInlineWaitMs` is thrown to the job (which reschedules) instead of holding
 *   a worker slot; freee's ~10 min excessive-access block is always thrown and the gate is told to hold off.
 */
export type RequestOptions<T> = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  form?: URLSearchParams;
  schema: z.ZodType<T>;
  /** Safe to send twice (GET, upsert by natural key). Defaults to method === "GET". */
  idempotent?: boolean;
  /** Rate-limit bucket (e.g. "freee:100001:iv"). */
  gateKey: string;
  /** No bearer token (OAuth token endpoint). */
  anonymous?: boolean;
  /** Return null instead of throwing on 404. */
  allow404?: boolean;
  /** Told the HTTP status of the successful response (e.g. freee upsert: 201 created vs 200 updated). */
  onStatus?: (status: number) => void;
};

export type RawResponse = { status: number; headers: Headers; body: unknown; text: string };

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 4;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

export abstract class BaseProvider {
  protected readonly deps: ProviderDeps;
  protected readonly baseUrl: string;
  private lastRateLimit: RateLimitSnapshot | null = null;
  /** Waits longer than this are not slept through in-process: the error goes to the job, which reschedules. */
  protected maxInlineWaitMs = 65_000;

  protected constructor(deps: ProviderDeps, baseUrl: string) {
    this.deps = deps;
    this.baseUrl = baseUrl.replace(/\/$/, "");
  }

  /** Provider-specific: HTTP status + body + headers → typed error. */
  protected abstract parseError(response: RawResponse, options: { write: boolean }): AccountingError;
  /** Provider-specific: rate-limit headers → snapshot (or null when the response carried none). */
  protected abstract parseRateLimit(headers: Headers): RateLimitSnapshot | null;

  rateLimitSnapshot(): RateLimitSnapshot | null {
    return this.lastRateLimit;
  }

  protected sleep(ms: number): Promise<void> {
    return this.deps.sleep ? this.deps.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Exponential backoff with full jitter (AWS architecture blog): random in [0, min(cap, base·2^attempt)). */
  protected backoffMs(attempt: number): number {
    const random = this.deps.random ?? Math.random;
    return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt)) + 50;
  }

  protected async request<T>(options: RequestOptions<T>): Promise<T> {
    const result = await this.withRetry(options, () => this.send(options));
    return result as T;
  }

  protected async requestOrNull<T>(options: RequestOptions<T>): Promise<T | null> {
    return (await this.withRetry(options, () => this.send({ ...options, allow404: true }))) as T | null;
  }

  /** Runs `attempt` with the retry policy above. Exposed for multi-request operations that must retry as one. */
  protected async withRetry<R>(options: { method: string; idempotent?: boolean; gateKey: string }, attempt: () => Promise<R>): Promise<R> {
    const idempotent = options.idempotent ?? options.method === "GET";
    const maxRetries = this.deps.maxRetries ?? DEFAULT_RETRIES;
    let refreshed = false;
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof AccountingError)) throw error;
        if (error.code === "unauthorized" && !refreshed) {
          // One refresh per call: the token expired between getAccessToken and the request, or was rotated by
          // another process. A second 401 means the grant itself is bad.
          refreshed = true;
          await this.deps.tokens.forceRefresh(this.lastToken ?? "");
          n--;
          continue;
        }
        if (error.code === "excessive_access") {
          this.deps.gate?.penalise?.(options.gateKey, error.retryAfterMs ?? 600_000);
          throw error;
        }
        const canRetry = error.retryable && (idempotent || !error.maybeCommitted) && n < maxRetries;
        if (!canRetry) throw error;
        const wait = Math.max(error.retryAfterMs ?? 0, this.backoffMs(n));
        if (wait > this.maxInlineWaitMs) {
          this.deps.gate?.penalise?.(options.gateKey, wait);
          throw error;
        }
        if (error.code === "rate_limited") this.deps.gate?.penalise?.(options.gateKey, wait);
        await this.sleep(wait);
      }
    }
  }

  private lastToken: string | null = null;

  private async send<T>(options: RequestOptions<T>): Promise<T | null> {
    const write = options.method !== "GET";
    const url = new URL(this.baseUrl + options.path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json" };
    if (!options.anonymous) {
      this.lastToken = await this.deps.tokens.getAccessToken();
      headers.authorization = `Bearer ${this.lastToken}`;
    }
    let body: string | undefined;
    if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = options.form.toString();
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const release = (await this.deps.gate?.acquire(options.gateKey)) ?? (() => {});
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await (this.deps.fetch ?? fetch)(url, { method: options.method, headers, body, signal: controller.signal });
      text = await response.text();
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      // A refused connection cannot have committed anything; a timeout or a reset mid-response might have.
      const refused = !timedOut && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(String((cause as { cause?: unknown })?.cause ?? cause));
      throw new AccountingError({
        code: timedOut ? "timeout" : "network",
        message: timedOut ? `${options.method} ${options.path} timed out` : `${options.method} ${options.path} failed: ${(cause as Error).message}`,
        retryable: true,
        maybeCommitted: write && !refused,
        cause,
      });
    } finally {
      clearTimeout(timer);
      release();
    }
    const snapshot = this.parseRateLimit(response.headers);
    if (snapshot) {
      this.lastRateLimit = snapshot;
      this.deps.onRateLimit?.(snapshot);
    }
    let parsedBody: unknown = null;
    if (text.length > 0) {
      try {
        parsedBody = JSON.parse(text);
      } catch {
        parsedBody = null; // gateways answer HTML: the status decides
      }
    }
    if (response.status === 404 && options.allow404) return null;
    if (!response.ok) throw this.parseError({ status: response.status, headers: response.headers, body: parsedBody, text }, { write });
    options.onStatus?.(response.status);
    const parsed = options.schema.safeParse(parsedBody ?? {});
    if (!parsed.success) {
      throw new AccountingError({
        code: "invalid_response",
        message: `${options.method} ${options.path}: unexpected response shape: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join(".")}: ${i.message}`)
          .join("; ")}`,
        status: response.status,
        retryable: false,
      });
    }
    return parsed.data;
  }
}

/** Seconds or an HTTP date in Retry-After; ISO/epoch reset headers → milliseconds from now. */
export function waitFromHeaders(headers: Headers, names: string[], now = Date.now()): number | null {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  for (const name of names) {
    const value = headers.get(name);
    if (!value) continue;
    const at = /^\d+$/.test(value) ? Number(value) * (value.length <= 10 ? 1000 : 1) : Date.parse(value);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return null;
}
