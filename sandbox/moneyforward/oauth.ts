/**
 * Money Forward OAuth 2.0 (api.biz.moneyforward.com, served on the emulator's own port): `GET /authorize` (consent
 * page for the one office; `&auto=1` approves at once; the form posts to `POST /authorize`), `POST /token`
 * (authorization_code with optional PKCE S256/plain, refresh_token), `POST /revoke`. Client authentication:
 * client_secret_basic or client_secret_post. `client_credentials` → 400 unsupported_grant_type (as probed live).
 * Lifetimes are not documented by MF; community reports: access 1 h, refresh 540 days, refresh tokens single-use and
 * rotating. Errors are RFC 6749 bodies `{error, error_description}` with status 400 (401 for invalid_client).
 * Scopes: `mfc/invoice/data.read` (GET only) and `mfc/invoice/data.write` (everything).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Router, SandboxRequest, SandboxResponse } from "../core/server";
import type { MfGrant, MfState } from "./store";

export const MF_CLIENT_ID = "kakehashi-sandbox-client";
export const MF_CLIENT_SECRET = "kakehashi-sandbox-secret";
export const MF_ACCESS_TTL_S = 3600;
export const MF_REFRESH_TTL_MS = 540 * 86_400_000;
export const MF_SCOPES = ["mfc/invoice/data.read", "mfc/invoice/data.write"] as const;

const rand = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;

function oauthError(status: number, error: string, description: string): SandboxResponse {
  return { status, headers: { "cache-control": "no-store" }, json: { error, error_description: description } };
}

export function mfIssueTokens(state: MfState, grant: MfGrant, now = Date.now()) {
  const access = rand("mfa_");
  const refresh = rand("mfr_");
  state.accessTokens.set(access, { token: access, grantId: grant.id, expiresAt: now + MF_ACCESS_TTL_S * 1000, revoked: false });
  state.refreshTokens.set(refresh, { token: refresh, grantId: grant.id, expiresAt: now + MF_REFRESH_TTL_MS, used: false, revoked: false });
  return { access_token: access, token_type: "Bearer", expires_in: MF_ACCESS_TTL_S, refresh_token: refresh, scope: grant.scopes.join(" "), created_at: Math.floor(now / 1000) };
}

export function mfCreateGrant(state: MfState, scopes: string[]): MfGrant {
  const g: MfGrant = { id: ++state.grantSeq, scopes, revoked: false };
  state.grants.set(g.id, g);
  return g;
}

export function mfRevokeGrant(state: MfState, grantId: number): void {
  const g = state.grants.get(grantId);
  if (g) g.revoked = true;
  for (const t of state.accessTokens.values()) if (t.grantId === grantId) t.revoked = true;
  for (const t of state.refreshTokens.values()) if (t.grantId === grantId) t.revoked = true;
}

function client(req: SandboxRequest, form: URLSearchParams) {
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.toLowerCase().startsWith("basic ")) {
    const [id, secret] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":").map((s) => decodeURIComponent(s));
    return { id, secret };
  }
  return { id: form.get("client_id"), secret: form.get("client_secret") };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function registerMfOAuthRoutes(router: Router, state: MfState): void {
  const authorize = (q: URLSearchParams): SandboxResponse => {
    const page = (status: number, body: string): SandboxResponse => ({
      status,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>マネーフォワード ID (sandbox)</title></head><body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">${body}</body></html>`,
    });
    if (q.get("client_id") !== MF_CLIENT_ID) return page(400, "<p>invalid client_id</p>");
    if (q.get("response_type") !== "code") return page(400, "<p>unsupported response_type</p>");
    const redirect = q.get("redirect_uri") ?? "";
    let target: URL;
    try {
      target = new URL(redirect);
    } catch {
      return page(400, "<p>invalid redirect_uri</p>");
    }
    const requested = (q.get("scope") ?? "").split(/\s+/).filter(Boolean);
    const scopes = requested.filter((s) => (MF_SCOPES as readonly string[]).includes(s));
    if (scopes.length === 0) {
      target.searchParams.set("error", "invalid_scope");
      if (q.get("state")) target.searchParams.set("state", q.get("state") as string);
      return { status: 302, headers: { location: target.toString() } };
    }
    if (q.get("auto") !== "1" && q.get("approve") !== "1") {
      const hidden = [...q.entries()].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
      return page(200, `<h1>アプリ連携の許可</h1><p>「Kakehashi」が事業者「株式会社かけはしデモ」のクラウド請求書データ（${esc(scopes.join(", "))}）にアクセスします。</p><form method="post" action="/authorize">${hidden}<button type="submit" name="approve" value="1">許可する</button></form>`);
    }
    const code = rand("mfc_");
    state.authCodes.set(code, {
      code,
      redirectUri: redirect,
      scopes,
      challenge: q.get("code_challenge"),
      method: q.get("code_challenge_method") ?? (q.get("code_challenge") ? "plain" : null),
      expiresAt: Date.now() + 10 * 60_000,
      used: false,
    });
    target.searchParams.set("code", code);
    if (q.get("state")) target.searchParams.set("state", q.get("state") as string);
    return { status: 302, headers: { location: target.toString() } };
  };
  router.get("/authorize", (req) => authorize(req.query));
  router.post("/authorize", (req) => authorize(req.form()));

  router.post("/token", (req) => {
    const form = req.form();
    const c = client(req, form);
    if (c.id !== MF_CLIENT_ID || c.secret !== MF_CLIENT_SECRET) return oauthError(401, "invalid_client", "Client authentication failed.");
    const now = Date.now();
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = state.authCodes.get(form.get("code") ?? "");
      if (!code || code.used || code.expiresAt < now || code.redirectUri !== form.get("redirect_uri")) {
        return oauthError(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
      }
      code.used = true;
      if (code.challenge) {
        const verifier = form.get("code_verifier") ?? "";
        const computed = code.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
        if (computed !== code.challenge) return oauthError(400, "invalid_grant", "PKCE verification failed.");
      }
      return { status: 200, headers: { "cache-control": "no-store" }, json: mfIssueTokens(state, mfCreateGrant(state, code.scopes), now) };
    }
    if (grantType === "refresh_token") {
      const rt = state.refreshTokens.get(form.get("refresh_token") ?? "");
      const grant = rt ? state.grants.get(rt.grantId) : undefined;
      if (!rt || !grant || rt.used || rt.revoked || grant.revoked || rt.expiresAt < now) {
        return oauthError(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
      }
      rt.used = true;
      return { status: 200, headers: { "cache-control": "no-store" }, json: mfIssueTokens(state, grant, now) };
    }
    return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
  });

  router.post("/revoke", (req) => {
    const form = req.form();
    const c = client(req, form);
    if (c.id !== MF_CLIENT_ID || c.secret !== MF_CLIENT_SECRET) return oauthError(401, "invalid_client", "Client authentication failed.");
    const t = form.get("token") ?? "";
    const grantId = state.accessTokens.get(t)?.grantId ?? state.refreshTokens.get(t)?.grantId;
    if (grantId !== undefined) mfRevokeGrant(state, grantId);
    return { status: 200, json: {} };
  });
}
