/**
 * Money Forward Cloud Invoice v3 emulator: `/api/v3/...` plus OAuth `/authorize`, `/token`, `/revoke` on one port,
 * and the `/_sandbox/...` control API (sandbox contract). `startMoneyForwardEmulator({ port: 0 })` picks a free port.
 *
 * Throttling: MF answers 429 when an endpoint is called too often; v3 numbers are not documented. The published
 * numbers for billing/quote creation are 3 requests/second, so the emulator allows 3 writes (POST/PUT/DELETE) per
 * rolling second per office and 429s beyond. No `Retry-After` header is sent (not documented for Invoice): clients
 * must back off on their own. `POST /_sandbox/rate-limits {"enabled": false}` lifts it.
 *
 * Extra control routes ("acting as a person" in MF's UI):
 * - `POST /_sandbox/payments` `{billingId, kind: "full"|"partial"|"bank_fee_short", amount?}`: MF has no partial
 *   status, so `full` and `bank_fee_short` (the user accepts the fee and books it) set 入金済み, `partial` leaves
 *   未入金; the response carries the amount received.
 * - `POST /_sandbox/billings/{id}/cancel`: MF has no cancel status for billings; users delete them, and so does this.
 * - `POST /_sandbox/billings/{id}/send`: email_status → 送付済み (no API exists for sending).
 */
import { z } from "zod";
import { createControlRouter, parseControlBody } from "../core/control";
import { createFaultController } from "../core/faults";
import { createRollingWindow, type RateWindow } from "../core/rate-limit";
import { createRequestLog } from "../core/request-log";
import { Router, SandboxHttpError, startEmulatorServer, type SandboxResponse } from "../core/server";
import { rateLimitsEnabledFromEnv, type EmulatorHandle, type EmulatorStartOptions } from "../core/types";
import { mfAuthenticate, mfError, registerMfApiRoutes } from "./api";
import { mfCreateGrant, mfIssueTokens, mfRevokeGrant, MF_SCOPES, registerMfOAuthRoutes } from "./oauth";
import { resetMf, seedMf } from "./seed";
import { createMfState, type MfState } from "./store";
import { billingTotals, billingView } from "./views";

export { MF_CLIENT_ID, MF_CLIENT_SECRET } from "./oauth";

export type MoneyForwardEmulatorHandle = EmulatorHandle & { state: MfState };

const DEFAULT_SEED = 42;

export async function startMoneyForwardEmulator(opts: EmulatorStartOptions = {}): Promise<MoneyForwardEmulatorHandle> {
  const state = createMfState();
  const faults = createFaultController();
  const log = createRequestLog();
  const limits = { enabled: rateLimitsEnabledFromEnv(), writesPerSecond: 3 };
  let writes: RateWindow = createRollingWindow({ windowMs: 1000, max: limits.writesPerSecond });

  resetMf(state);
  if (opts.seed !== false) seedMf(state, opts.seed ?? { seed: DEFAULT_SEED });

  const router = new Router();
  registerMfOAuthRoutes(router, state);
  registerMfApiRoutes(router, state);

  const control = createControlRouter({
    reset: () => {
      // Everything goes, tokens included (as the other emulators do): reconnect with POST /_sandbox/tokens.
      resetMf(state);
      state.grants.clear();
      state.accessTokens.clear();
      state.refreshTokens.clear();
      state.authCodes.clear();
      writes.reset();
    },
    seed: (o) =>
      seedMf(state, {
        seed: o.seed,
        ...(o.companies !== undefined ? { companies: o.companies } : {}),
        ...(o.deals !== undefined ? { deals: o.deals } : {}),
        ...(typeof o.anchor === "string" ? { anchor: o.anchor } : {}),
      }),
    state: () => ({
      partners: state.partners.size,
      departments: state.departments.size,
      items: state.items.size,
      billings: state.billings.size,
      billingItems: [...state.billings.values()].reduce((n, b) => n + b.items.length, 0),
      accessTokens: state.accessTokens.size,
    }),
    faults,
    log,
    tokens: {
      issue: () => mfIssueTokens(state, mfCreateGrant(state, [...MF_SCOPES])),
      expire: () => {
        const now = Date.now();
        for (const t of state.accessTokens.values()) t.expiresAt = now - 1;
        return { ok: true };
      },
      revoke: () => {
        for (const g of state.grants.values()) mfRevokeGrant(state, g.id);
        return { ok: true };
      },
    },
    rateLimits: {
      get: () => ({ ...limits }),
      set: (b) => {
        const extra = z.object({ writesPerSecond: z.number().int().min(1).optional() }).parse(b);
        limits.enabled = b.enabled;
        if (extra.writesPerSecond) limits.writesPerSecond = extra.writesPerSecond;
        writes = createRollingWindow({ windowMs: 1000, max: limits.writesPerSecond });
      },
    },
  });
  registerPersonRoutes(control, state);

  const server = await startEmulatorServer({
    name: "moneyforward",
    port: opts.port ?? 0,
    router,
    control,
    faults,
    log,
    faultResponse: (status) => faultResponse(status),
    notFound: (req) =>
      req.path.startsWith("/api/v3/")
        ? mfError(404, "not_found_error", "not_found", "Not Found")
        : { status: 404, headers: { "content-type": "text/html; charset=utf-8" }, body: "<!doctype html><title>404</title><h1>Not Found</h1>" },
    errorResponse: (err) => {
      if (err instanceof z.ZodError) return { status: 400, json: { error: z.prettifyError(err) } };
      return mfError(500, "api_error", "internal_server_error", "Internal Server Error");
    },
    before: (req) => {
      if (!req.path.startsWith("/api/v3/")) return undefined;
      try {
        mfAuthenticate(state, req);
      } catch (e) {
        if (e instanceof SandboxHttpError) return e.response;
        throw e;
      }
      if (limits.enabled && req.method !== "GET" && req.method !== "HEAD" && !writes.take().allowed) {
        return mfError(429, "rate_limit_error", "too_many_requests", "Too Many Requests");
      }
      return undefined;
    },
  });

  let stopped = false;
  return {
    url: server.url,
    state,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

function faultResponse(status: number): SandboxResponse {
  if (status === 502 || status === 504) {
    return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: `<html><body><h1>${status} Bad Gateway</h1></body></html>` };
  }
  if (status === 429) return mfError(429, "rate_limit_error", "too_many_requests", "Too Many Requests");
  if (status === 503) return mfError(503, "api_error", "service_unavailable", "Service Unavailable");
  if (status >= 500) return mfError(status, "api_error", "internal_server_error", "Internal Server Error");
  return mfError(status, "invalid_request_error", "error", `HTTP ${status}`);
}

const FEES = [440, 660, 770, 880];

function registerPersonRoutes(control: Router, state: MfState): void {
  control.post("/_sandbox/payments", (req) => {
    const b = parseControlBody(req, z.object({ billingId: z.string().min(1), kind: z.enum(["full", "partial", "bank_fee_short"]).default("full"), amount: z.number().int().min(1).optional() }));
    const billing = state.billings.get(b.billingId);
    if (!billing) return { status: 404, json: { error: `billing ${b.billingId} not found` } };
    const total = billingTotals(billing).total;
    const fee = FEES[billing.id.charCodeAt(0) % FEES.length] ?? 440;
    const received = b.amount ?? (b.kind === "full" ? total : b.kind === "partial" ? Math.floor(total / 2) : Math.max(0, total - fee));
    billing.payment_status = b.kind === "partial" ? "未入金" : "入金済み";
    billing.updatedAt = Date.now();
    return { status: 200, json: { ok: true, received, total, billing: billingView(state, billing) } };
  });
  control.post("/_sandbox/billings/:id/cancel", (req) => {
    const billing = state.billings.get(req.params.id ?? "");
    if (!billing) return { status: 404, json: { error: `billing ${req.params.id} not found` } };
    state.billings.delete(billing.id);
    return { status: 200, json: { ok: true, deleted: billing.id } };
  });
  control.post("/_sandbox/billings/:id/send", (req) => {
    const billing = state.billings.get(req.params.id ?? "");
    if (!billing) return { status: 404, json: { error: `billing ${req.params.id} not found` } };
    billing.email_status = "送付済み";
    billing.updatedAt = Date.now();
    return { status: 200, json: { ok: true, billing: billingView(state, billing) } };
  });
}
