import { describe, expect, it } from "vitest";
import { AuthError, classifyHttpError, NotFoundError, parseRetryAfter, RateLimitError, TransientError, ValidationError } from "./errors";

describe("classifyHttpError", () => {
  const c = (status: number, extra: Partial<Parameters<typeof classifyHttpError>[0]> = {}) => classifyHttpError({ provider: "hubspot", status, ...extra });
  it("maps statuses to typed errors", () => {
    expect(c(401)).toBeInstanceOf(AuthError);
    expect(c(403)).toBeInstanceOf(AuthError);
    expect(c(404)).toBeInstanceOf(NotFoundError);
    expect(c(400)).toBeInstanceOf(ValidationError);
    expect(c(409)).toBeInstanceOf(ValidationError);
    expect(c(502)).toBeInstanceOf(TransientError);
    expect((c(423) as TransientError).retryAfterMs).toBe(2_000);
  });
  it("reads Retry-After for 429, falling back to the policy default", () => {
    expect((c(429, { retryAfter: "3" }) as RateLimitError).retryAfterMs).toBe(3_000);
    expect((c(429, { defaultRetryAfterMs: 1_000 }) as RateLimitError).retryAfterMs).toBe(1_000);
    expect(c(429).retryable).toBe(true);
    expect(c(400).retryable).toBe(false);
  });
  it("parses HTTP-date Retry-After", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
