/**
 * freee OAuth 2.0 (accounts.secure.freee.co.jp, served on the emulator's own port):
 * - `GET /public_api/authorize?response_type=code&client_id&redirect_uri&state&prompt=select_company` shows a company
 *   picker (an HTML form). Sandbox shortcut: `&company_id=100001` approves at once and redirects with the code.
 *   The form posts to `POST /public_api/authorize` (emulator-only) which redirects the same way.
 * - `POST /public_api/token` (form-encoded; client credentials in the body or HTTP Basic): `authorization_code`
 *   (codes live 10 min, single use, redirect_uri must match) and `refresh_token` (single use and rotating: the
 *   response carries a NEW refresh token, the old one and the previous access token stop working). Access tokens
 *   live 6 h (`expires_in: 21600`), refresh tokens 90 days. Bad/reused/expired/revoked grants → 401 invalid_grant.
 * - `POST /public_api/revoke` `token=<access or refresh>` revokes the whole grant.
 * With prompt=select_company the token reaches only the chosen company (`company_id` in the token response);
 * without it, all of the user's companies (deprecated mode, kept for fidelity).
 * redirect_uri: any http(s) URL is accepted (a real app registers its own; the sandbox cannot know the app's port).
 */
import { randomBytes } from "node:crypto";
import type { Router, SandboxRequest, SandboxResponse } from "../core/server";
import { INVALID_GRANT_DESCRIPTION, oauthError } from "./errors";
import { nextId, type FreeeState, type Grant } from "./store";

export const FREEE_CLIENT_ID = "kakehashi-sandbox-client";
export const FREEE_CLIENT_SECRET = "kakehashi-sandbox-secret";
export const ACCESS_TOKEN_TTL_S = 6 * 3600;
export const REFRESH_TOKEN_TTL_MS = 90 * 86_400_000;
const CODE_TTL_MS = 10 * 60_000;

const token = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;

export type IssuedTokens = {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
  company_id?: string;
  external_cid?: string;
};

export function issueTokens(state: FreeeState, grant: Grant, now = Date.now()): IssuedTokens {
  const access = token("fa_");
  const refresh = token("fr_");
  state.accessTokens.set(access, { token: access, grantId: grant.id, expiresAt: now + ACCESS_TOKEN_TTL_S * 1000, revoked: false });
  state.refreshTokens.set(refresh, { token: refresh, grantId: grant.id, expiresAt: now + REFRESH_TOKEN_TTL_MS, used: false, revoked: false });
  const out: IssuedTokens = { access_token: access, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S, refresh_token: refresh, scope: "read write" };
  if (grant.selectedCompanyId !== null) {
    out.company_id = String(grant.selectedCompanyId);
    out.external_cid = `ext-${grant.selectedCompanyId}`;
  }
  return out;
}

export function createGrant(state: FreeeState, companyIds: number[], selectedCompanyId: number | null): Grant {
  const grant: Grant = { id: nextId(state, "grant"), clientId: FREEE_CLIENT_ID, companyIds, selectedCompanyId, revoked: false };
  state.grants.set(grant.id, grant);
  return grant;
}

export function revokeGrant(state: FreeeState, grantId: number): void {
  const g = state.grants.get(grantId);
  if (g) g.revoked = true;
  for (const a of state.accessTokens.values()) if (a.grantId === grantId) a.revoked = true;
  for (const r of state.refreshTokens.values()) if (r.grantId === grantId) r.revoked = true;
}

function clientCredentials(req: SandboxRequest, form: URLSearchParams): { id: string | null; secret: string | null } {
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.toLowerCase().startsWith("basic ")) {
    const [id, secret] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":");
    return { id: id ?? null, secret: secret ?? null };
  }
  return { id: form.get("client_id"), secret: form.get("client_secret") };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

function htmlPage(status: number, title: string, body: string): SandboxResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">${body}</body></html>`,
  };
}

function validRedirect(uri: string | null): uri is string {
  if (!uri) return false;
  try {
    const u = new URL(uri);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function approve(state: FreeeState, q: URLSearchParams, companyId: number | null): SandboxResponse {
  const redirectUri = q.get("redirect_uri") as string;
  const selected = q.get("prompt") === "select_company";
  const all = [...state.companies.keys()];
  if (companyId !== null && !state.companies.has(companyId)) return htmlPage(400, "エラー", `<p>事業所 ${companyId} は存在しません。</p>`);
  const chosen = companyId ?? all[0] ?? null;
  const code = token("fc_");
  state.authCodes.set(code, {
    code,
    clientId: q.get("client_id") as string,
    redirectUri,
    companyIds: selected && chosen !== null ? [chosen] : all,
    selectedCompanyId: selected ? chosen : null,
    expiresAt: Date.now() + CODE_TTL_MS,
    used: false,
  });
  const target = new URL(redirectUri);
  target.searchParams.set("code", code);
  const st = q.get("state");
  if (st !== null) target.searchParams.set("state", st);
  return { status: 302, headers: { location: target.toString() } };
}

export function registerOAuthRoutes(router: Router, state: FreeeState): void {
  const authorize = (q: URLSearchParams): SandboxResponse => {
    if (q.get("client_id") !== FREEE_CLIENT_ID) return htmlPage(400, "エラー", "<p>クライアントIDが不正です。</p>");
    if (q.get("response_type") !== "code") return htmlPage(400, "エラー", "<p>response_type は code を指定してください。</p>");
    const redirect = q.get("redirect_uri");
    if (!validRedirect(redirect)) return htmlPage(400, "エラー", "<p>redirect_uri が不正です。</p>");
    const cid = q.get("company_id");
    if (cid) return approve(state, q, Number(cid));
    if (q.get("prompt") !== "select_company") return approve(state, q, null);
    const hidden = [...q.entries()].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
    const options = [...state.companies.values()]
      .map((c, i) => `<label style="display:block;margin:.5rem 0"><input type="radio" name="company_id" value="${c.id}"${i === 0 ? " checked" : ""}> ${escapeHtml(c.display_name)} (ID ${c.id})</label>`)
      .join("");
    return htmlPage(
      200,
      "事業所の選択 - freee (sandbox)",
      `<h1>事業所の選択</h1><p>アプリ「Kakehashi」と連携する事業所を選択してください。</p><form method="post" action="/public_api/authorize">${hidden}${options}<button type="submit" name="approve" value="1">許可する</button></form>`,
    );
  };
  router.get("/public_api/authorize", (req) => authorize(req.query));
  router.post("/public_api/authorize", (req) => authorize(req.form()));

  router.post("/public_api/token", (req) => {
    const form = req.form();
    const client = clientCredentials(req, form);
    if (client.id !== FREEE_CLIENT_ID || client.secret !== FREEE_CLIENT_SECRET) {
      return oauthError(401, "invalid_client", "クライアント認証に失敗しました。不明なクライアントであるか、クライアント認証情報が含まれていないか、サポートされていない認証方式です。");
    }
    const grantType = form.get("grant_type");
    const now = Date.now();
    if (grantType === "authorization_code") {
      const code = state.authCodes.get(form.get("code") ?? "");
      if (!code || code.used || code.expiresAt < now || code.redirectUri !== form.get("redirect_uri")) {
        if (code) code.used = true;
        return oauthError(401, "invalid_grant", INVALID_GRANT_DESCRIPTION);
      }
      code.used = true;
      const grant = createGrant(state, code.companyIds, code.selectedCompanyId);
      return { status: 200, headers: { "cache-control": "no-store", pragma: "no-cache" }, json: issueTokens(state, grant, now) };
    }
    if (grantType === "refresh_token") {
      const rt = state.refreshTokens.get(form.get("refresh_token") ?? "");
      const grant = rt ? state.grants.get(rt.grantId) : undefined;
      if (!rt || !grant || rt.used || rt.revoked || grant.revoked || rt.expiresAt < now) {
        return oauthError(401, "invalid_grant", INVALID_GRANT_DESCRIPTION);
      }
      rt.used = true;
      // Refreshing also invalidates the grant's previous access tokens (freee token_lifetime FAQ).
      for (const a of state.accessTokens.values()) if (a.grantId === grant.id) a.revoked = true;
      return { status: 200, headers: { "cache-control": "no-store", pragma: "no-cache" }, json: issueTokens(state, grant, now) };
    }
    return oauthError(400, "unsupported_grant_type", "認可グラントタイプは認可サーバーでサポートされていません。");
  });

  router.post("/public_api/revoke", (req) => {
    const form = req.form();
    const client = clientCredentials(req, form);
    if (client.id !== FREEE_CLIENT_ID || client.secret !== FREEE_CLIENT_SECRET) {
      return oauthError(401, "invalid_client", "クライアント認証に失敗しました。");
    }
    const t = form.get("token") ?? "";
    const grantId = state.accessTokens.get(t)?.grantId ?? state.refreshTokens.get(t)?.grantId;
    // RFC 7009: unknown tokens are not an error.
    if (grantId !== undefined) revokeGrant(state, grantId);
    return { status: 200, json: {} };
  });
}
