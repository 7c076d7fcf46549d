/**
 * freee's error bodies, per product, as the official documents define them:
 * - accounting (`badRequestError`, `badRequestNotFoundError`, `internalServerError`, `serviceUnavailableError`):
 *   `{status_code, errors:[{type: "status"|"validation"|"error", messages:[…]}]}`, application/json;
 * - accounting 401/403 (`unauthorizedError`/`forbiddenError`): `{message, messages}`. freee lists error codes such as
 *   `expired_access_token` (40x-checkpoint page) but does not document where the code sits in the JSON; we add it as
 *   `code` next to `message` (undocumented placement: branch on the HTTP status first);
 * - accounting 429 (`tooManyRequestsError`): `{status_code: 429, meta:{limit, period, remaining, reset}}`;
 * - freee請求書 400/404/500: `{status_code, errors:[{type, messages}]}` served as application/problem+json (the IV
 *   document declares only that media type for them); 401 `unauthorizedError` {message} application/json; 403
 *   `accessDeniedError` {error, message, code} application/json.
 * OAuth errors (`/public_api/token`): RFC 6749 `{error, error_description}`; freee answers invalid_grant with 401.
 */
import type { SandboxResponse } from "../core/server";

export type Product = "accounting" | "iv";

const PROBLEM = "application/problem+json; charset=utf-8";

const STATUS_MESSAGES: Record<number, string> = {
  400: "不正なリクエストです。",
  401: "アクセストークンが無効です。",
  403: "アクセス権限がありません。",
  404: "指定されたリソースが見つかりませんでした。",
  429: "リクエスト回数制限を超えました。",
  500: "システム内で予期しないエラーが発生しました。しばらく時間をおいてから再度お試しください。",
  503: "ただいまメンテナンス中です。しばらく時間をおいてから再度お試しください。",
};

export function statusMessage(status: number): string {
  return STATUS_MESSAGES[status] ?? STATUS_MESSAGES[500] ?? "error";
}

/** 400/404/5xx with the product's body. `validation` carries the field-level explanations. */
export function errorResponse(product: Product, status: number, validation: string[] = [], headers?: Record<string, string>): SandboxResponse {
  if (product === "iv") {
    const type = status === 404 ? "not_found" : status >= 500 ? "internal_server_error" : "bad_request";
    return {
      status,
      headers: { "content-type": PROBLEM, ...(headers ?? {}) },
      json: { status_code: status, errors: [{ type, messages: validation.length > 0 ? validation : [statusMessage(status)] }] },
    };
  }
  const errors: { type: string; messages: string[] }[] = [{ type: "status", messages: [statusMessage(status)] }];
  if (validation.length > 0) errors.push({ type: "validation", messages: validation });
  return { status, json: { status_code: status, errors }, ...(headers ? { headers } : {}) };
}

export function badRequest(product: Product, ...messages: string[]): SandboxResponse {
  return errorResponse(product, 400, messages);
}

export function notFound(product: Product, what = "指定されたリソース"): SandboxResponse {
  return errorResponse(product, 404, [`${what}が見つかりませんでした。`]);
}

export function unauthorized(code: string, message: string): SandboxResponse {
  return { status: 401, json: { code, message } };
}

export function forbidden(product: Product, code: string, message: string): SandboxResponse {
  if (product === "iv") return { status: 403, json: { error: "access_denied", message, code } };
  return { status: 403, json: { code, message } };
}

export function oauthError(status: number, error: string, description: string): SandboxResponse {
  return { status, headers: { "cache-control": "no-store", pragma: "no-cache" }, json: { error, error_description: description } };
}

export const INVALID_GRANT_DESCRIPTION =
  "指定された認可グラントは不正か、有効期限切れか、取り消されています。リダイレクトURIが認可リクエストで使用されたものと一致しないか、他のクライアントに発行されています。";
