/**
 * HubSpot auth emulation: OAuth authorization codes, 30-minute access tokens, non-rotating refresh tokens (reusable
 * as HubSpot's are), the private-app token, and the rate limits tied to the caller (api-hubspot.md §1, §9).
 *
 * Rate limits (defaults, configurable): private-app token = Professional/Enterprise tier, 190 requests per rolling
 * 10 s and 625,000 per day (headers `X-HubSpot-RateLimit-*` incl. `-Daily`); OAuth tokens = 110 per 10 s per
 * installing account (no daily headers, as documented for OAuth). Search has its own 5 requests/s limit, sends no
 * rate-limit headers, and is excluded from the 10-second budget (§3). The daily window resets at midnight JST (the
 * portal's time zone).
 */
import { randomBytes } from "node:crypto";
import { createFixedWindow, createRollingWindow, jstDayStart, type RateWindow, type SandboxRequest, type SandboxResponse } from "../core";
import { hsError, rateLimited } from "./errors";

export const CLIENT_ID = "kakehashi-sandbox-client";
export const CLIENT_SECRET = "kakehashi-sandbox-secret";
export const PRIVATE_APP_TOKEN = "pat-sandbox-0000";
export const PORTAL_ID = 1000001;
export const APP_ID = 2000001;
/** The sandbox app's developer API key: legacy public apps manage their webhooks with it (`?hapikey=`, §8). */
export const DEVELOPER_API_KEY = "kakehashi-sandbox-developer-key";
export const HUB_DOMAIN = "kakehashi-sandbox.hubspot.com";
export const ACCESS_TOKEN_TTL_S = 1800;

export const DEFAULT_SCOPES = [
  "oauth",
  "crm.objects.companies.read", "crm.objects.companies.write",
  "crm.objects.deals.read", "crm.objects.deals.write",
  "crm.objects.line_items.read", "crm.objects.line_items.write",
  "crm.objects.products.read", "crm.objects.owners.read",
  "crm.objects.contacts.read", "crm.objects.contacts.write",
  "crm.schemas.companies.write", "crm.schemas.deals.read", "crm.schemas.deals.write", "tax_rates.read",
];

type AccessToken = { token: string; refreshToken: string | null; expiresAt: number; scopes: string[]; revoked: boolean };
type RefreshToken = { token: string; scopes: string[]; revoked: boolean; userId: number; user: string };
type AuthCode = { code: string; redirectUri: string; scopes: string[]; expiresAt: number; used: boolean };

export type Caller = { kind: "private-app" | "oauth"; token: string };

export type RateLimitConfig = { tenSecondMax: number; oauthTenSecondMax: number; dailyMax: number; searchPerSecond: number };
export const DEFAULT_RATE_LIMITS: RateLimitConfig = { tenSecondMax: 190, oauthTenSecondMax: 110, dailyMax: 625_000, searchPerSecond: 5 };

const opaque = (prefix: string, bytes = 24) => prefix + randomBytes(bytes).toString("base64url");

export class HubSpotAuth {
  access = new Map<string, AccessToken>();
  refresh = new Map<string, RefreshToken>();
  codes = new Map<string, AuthCode>();
  privateAppRevoked = false;
  rateLimitsEnabled: boolean;
  limits: RateLimitConfig;
  private burst!: { "private-app": RateWindow; oauth: RateWindow };
  private daily!: RateWindow;
  private search!: RateWindow;

  constructor(opts: { rateLimitsEnabled: boolean; limits?: Partial<RateLimitConfig> }) {
    this.rateLimitsEnabled = opts.rateLimitsEnabled;
    this.limits = { ...DEFAULT_RATE_LIMITS, ...opts.limits };
    this.resetWindows();
  }

  resetWindows(): void {
    this.burst = {
      "private-app": createRollingWindow({ windowMs: 10_000, max: this.limits.tenSecondMax }),
      oauth: createRollingWindow({ windowMs: 10_000, max: this.limits.oauthTenSecondMax }),
    };
    this.daily = createFixedWindow({ windowMs: 86_400_000, max: this.limits.dailyMax, windowStart: jstDayStart });
    this.search = createRollingWindow({ windowMs: 1000, max: this.limits.searchPerSecond });
  }

  reset(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
    this.privateAppRevoked = false;
    this.resetWindows();
  }

  issueCode(redirectUri: string, scopes: string[]): string {
    const code = opaque("code-", 18);
    this.codes.set(code, { code, redirectUri, scopes, expiresAt: Date.now() + 10 * 60_000, used: false });
    return code;
  }

  issueTokens(scopes: string[] = DEFAULT_SCOPES, refreshToken?: RefreshToken) {
    const rt = refreshToken ?? { token: opaque("sbx-rt-", 18), scopes, revoked: false, userId: 7000001, user: "admin@kakehashi-demo.example" };
    this.refresh.set(rt.token, rt);
    const at: AccessToken = { token: opaque("CKsbx", 36), refreshToken: rt.token, expiresAt: Date.now() + ACCESS_TOKEN_TTL_S * 1000, scopes: rt.scopes, revoked: false };
    this.access.set(at.token, at);
    return { token_type: "bearer", refresh_token: rt.token, access_token: at.token, expires_in: ACCESS_TOKEN_TTL_S };
  }

  expireAll(): number {
    const past = Date.now() - 1000;
    for (const t of this.access.values()) t.expiresAt = Math.min(t.expiresAt, past);
    return this.access.size;
  }

  revokeAll(includePrivateApp: boolean): void {
    for (const t of this.access.values()) t.revoked = true;
    for (const t of this.refresh.values()) t.revoked = true;
    if (includePrivateApp) this.privateAppRevoked = true;
  }

  /** POST /oauth/v1/token (form-encoded). Errors use HubSpot's OAuth shape `{status: "BAD_…", message}`. */
  tokenEndpoint(form: URLSearchParams): SandboxResponse {
    const bad = (status: string, message: string, code = 400): SandboxResponse => ({
      status: code, json: { status, message, correlationId: crypto.randomUUID() },
    });
    const grant = form.get("grant_type");
    if (form.get("client_id") !== CLIENT_ID) return bad("BAD_CLIENT_ID", "missing or invalid client_id");
    if (form.get("client_secret") !== CLIENT_SECRET) return bad("BAD_CLIENT_SECRET", "missing or invalid client_secret");
    if (grant === "authorization_code") {
      const code = this.codes.get(form.get("code") ?? "");
      if (!code || code.used || code.expiresAt < Date.now()) return bad("BAD_AUTH_CODE", "missing or unknown auth code");
      if (form.get("redirect_uri") !== code.redirectUri) return bad("BAD_REDIRECT_URI", "redirect_uri does not match the one used to authorize");
      code.used = true;
      return { status: 200, json: this.issueTokens(code.scopes) };
    }
    if (grant === "refresh_token") {
      const rt = this.refresh.get(form.get("refresh_token") ?? "");
      if (!rt || rt.revoked) return bad("BAD_REFRESH_TOKEN", "missing or unknown refresh token");
      // HubSpot refresh tokens do not rotate: the same refresh token is returned and stays valid.
      return { status: 200, json: this.issueTokens(rt.scopes, rt) };
    }
    return bad("BAD_GRANT_TYPE", `unsupported grant_type: ${grant ?? ""}`);
  }

  accessTokenInfo(token: string): SandboxResponse {
    const t = this.access.get(token);
    if (!t || t.revoked || t.expiresAt <= Date.now()) {
      return hsError(404, "OBJECT_NOT_FOUND", "The OAuth token is expired, revoked or unknown");
    }
    const rt = t.refreshToken ? this.refresh.get(t.refreshToken) : undefined;
    return {
      status: 200,
      json: {
        token, user: rt?.user ?? "admin@kakehashi-demo.example", hub_domain: HUB_DOMAIN, scopes: t.scopes, scope_to_scope_group_pks: [],
        trial_scopes: [], trial_scope_to_scope_group_pks: [], hub_id: PORTAL_ID, app_id: APP_ID,
        expires_in: Math.max(0, Math.floor((t.expiresAt - Date.now()) / 1000)), user_id: rt?.userId ?? 7000001, token_type: "access",
      },
    };
  }

  refreshTokenInfo(token: string): SandboxResponse {
    const rt = this.refresh.get(token);
    if (!rt || rt.revoked) return hsError(404, "OBJECT_NOT_FOUND", "refresh token not found");
    return {
      status: 200,
      json: { token, user: rt.user, hub_domain: HUB_DOMAIN, scopes: rt.scopes, hub_id: PORTAL_ID, client_id: CLIENT_ID, user_id: rt.userId, token_type: "refresh" },
    };
  }

  deleteRefreshToken(token: string): SandboxResponse {
    const rt = this.refresh.get(token);
    if (!rt) return hsError(404, "OBJECT_NOT_FOUND", "refresh token not found");
    rt.revoked = true;
    for (const t of this.access.values()) if (t.refreshToken === token) t.revoked = true;
    return { status: 204 };
  }

  /** Returns the caller or the 401 HubSpot sends. */
  authenticate(req: SandboxRequest): Caller | SandboxResponse {
    const header = req.headers.authorization;
    const token = typeof header === "string" && /^bearer /i.test(header) ? header.slice(7).trim() : null;
    const invalid = () =>
      hsError(401, "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    if (!token) return invalid();
    if (token === PRIVATE_APP_TOKEN) return this.privateAppRevoked ? invalid() : { kind: "private-app", token };
    const t = this.access.get(token);
    if (!t || t.revoked) return invalid();
    const now = Date.now();
    if (t.expiresAt <= now) {
      const minutes = Math.max(0, Math.floor((now - t.expiresAt) / 60_000));
      return hsError(401, "EXPIRED_AUTHENTICATION", `The OAuth token used to make this call expired ${minutes} minute(s) ago.`, {
        context: { expiredAt: [new Date(t.expiresAt).toISOString()] },
      });
    }
    return { kind: "oauth", token };
  }

  /**
   * Apply the caller's limits. Returns a 429 or undefined; `headers` receives the X-HubSpot-RateLimit-* headers to
   * send on the eventual response (non-search only).
   */
  rateLimit(caller: Caller, isSearch: boolean, headers: Record<string, string>): SandboxResponse | undefined {
    if (!this.rateLimitsEnabled) return undefined;
    const now = Date.now();
    if (isSearch) {
      const s = this.search.take(now);
      if (!s.allowed) return rateLimited("SECONDLY", s.resetMs);
      const d = this.daily.take(now);
      if (!d.allowed) return rateLimited("DAILY", d.resetMs);
      return undefined;
    }
    const window = this.burst[caller.kind];
    const daily = caller.kind === "private-app" ? this.daily.peek(now) : null;
    if (daily && !daily.allowed) return rateLimited("DAILY", daily.resetMs, this.headers(caller, window.peek(now).remaining, 0));
    const b = window.take(now);
    if (!b.allowed) {
      return rateLimited("TEN_SECONDLY_ROLLING", b.resetMs, this.headers(caller, 0, daily?.remaining ?? null));
    }
    const d = this.daily.take(now);
    Object.assign(headers, this.headers(caller, b.remaining, caller.kind === "private-app" ? d.remaining : null));
    return undefined;
  }

  private headers(caller: Caller, remaining: number, dailyRemaining: number | null): Record<string, string> {
    const h: Record<string, string> = {
      "x-hubspot-ratelimit-interval-milliseconds": "10000",
      "x-hubspot-ratelimit-max": String(caller.kind === "private-app" ? this.limits.tenSecondMax : this.limits.oauthTenSecondMax),
      "x-hubspot-ratelimit-remaining": String(remaining),
    };
    // Daily headers are absent for OAuth apps (api-hubspot.md §9).
    if (dailyRemaining !== null) {
      h["x-hubspot-ratelimit-daily"] = String(this.limits.dailyMax);
      h["x-hubspot-ratelimit-daily-remaining"] = String(dailyRemaining);
    }
    return h;
  }
}
