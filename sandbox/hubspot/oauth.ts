/**
 * OAuth endpoints (api-hubspot.md §1) and the webhooks management API (§8).
 *
 * - `GET /oauth/authorize?client_id&redirect_uri&scope&state` — app.hubspot.com's consent page, served on the
 *   emulator's port (HUBSPOT_APP_BASE_URL). It shows a one-button HTML form; `&auto=1` skips it and redirects at once
 *   with `?code=…&state=…` (handy for scripted flows). Unknown client_id → error page (400), as HubSpot refuses.
 * - `POST /oauth/v1/token` (form-encoded; also `/oauth/v3/token`): authorization_code and refresh_token grants.
 * - `GET /oauth/v1/access-tokens/{token}`, `GET|DELETE /oauth/v1/refresh-tokens/{token}`.
 * - `/webhooks/v3/{appId}/settings` and `/subscriptions`, authenticated by the app's developer API key (`?hapikey=`)
 *   or a bearer token.
 */
import type { Router, SandboxRequest, SandboxResponse } from "../core";
import { APP_ID, CLIENT_ID, DEFAULT_SCOPES } from "./auth";
import { notFound, validationError } from "./errors";
import { bodyOf } from "./objects";
import type { HubSpotContext } from "./context";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function html(status: number, body: string): SandboxResponse {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>HubSpot (sandbox)</title></head><body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">${body}</body></html>` };
}

export function registerOAuthRoutes(router: Router, ctx: HubSpotContext): void {
  const { auth, webhooks } = ctx;

  const authorize = (req: SandboxRequest, params: URLSearchParams, approve: boolean): SandboxResponse => {
    const clientId = params.get("client_id");
    const redirectUri = params.get("redirect_uri");
    const state = params.get("state");
    const scopes = [...(params.get("scope") ?? "").split(/[ +]/), ...(params.get("optional_scope") ?? "").split(/[ +]/)].filter(Boolean);
    if (clientId !== CLIENT_ID || !redirectUri) {
      return html(400, `<h1>Authorization failed</h1><p>Unknown client_id or missing redirect_uri.</p>`);
    }
    if (!approve) {
      const hidden = [...params.entries()].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
      return html(200, `<h1>HubSpot sandbox</h1><p>アプリ <b>${escapeHtml(clientId)}</b> がポータル 1000001 へのアクセスを求めています。</p>
<p>Scopes: ${escapeHtml(scopes.join(", ") || "(none)")}</p>
<form method="post" action="/oauth/authorize">${hidden}<button type="submit" id="approve" name="approve" value="1">Connect app / 接続する</button></form>`);
    }
    const code = auth.issueCode(redirectUri, scopes.length ? scopes : DEFAULT_SCOPES);
    const target = new URL(redirectUri);
    target.searchParams.set("code", code);
    if (state !== null) target.searchParams.set("state", state);
    return { status: 302, headers: { location: target.toString() } };
  };

  router.get("/oauth/authorize", (req) => authorize(req, req.query, req.query.get("auto") === "1"));
  router.post("/oauth/authorize", (req) => authorize(req, req.form(), true));

  router.post("/oauth/v1/token", (req) => auth.tokenEndpoint(req.form()));
  router.post("/oauth/v3/token", (req) => auth.tokenEndpoint(req.form()));
  router.get("/oauth/v1/access-tokens/:token", (req) => auth.accessTokenInfo(req.params.token ?? ""));
  router.get("/oauth/v1/refresh-tokens/:token", (req) => auth.refreshTokenInfo(req.params.token ?? ""));
  router.delete("/oauth/v1/refresh-tokens/:token", (req) => auth.deleteRefreshToken(req.params.token ?? ""));

  // ---- webhooks management API ----
  const W = "/webhooks/v3/:appId";
  const appOk = (req: SandboxRequest) => req.params.appId === String(APP_ID);
  const settings = () => ({
    targetUrl: webhooks.targetUrl ?? "",
    throttling: webhooks.throttling,
    createdAt: webhooks.settingsCreatedAt ?? new Date(0).toISOString(),
    updatedAt: webhooks.settingsUpdatedAt ?? new Date(0).toISOString(),
  });
  router.get(`${W}/settings`, (req) => (appOk(req) && webhooks.targetUrl ? { status: 200, json: settings() } : notFound("No settings for this app")));
  router.put(`${W}/settings`, (req) => {
    if (!appOk(req)) return notFound(`App ${req.params.appId ?? ""} not found`);
    const b = bodyOf(req);
    if (typeof b.targetUrl !== "string" || !/^https?:\/\//.test(b.targetUrl)) return validationError("targetUrl must be an http(s) URL");
    const t = b.throttling as { maxConcurrentRequests?: number; period?: string } | undefined;
    if (t?.maxConcurrentRequests !== undefined && t.maxConcurrentRequests <= 5) return validationError("maxConcurrentRequests must be greater than 5");
    webhooks.configure(b.targetUrl, webhooks.subscriptions.size ? undefined : []);
    if (t) {
      webhooks.throttling = { maxConcurrentRequests: t.maxConcurrentRequests ?? 10, period: t.period ?? "SECONDLY" };
      webhooks.opts.maxConcurrent = webhooks.throttling.maxConcurrentRequests; // concurrent deliveries per account
    }
    return { status: 200, json: settings() };
  });
  router.delete(`${W}/settings`, (req) => {
    if (appOk(req)) webhooks.targetUrl = null;
    return { status: 204 };
  });

  const subJson = (s: { id: string; eventType: string; propertyName?: string; active: boolean; createdAt: string; updatedAt: string }) => ({ ...s });
  router.get(`${W}/subscriptions`, () => ({ status: 200, json: { results: [...webhooks.subscriptions.values()].map(subJson) } }));
  router.post(`${W}/subscriptions/batch/update`, (req) => {
    const inputs = (bodyOf(req).inputs ?? []) as { id?: number | string; active?: boolean }[];
    const results = [];
    for (const i of inputs) {
      const s = webhooks.subscriptions.get(String(i.id));
      if (!s) continue;
      if (typeof i.active === "boolean") s.active = i.active;
      s.updatedAt = new Date().toISOString();
      results.push(subJson(s));
    }
    const now = new Date().toISOString();
    return { status: 200, json: { status: "COMPLETE", results, startedAt: now, completedAt: now } };
  });
  router.post(`${W}/subscriptions`, (req) => {
    const b = bodyOf(req);
    if (typeof b.eventType !== "string") return validationError("eventType is required");
    if (b.eventType.endsWith(".propertyChange") && typeof b.propertyName !== "string") return validationError("propertyName is required for propertyChange subscriptions");
    // New subscriptions start paused unless `active` is given (api-hubspot.md §8).
    const s = webhooks.addSubscription(b.eventType, typeof b.propertyName === "string" ? b.propertyName : undefined, b.active === true);
    return { status: 201, json: subJson(s) };
  });
  router.get(`${W}/subscriptions/:subscriptionId`, (req) => {
    const s = webhooks.subscriptions.get(req.params.subscriptionId ?? "");
    return s ? { status: 200, json: subJson(s) } : notFound();
  });
  router.patch(`${W}/subscriptions/:subscriptionId`, (req) => {
    const s = webhooks.subscriptions.get(req.params.subscriptionId ?? "");
    if (!s) return notFound();
    const b = bodyOf(req);
    if (typeof b.active === "boolean") s.active = b.active;
    s.updatedAt = new Date().toISOString();
    return { status: 200, json: subJson(s) };
  });
  router.delete(`${W}/subscriptions/:subscriptionId`, (req) => {
    webhooks.subscriptions.delete(req.params.subscriptionId ?? "");
    return { status: 204 };
  });
}
