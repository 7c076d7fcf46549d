/**
 * freee emulator: freee会計 `/api/1/...`, freee請求書 `/iv/...` and OAuth `/public_api/...` on one port, plus the
 * `/_sandbox/...` control API (sandbox contract). `startFreeeEmulator({ port: 0 })` picks a free port.
 *
 * Extra control routes ("acting as a person" in freee's own UI):
 * - `POST /_sandbox/payments` `{invoiceId? | dealId?, kind: "full"|"partial"|"bank_fee_short", amount?, date?}`:
 *   registers the invoice's deal first if needed (取引反映), records the payment, books the bank line, updates
 *   `due_amount`/`status` and the invoice's `payment_status`.
 * - `POST /_sandbox/invoices/{id}/cancel`, `POST /_sandbox/invoices/{id}/register-deal` (取引反映),
 *   `POST /_sandbox/invoices/{id}/send` (sending_status → sent: there is no API for it).
 * - `POST /_sandbox/excessive-access` `{companyId?, minutes?}`: trip the 403 "過度のアクセス" block now.
 * - `POST /_sandbox/companies/{id}/invoice-numbering` `{mode: "manual"|"auto"}`: an admin switches freee請求書's
 *   請求書番号の採番 setting (手動 / 自動), which the API cannot read or change.
 */
import { z } from "zod";
import { createControlRouter, parseControlBody } from "../core/control";
import { createFaultController } from "../core/faults";
import { createRequestLog } from "../core/request-log";
import { Router, SandboxHttpError, startEmulatorServer, BodyParseError, type SandboxRequest, type SandboxResponse } from "../core/server";
import { rateLimitsEnabledFromEnv, type EmulatorHandle, type EmulatorStartOptions } from "../core/types";
import { registerAccountingRoutes } from "./accounting";
import { cancelInvoice, recordPayment, registerDealForInvoice } from "./actions";
import { badRequest, errorResponse, forbidden, statusMessage } from "./errors";
import { authenticate, productOf, sniffCompanyId } from "./http";
import { registerInvoiceRoutes } from "./invoices";
import { isoMicros } from "./jst";
import { FreeeLimits } from "./limits";
import { FREEE_DEFAULT_COMPANY_ID } from "./masters";
import { createGrant, issueTokens, registerOAuthRoutes, revokeGrant } from "./oauth";
import { resetFreee, seedFreee } from "./seed";
import { createFreeeState, type FreeeState } from "./store";
import { dealView, invoiceIndexView } from "./views";

export { FREEE_CLIENT_ID, FREEE_CLIENT_SECRET } from "./oauth";
export { FREEE_DEFAULT_COMPANY_ID, FREEE_SECOND_COMPANY_ID } from "./masters";

export type FreeeEmulatorHandle = EmulatorHandle & { state: FreeeState };

const DEFAULT_SEED = 42;

function isApiPath(path: string): boolean {
  return path.startsWith("/api/1/") || path.startsWith("/iv/");
}

let requestSeq = 0;

export async function startFreeeEmulator(opts: EmulatorStartOptions = {}): Promise<FreeeEmulatorHandle> {
  const state = createFreeeState();
  const limits = new FreeeLimits(rateLimitsEnabledFromEnv());
  const faults = createFaultController();
  const log = createRequestLog();

  resetFreee(state);
  if (opts.seed !== false) seedFreee(state, opts.seed ?? { seed: DEFAULT_SEED });

  const router = new Router();
  registerOAuthRoutes(router, state);
  registerAccountingRoutes(router, state);
  registerInvoiceRoutes(router, state);

  const control = createControlRouter({
    reset: () => {
      // Everything goes, tokens included (as the other emulators do): reconnect with POST /_sandbox/tokens.
      resetFreee(state);
      state.grants.clear();
      state.accessTokens.clear();
      state.refreshTokens.clear();
      state.authCodes.clear();
      limits.reset();
    },
    seed: (o) =>
      seedFreee(state, {
        seed: o.seed,
        ...(o.companies !== undefined ? { companies: o.companies } : {}),
        ...(o.deals !== undefined ? { deals: o.deals } : {}),
        ...(typeof o.anchor === "string" ? { anchor: o.anchor } : {}),
      }),
    state: () => {
      let payments = 0;
      for (const d of state.deals.values()) payments += d.payments.length;
      return {
        companies: state.companies.size,
        partners: state.partners.size,
        invoices: state.invoices.size,
        deals: state.deals.size,
        payments,
        walletTxns: state.walletTxns.size,
        items: state.items.size,
        sections: state.sections.size,
        accountItems: state.accountItems.size,
        walletables: state.walletables.size,
        accessTokens: state.accessTokens.size,
      };
    },
    faults,
    log,
    tokens: {
      issue: () => {
        const grant = createGrant(state, [FREEE_DEFAULT_COMPANY_ID], FREEE_DEFAULT_COMPANY_ID);
        return issueTokens(state, grant);
      },
      expire: () => {
        const now = Date.now();
        let n = 0;
        for (const t of state.accessTokens.values()) {
          if (t.expiresAt > now) n++;
          t.expiresAt = now - 1;
        }
        return { ok: true, expired: n };
      },
      revoke: () => {
        for (const g of state.grants.values()) revokeGrant(state, g.id);
        return { ok: true, revokedGrants: state.grants.size };
      },
    },
    rateLimits: {
      get: () => ({ ...limits.config }),
      set: (b) => {
        const extra = z
          .object({ excessivePerMinute: z.number().int().min(1).optional(), blockMinutes: z.number().min(0).optional(), ivPerMinute: z.number().int().min(1).optional(), ivPerHour: z.number().int().min(1).optional() })
          .parse(b);
        limits.set({ enabled: b.enabled, ...extra });
      },
    },
  });
  registerPersonRoutes(control, state, limits);

  let stopped = false;
  const server = await startEmulatorServer({
    name: "freee",
    port: opts.port ?? 0,
    router,
    control,
    faults,
    log,
    faultResponse: (status, req) => faultResponse(status, req),
    notFound: (req, allowed) => {
      if (!isApiPath(req.path)) return { status: 404, headers: { "content-type": "text/html; charset=utf-8" }, body: "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>" };
      const product = productOf(req.path);
      if (allowed && allowed.length > 0) return errorResponse(product, 404, [`${req.method} ${req.path} はサポートされていません。`]);
      return errorResponse(product, 404);
    },
    errorResponse: (err, req) => {
      const product = productOf(req.path);
      if (err instanceof BodyParseError) return badRequest(product, "リクエストボディのJSONが不正です。");
      if (err instanceof z.ZodError) return { status: 400, json: { error: z.prettifyError(err) } };
      return errorResponse(product, 500);
    },
    before: (req) => {
      if (!isApiPath(req.path)) return undefined;
      const product = productOf(req.path);
      let companyId: number | null;
      try {
        const a = authenticate(state, req);
        companyId = sniffCompanyId(req) ?? a.grant.selectedCompanyId ?? a.grant.companyIds[0] ?? null;
      } catch (e) {
        if (e instanceof SandboxHttpError) return e.response;
        throw e;
      }
      const company = companyId !== null ? state.companies.get(companyId) : undefined;
      if (!company) return undefined; // the route answers company errors itself
      const d = limits.take(product, company.id, company.daily_limit);
      if (d.kind === "blocked") {
        return forbidden(product, "excessive_access", "一定期間に過度のアクセスを検知したため、APIアクセスを制限しています。10分程度経過してから再度お試しください。");
      }
      if (d.kind === "limited") {
        if (product === "accounting") {
          return { status: 429, headers: d.headers, json: { status_code: 429, meta: { limit: d.result.max, period: 86_400, remaining: 0, reset: d.headers["x-ratelimit-reset"] ?? "" } } };
        }
        return { ...errorResponse("iv", 429, [statusMessage(429)]), headers: { ...d.headers, "content-type": "application/problem+json; charset=utf-8" } };
      }
      req.state.limitHeaders = d.headers;
      return undefined;
    },
    after: (req, res) => {
      if (!isApiPath(req.path)) return;
      const extra: Record<string, string> = { "X-Freee-Request-ID": `sbx-${Date.now().toString(36)}-${(++requestSeq).toString(36)}` };
      const lh = req.state.limitHeaders as Record<string, string> | undefined;
      if (lh) Object.assign(extra, lh);
      res.headers = { ...extra, ...(res.headers ?? {}) };
    },
  });

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

/** Injected faults answer with the body the real service would send for that status. */
function faultResponse(status: number, req: SandboxRequest): SandboxResponse {
  if (status === 502 || status === 504) {
    // Gateways in front of freee answer with HTML, not the API's JSON: clients must not assume a JSON error body.
    return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center></body></html>` };
  }
  const product = productOf(req.path);
  if (status === 429) {
    const now = Date.now();
    if (product === "iv") {
      return {
        ...errorResponse("iv", 429, [statusMessage(429)]),
        headers: {
          "content-type": "application/problem+json; charset=utf-8",
          "X-Ratelimit-Limit-Minute": "30",
          "X-Ratelimit-Remaining-Minute": "0",
          "X-Ratelimit-Reset-Minute": isoMicros(now + 60_000 - (now % 60_000)),
        },
      };
    }
    const reset = new Date(now + 1000).toISOString();
    return { status, headers: { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, json: { status_code: 429, meta: { limit: 10, period: 1, remaining: 0, reset } } };
  }
  if (status === 401) return { status, json: { code: "invalid_access_token", message: statusMessage(401) } };
  if (status === 403) return forbidden(product, "forbidden", statusMessage(403));
  return errorResponse(product, status);
}

function registerPersonRoutes(control: Router, state: FreeeState, limits: FreeeLimits): void {
  const paymentSchema = z
    .object({
      invoiceId: z.number().int().optional(),
      dealId: z.number().int().optional(),
      amount: z.number().int().min(1).optional(),
      kind: z.enum(["full", "partial", "bank_fee_short"]).default("full"),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    })
    .refine((b) => (b.invoiceId === undefined) !== (b.dealId === undefined), "exactly one of invoiceId or dealId");
  control.post("/_sandbox/payments", (req) => {
    const b = parseControlBody(req, paymentSchema);
    let deal;
    let invoice;
    if (b.invoiceId !== undefined) {
      invoice = state.invoices.get(b.invoiceId);
      if (!invoice) return { status: 404, json: { error: `invoice ${b.invoiceId} not found` } };
      if (invoice.cancel_status === "canceled") return { status: 409, json: { error: `invoice ${b.invoiceId} is canceled` } };
      deal = registerDealForInvoice(state, invoice);
    } else {
      deal = state.deals.get(b.dealId as number);
      if (!deal) return { status: 404, json: { error: `deal ${b.dealId} not found` } };
    }
    try {
      const r = recordPayment(state, deal, { kind: b.kind, ...(b.amount !== undefined ? { amount: b.amount } : {}), ...(b.date ? { date: b.date } : {}) });
      return { status: 200, json: { ok: true, paid: r.amount, deal: dealView(deal), ...(invoice ? { invoice: invoiceIndexView(invoice) } : {}) } };
    } catch (e) {
      return { status: 409, json: { error: (e as Error).message } };
    }
  });
  const invoiceOr404 = (req: SandboxRequest) => {
    const inv = state.invoices.get(Number(req.params.id));
    if (!inv) throw new SandboxHttpError({ status: 404, json: { error: `invoice ${req.params.id} not found` } });
    return inv;
  };
  control.post("/_sandbox/invoices/:id/cancel", (req) => {
    const inv = invoiceOr404(req);
    cancelInvoice(state, inv);
    return { status: 200, json: { ok: true, invoice: invoiceIndexView(inv) } };
  });
  control.post("/_sandbox/invoices/:id/register-deal", (req) => {
    const inv = invoiceOr404(req);
    if (inv.cancel_status === "canceled") return { status: 409, json: { error: "invoice is canceled" } };
    const deal = registerDealForInvoice(state, inv);
    return { status: 200, json: { ok: true, deal: dealView(deal), invoice: invoiceIndexView(inv) } };
  });
  control.post("/_sandbox/invoices/:id/send", (req) => {
    const inv = invoiceOr404(req);
    inv.sending_status = "sent";
    return { status: 200, json: { ok: true, invoice: invoiceIndexView(inv) } };
  });
  control.post("/_sandbox/companies/:id/invoice-numbering", (req) => {
    const b = parseControlBody(req, z.object({ mode: z.enum(["manual", "auto"]) }));
    const company = state.companies.get(Number(req.params.id));
    if (!company) return { status: 404, json: { error: `company ${req.params.id} not found` } };
    company.invoice_numbering = b.mode;
    return { status: 200, json: { ok: true, companyId: company.id, invoiceNumbering: company.invoice_numbering } };
  });
  control.post("/_sandbox/excessive-access", (req) => {
    const b = parseControlBody(req, z.object({ companyId: z.number().int().default(FREEE_DEFAULT_COMPANY_ID), minutes: z.number().min(0).max(60).optional() }));
    const company = state.companies.get(b.companyId);
    if (!company) return { status: 404, json: { error: `company ${b.companyId} not found` } };
    const until = limits.block(company.id, company.daily_limit, b.minutes);
    return { status: 200, json: { ok: true, blockedUntil: new Date(until).toISOString() } };
  });
}
