/**
 * Exponential backoff with jitter.
 *
 * "Equal jitter" (half fixed, half random): the fixed half guarantees we actually back off, the random half spreads
 * retries of many workers so they do not hit the provider in lockstep.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export type BackoffOptions = {
  /** Delay cap for attempt 0 (default 500 ms). */
  baseMs?: number;
  /** Upper bound of any delay (default 30 s). */
  maxMs?: number;
  random?: () => number;
};

/** Delay before retry number `attempt` (0-based): in [cap/2, cap] where cap = min(maxMs, baseMs·2^attempt). */
export function backoffDelay(attempt: number, { baseMs = 500, maxMs = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** Small random extra wait added to a provider-specified Retry-After so paused callers do not all resume at once. */
export function jitter(ms: number, { fraction = 0.1, random = Math.random }: { fraction?: number; random?: () => number } = {}): number {
  return Math.round(ms + random() * ms * fraction);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
