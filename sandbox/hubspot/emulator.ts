/**
 * HubSpot emulator assembly: `startHubSpotEmulator(options)` → `{ url, stop() }` (+ internals for tests).
 *
 * Serves api.hubapi.com paths (CRM v3, associations v4, properties, pipelines, owners, OAuth v1, webhooks v3) and
 * app.hubspot.com's `/oauth/authorize` on one port, plus the `/_sandbox/*` control API (see sandbox/README.md).
 */
import { z } from "zod";
import {
  BodyParseError, createControlRouter, createFaultController, createRequestLog, parseControlBody, rateLimitsEnabledFromEnv,
  Router, startEmulatorServer, type EmulatorHandle, type EmulatorSeed, type SandboxResponse,
} from "../core";
import { APP_ID, CLIENT_SECRET, DEVELOPER_API_KEY, HubSpotAuth, PORTAL_ID, type Caller, type RateLimitConfig } from "./auth";
import { registerAssociationRoutes } from "./associations";
import type { HubSpotContext } from "./context";
import { hsError, rateLimited } from "./errors";
import { registerMetaRoutes } from "./meta";
import { createWithAssociations, registerObjectRoutes, serialize } from "./objects";
import { registerOAuthRoutes } from "./oauth";
import { SearchEngine } from "./search";
import { seedHubSpot } from "./seed";
import { HubSpotStore, ValidationError } from "./store";
import { WebhookDispatcher } from "./webhooks";

export type HubSpotEmulatorOptions = {
  port?: number;
  host?: string;
  /** Default: the demo seed 42 (200 companies, 1,000 deals). `false` starts empty. */
  seed?: EmulatorSeed | false;
  /** Webhook target (the app's /api/webhooks/hubspot). Default env SANDBOX_HUBSPOT_WEBHOOK_URL. */
  webhookUrl?: string | null;
  /** Multiplies the 24-hour retry schedule; default env SANDBOX_WEBHOOK_RETRY_SCALE or 1. */
  webhookRetryScale?: number;
  /** Batching window for webhook events (ms). Default 50. */
  webhookBatchWindowMs?: number;
  /** Default: on unless env SANDBOX_RATE_LIMITS=off. */
  rateLimits?: boolean;
  rateLimitConfig?: Partial<RateLimitConfig>;
  /** Request-log capacity. */
  logCapacity?: number;
};

export type HubSpotEmulator = EmulatorHandle & { ctx: HubSpotContext };

const webhookConfigSchema = z.object({
  targetUrl: z.string().url().nullable(),
  subscriptions: z.array(z.object({ eventType: z.string(), propertyName: z.string().optional(), active: z.boolean().optional() })).optional(),
  batchWindowMs: z.number().int().min(0).max(10_000).optional(),
  retryScale: z.number().min(0).max(10).optional(),
});

export async function startHubSpotEmulator(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  const faults = createFaultController();
  const log = createRequestLog(options.logCapacity ?? 5000);
  const store = new HubSpotStore();
  const auth = new HubSpotAuth({ rateLimitsEnabled: options.rateLimits ?? rateLimitsEnabledFromEnv(), limits: options.rateLimitConfig });
  const retryScale = options.webhookRetryScale ?? (Number(process.env.SANDBOX_WEBHOOK_RETRY_SCALE) || 1);
  const webhooks = new WebhookDispatcher({
    faults, clientSecret: CLIENT_SECRET, appId: APP_ID, portalId: PORTAL_ID, retryScale,
    batchWindowMs: options.webhookBatchWindowMs ?? 50, maxConcurrent: 10, responseTimeoutMs: 5000,
  });
  const search = new SearchEngine(store);
  const ctx: HubSpotContext = { store, search, auth, webhooks };
  store.listeners.push((e) => webhooks.onChange(e));
  const webhookUrl = options.webhookUrl === undefined ? process.env.SANDBOX_HUBSPOT_WEBHOOK_URL || null : options.webhookUrl;
  if (webhookUrl) webhooks.configure(webhookUrl);

  const router = new Router();
  registerOAuthRoutes(router, ctx);
  registerObjectRoutes(router, ctx);
  registerAssociationRoutes(router, ctx);
  registerMetaRoutes(router, ctx);

  const control = createControlRouter({
    reset: () => {
      store.reset();
      search.clear();
      auth.reset();
      webhooks.resetRuntime();
    },
    seed: (o) => {
      search.clear();
      webhooks.resetRuntime();
      return seedHubSpot(store, { seed: o.seed, companies: o.companies, deals: o.deals, anchor: typeof o.anchor === "string" ? o.anchor : undefined });
    },
    state: () => ({ ...store.counts(), webhookSubscriptions: webhooks.subscriptions.size }),
    faults,
    log,
    tokens: {
      issue: () => auth.issueTokens(),
      expire: () => ({ expired: auth.expireAll() }),
      revoke: () => {
        auth.revokeAll(false);
        return { revoked: true };
      },
    },
    rateLimits: {
      get: () => ({ enabled: auth.rateLimitsEnabled, ...auth.limits }),
      set: (b) => {
        auth.rateLimitsEnabled = b.enabled;
        const next: Partial<RateLimitConfig> = {};
        for (const k of ["tenSecondMax", "oauthTenSecondMax", "dailyMax", "searchPerSecond"] as const) if (typeof b[k] === "number") next[k] = b[k] as number;
        if (Object.keys(next).length) {
          auth.limits = { ...auth.limits, ...next };
        }
        auth.resetWindows();
      },
    },
  });
  registerHubSpotControlRoutes(control, ctx);

  const started = await startEmulatorServer({
    name: "hubspot",
    port: options.port ?? 0,
    host: options.host,
    router,
    control,
    faults,
    log,
    faultResponse: (status) => {
      if (status === 429) return rateLimited("TEN_SECONDLY_ROLLING", 10_000);
      if (status === 401) return hsError(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.");
      const categories: Record<number, string> = { 500: "INTERNAL_ERROR", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT" };
      return hsError(status, categories[status] ?? "ERROR", status >= 500 ? "internal error (sandbox fault injection)" : "error (sandbox fault injection)");
    },
    notFound: (req, allowed) =>
      allowed ? { ...hsError(405, "METHOD_NOT_ALLOWED", `Method ${req.method} not allowed`), headers: { allow: allowed.join(", ") } } : hsError(404, "OBJECT_NOT_FOUND", `No route for ${req.method} ${req.path}`),
    errorResponse: (err) => {
      if (err instanceof BodyParseError) return hsError(400, "VALIDATION_ERROR", `Invalid input JSON on line 1: ${err.message}`);
      if (err instanceof ValidationError) return hsError(400, "VALIDATION_ERROR", err.message);
      console.error("[sandbox:hubspot] internal error", err);
      return hsError(500, "INTERNAL_ERROR", "internal error");
    },
    before: (req) => {
      if (req.path.startsWith("/oauth/")) return undefined;
      if (req.path.startsWith("/webhooks/")) {
        // The webhooks management API: a legacy public app's developer API key (`?hapikey=`), or a token of the
        // newer developer platform (developers-* / private-apps-* scopes, not checked here).
        const key = req.query.get("hapikey");
        if (key === DEVELOPER_API_KEY) return undefined;
        if (key) return hsError(401, "INVALID_AUTHENTICATION", "The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/");
        const caller = auth.authenticate(req);
        return "status" in caller ? caller : undefined;
      }
      const caller = auth.authenticate(req);
      if ("status" in caller) return caller;
      const headers: Record<string, string> = {};
      const limited = auth.rateLimit(caller as Caller, req.method === "POST" && req.path.endsWith("/search"), headers);
      if (limited) return limited;
      req.state.rateHeaders = headers;
      return undefined;
    },
    after: (req, res) => {
      const h = req.state.rateHeaders as Record<string, string> | undefined;
      if (h) res.headers = { ...h, ...(res.headers ?? {}) };
    },
  });

  if (options.seed !== false) {
    const s = options.seed ?? { seed: 42 };
    seedHubSpot(store, { seed: s.seed, companies: s.companies, deals: s.deals });
  }

  return {
    url: started.url,
    ctx,
    stop: async () => {
      webhooks.stop();
      await started.stop();
    },
  };
}

/** "Acting as a person" routes and webhook configuration. */
function registerHubSpotControlRoutes(control: Router, ctx: HubSpotContext): void {
  const { store, webhooks } = ctx;
  const ui = "CRM_UI" as const;
  const wrap = (fn: () => SandboxResponse): SandboxResponse => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError) return { status: 400, json: { error: e.message } };
      throw e;
    }
  };

  control.get("/_sandbox/webhooks", () => ({
    status: 200,
    json: {
      targetUrl: webhooks.targetUrl, subscriptions: [...webhooks.subscriptions.values()], pending: webhooks.pending(),
      deliveries: webhooks.deliveries.slice(-200), retryScale: webhooks.opts.retryScale, batchWindowMs: webhooks.opts.batchWindowMs,
    },
  }));
  control.put("/_sandbox/webhooks", (req) => {
    const b = parseControlBody(req, webhookConfigSchema);
    if (b.batchWindowMs !== undefined) webhooks.opts.batchWindowMs = b.batchWindowMs;
    if (b.retryScale !== undefined) webhooks.opts.retryScale = b.retryScale;
    webhooks.configure(b.targetUrl, b.subscriptions);
    return { status: 200, json: { targetUrl: webhooks.targetUrl, subscriptions: [...webhooks.subscriptions.values()] } };
  });
  control.post("/_sandbox/webhooks/flush", async () => {
    webhooks.flush();
    await webhooks.whenIdle();
    return { status: 200, json: { pending: webhooks.pending() } };
  });

  control.post("/_sandbox/deals/:id/stage", (req) => {
    const b = parseControlBody(req, z.object({ stageId: z.string(), pipelineId: z.string().optional() }));
    const deal = store.get("deals", req.params.id ?? "");
    if (!deal) return { status: 404, json: { error: `deal ${req.params.id ?? ""} not found` } };
    return wrap(() => {
      const values: Record<string, string> = { dealstage: b.stageId };
      if (b.pipelineId) values.pipeline = b.pipelineId;
      else {
        // Moving to a stage of another pipeline moves the deal there, as dragging across boards does in the UI.
        for (const p of store.pipelines.values()) if (p.stages.some((s) => s.id === b.stageId)) values.pipeline = p.id;
      }
      store.update(deal, store.normalize("deals", values), ui);
      return { status: 200, json: serialize(ctx, deal, { properties: null }) };
    });
  });

  control.patch("/_sandbox/companies/:id", (req) => {
    const b = parseControlBody(req, z.object({ properties: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) }));
    const company = store.get("companies", req.params.id ?? "");
    if (!company) return { status: 404, json: { error: `company ${req.params.id ?? ""} not found` } };
    return wrap(() => {
      store.update(company, store.normalize("companies", b.properties), ui);
      return { status: 200, json: serialize(ctx, company, { properties: Object.keys(b.properties) }) };
    });
  });

  control.post("/_sandbox/deals", (req) => {
    const b = parseControlBody(req, z.object({
      properties: z.record(z.string(), z.union([z.string(), z.number()])),
      companyId: z.string().optional(),
      lineItems: z.array(z.object({
        productId: z.string().optional(), name: z.string().optional(), quantity: z.number().positive().default(1),
        price: z.number().nonnegative().optional(), taxRate: z.union([z.literal(10), z.literal(8), z.literal(0)]).optional(),
        properties: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      })).optional(),
    }));
    if (b.companyId && !store.get("companies", b.companyId)) return { status: 404, json: { error: `company ${b.companyId} not found` } };
    return wrap(() => {
      const deal = createWithAssociations(ctx, "deals", b.properties, b.companyId ? [{ to: { id: b.companyId }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 5 }] }] : undefined, ui);
      let total = 0;
      const items = [];
      for (const li of b.lineItems ?? []) {
        const group = li.taxRate === 8 ? "1002" : li.taxRate === 0 ? "1003" : li.taxRate === 10 ? "1001" : undefined;
        const props: Record<string, unknown> = { quantity: li.quantity, ...(li.properties ?? {}) };
        if (li.productId) props.hs_product_id = li.productId;
        if (li.name) props.name = li.name;
        if (li.price !== undefined) props.price = li.price;
        if (group) props.hs_tax_rate_group_id = group;
        const rec = createWithAssociations(ctx, "line_items", props, [{ to: { id: deal.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 20 }] }], ui);
        total += Number(rec.props.amount ?? 0);
        items.push(serialize(ctx, rec, { properties: ["name", "quantity", "price", "amount", "hs_tax_rate", "hs_tax_amount", "hs_tax_rate_group_id", "hs_product_id"] }));
      }
      if (items.length && b.properties.amount === undefined) store.update(deal, { amount: String(total) }, ui);
      return { status: 201, json: { deal: serialize(ctx, deal, { properties: null, associations: ["companies", "line_items"] }), lineItems: items } };
    });
  });
}
