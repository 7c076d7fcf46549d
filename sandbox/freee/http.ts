/**
 * Request helpers shared by the freee accounting and freee請求書 routes: bearer authentication, the company
 * (事業所) a call addresses (query for GET/DELETE, JSON body for POST/PUT, as freee requires), body parsing and
 * offset/limit paging with freee's caps.
 */
import { BodyParseError, SandboxHttpError, type SandboxRequest } from "../core/server";
import { badRequest, forbidden, unauthorized, type Product } from "./errors";
import type { CompanyRecord, FreeeState, Grant } from "./store";

export type AuthContext = { grant: Grant };

export function productOf(path: string): Product {
  return path.startsWith("/iv/") ? "iv" : "accounting";
}

/** Resolve the bearer token; throws the real 401 on missing/invalid/expired/revoked tokens. */
export function authenticate(state: FreeeState, req: SandboxRequest, now = Date.now()): AuthContext {
  const header = req.headers.authorization;
  const m = typeof header === "string" ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (!m) throw new SandboxHttpError(unauthorized("invalid_access_token", "アクセストークンが指定されていません。"));
  const t = state.accessTokens.get((m[1] ?? "").trim());
  const grant = t ? state.grants.get(t.grantId) : undefined;
  if (!t || !grant || t.revoked || grant.revoked) throw new SandboxHttpError(unauthorized("invalid_access_token", "アクセストークンが無効です。"));
  if (t.expiresAt <= now) throw new SandboxHttpError(unauthorized("expired_access_token", "アクセストークンの有効期限が切れています。リフレッシュトークンを使用してアクセストークンを再取得してください。"));
  return { grant };
}

export function jsonBody(req: SandboxRequest, product: Product): Record<string, unknown> {
  let body: unknown;
  try {
    body = req.json();
  } catch (e) {
    if (e instanceof BodyParseError) throw new SandboxHttpError(badRequest(product, "リクエストボディのJSONが不正です。"));
    throw e;
  }
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new SandboxHttpError(badRequest(product, "リクエストボディはJSONオブジェクトで指定してください。"));
  return body as Record<string, unknown>;
}

/** Best-effort company id of a request (for rate-limit accounting before routing). */
export function sniffCompanyId(req: SandboxRequest): number | null {
  const m = /^\/api\/1\/(?:taxes\/companies|companies)\/(\d+)/.exec(req.path);
  if (m) return Number(m[1]);
  const q = req.query.get("company_id");
  if (q && /^\d+$/.test(q)) return Number(q);
  if (req.method === "POST" || req.method === "PUT") {
    try {
      const b = req.json() as Record<string, unknown> | undefined;
      if (b && typeof b.company_id === "number") return b.company_id;
      if (b && typeof b.company_id === "string" && /^\d+$/.test(b.company_id)) return Number(b.company_id);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The company a call addresses. Missing → 400; unknown → 401 company_not_found (freee's code for a bad company_id);
 * a company the grant does not cover (token issued with prompt=select_company for another one) → 403.
 */
export function requireCompany(state: FreeeState, auth: AuthContext, product: Product, raw: unknown): CompanyRecord {
  if (raw === undefined || raw === null || raw === "") throw new SandboxHttpError(badRequest(product, "company_id は必須です。"));
  const id = typeof raw === "number" ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < 1) throw new SandboxHttpError(badRequest(product, "company_id は1以上の整数で指定してください。"));
  const company = state.companies.get(id);
  if (!company) throw new SandboxHttpError(unauthorized("company_not_found", "事業所が見つかりません。"));
  if (!auth.grant.companyIds.includes(id)) throw new SandboxHttpError(forbidden(product, "company_not_permitted", "指定された事業所へのアクセス権限がありません。"));
  return company;
}

export function queryCompany(state: FreeeState, req: SandboxRequest, auth: AuthContext, product: Product): CompanyRecord {
  return requireCompany(state, auth, product, req.query.get("company_id") ?? undefined);
}

export function bodyCompany(state: FreeeState, req: SandboxRequest, auth: AuthContext, product: Product, body: Record<string, unknown>): CompanyRecord {
  return requireCompany(state, auth, product, body.company_id);
}

export function intParam(req: SandboxRequest, product: Product, name: string, opts: { def: number; min: number; max: number }): number {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return opts.def;
  if (!/^-?\d+$/.test(raw)) throw new SandboxHttpError(badRequest(product, `${name} は整数で指定してください。`));
  const n = Number(raw);
  if (n < opts.min || n > opts.max) throw new SandboxHttpError(badRequest(product, `${name} は${opts.min}以上${opts.max}以下の値を指定してください。`));
  return n;
}

export function dateParam(req: SandboxRequest, product: Product, name: string): string | null {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) throw new SandboxHttpError(badRequest(product, `${name} は不正な日付フォーマットです。入力例：2019-12-17`));
  return raw;
}

export function boolParam(req: SandboxRequest, name: string): boolean | null {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return null;
  return raw === "true" || raw === "1";
}
