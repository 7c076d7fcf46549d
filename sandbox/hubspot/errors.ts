/**
 * HubSpot error bodies: `{status:"error", message, correlationId, category, subCategory?, errors?, context?}`
 * (api-hubspot.md §9, ERR26), and the 429 body with `errorType`/`policyName`.
 */
import { randomUUID } from "node:crypto";
import type { SandboxResponse } from "../core";

export function hsError(
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
): SandboxResponse {
  return {
    status,
    json: { status: "error", message, correlationId: randomUUID(), category, ...extra },
    ...(headers ? { headers } : {}),
  };
}

export const validationError = (message: string, extra: Record<string, unknown> = {}) =>
  hsError(400, "VALIDATION_ERROR", message, extra);

export const notFound = (message = "resource not found") => hsError(404, "OBJECT_NOT_FOUND", message);

export type RatePolicy = "TEN_SECONDLY_ROLLING" | "DAILY" | "SECONDLY";

/** The 429 body as HubSpot sends it (api-hubspot.md §9; sample from hubspot-api-python#117). */
export function rateLimited(policy: RatePolicy, retryAfterMs: number, headers: Record<string, string> = {}): SandboxResponse {
  const message =
    policy === "SECONDLY" ? "You have reached your secondly limit."
      : policy === "DAILY" ? "You have reached your daily limit."
        : "You have reached your ten_secondly_rolling limit.";
  return {
    status: 429,
    headers: { ...headers, "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
    json: {
      status: "error",
      message,
      errorType: "RATE_LIMIT",
      correlationId: randomUUID(),
      policyName: policy,
      groupName: policy === "SECONDLY" ? "search" : "api-calls",
      requestId: randomUUID(),
    },
  };
}
