import { RateLimitError, TransientError } from "../errors";
import { backoffDelay, jitter, sleep, type BackoffOptions } from "./backoff";
import type { RateLimiter } from "./limiter";

export type RetryEvent = {
  attempt: number;
  delayMs: number;
  error: RateLimitError | TransientError;
};

export type WithRateLimitOptions = {
  /** Retries after TransientError (5xx, timeouts). Default 4. */
  maxTransientRetries?: number;
  /**
   * Retries after RateLimitError. Default 8: a 429 means "wait", not "broken", so we keep waiting longer than for
   * 5xx – but not forever, so a portal stuck at its limit fails the job (and alerts) instead of hanging.
   */
  maxRateLimitRetries?: number;
  /**
   * Policies that must not be waited out in-process (HubSpot "DAILY": the budget resets at midnight). The error is
   * rethrown after pausing the limiter so the job layer can reschedule.
   */
  giveUpPolicies?: string[];
  /** Longest Retry-After we wait in-process (default 60 s); longer waits are rethrown after pausing the limiter. */
  maxInProcessWaitMs?: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
};

/**
 * Run one provider call under the connection's limiter with retries:
 * - RateLimitError → pause the WHOLE limiter for retryAfterMs (+ jitter), then try again;
 * - TransientError → exponential backoff with jitter (at least the provider's Retry-After, if any);
 * - anything else (AuthError, ValidationError, NotFoundError, unknown) → rethrown at once.
 *
 * `fn` must be safe to repeat: reads always are; for writes, pass an idempotent operation (upsert with an idempotency
 * key) or set maxTransientRetries to 0 and resolve the outcome by reading back.
 */
export async function withRateLimit<T>(limiter: RateLimiter, fn: () => Promise<T>, options: WithRateLimitOptions = {}): Promise<T> {
  const maxTransient = options.maxTransientRetries ?? 4;
  const maxRateLimit = options.maxRateLimitRetries ?? 8;
  const maxWait = options.maxInProcessWaitMs ?? 60_000;
  const giveUp = new Set(options.giveUpPolicies ?? []);
  let transientRetries = 0;
  let rateLimitRetries = 0;
  for (let attempt = 0; ; attempt++) {
    const release = await limiter.acquire(options.signal);
    try {
      return await fn();
    } catch (error) {
      if (error instanceof RateLimitError) {
        const wait = jitter(error.retryAfterMs);
        limiter.pause(wait, error.policy ?? "429");
        if ((error.policy && giveUp.has(error.policy)) || wait > maxWait || rateLimitRetries >= maxRateLimit) throw error;
        rateLimitRetries++;
        // No sleep here: the next acquire() waits for the pause, together with every other caller.
        options.onRetry?.({ attempt, delayMs: wait, error });
        continue;
      }
      if (error instanceof TransientError && transientRetries < maxTransient) {
        const delay = Math.max(backoffDelay(transientRetries, options.backoff), error.retryAfterMs ?? 0);
        transientRetries++;
        options.onRetry?.({ attempt, delayMs: delay, error });
        release();
        await sleep(delay, options.signal);
        continue;
      }
      throw error;
    } finally {
      release();
    }
  }
}
