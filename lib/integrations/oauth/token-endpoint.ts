import "server-only";
import { z } from "zod";
import { AccountingError, ReauthorizationRequiredError } from "@/lib/integrations/accounting/errors";
import type { IntegrationProvider } from "@/lib/integrations/errors";
import type { IssuedTokens } from "./token-source";

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  scope: z.string().nullish(),
  company_id: z.union([z.string(), z.number()]).nullish(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

const oauthErrorBody = z.looseObject({ error: z.string().nullish(), error_description: z.string().nullish() });

/**
 * POST to an OAuth 2.0 token endpoint (RFC 6749 §4.1.3 / §6), form-encoded with client credentials in the body —
 * freee documents that; MF accepts client_secret_post too (api-moneyforward.md §2). `invalid_grant` (expired,
 * reused or revoked refresh token) → ReauthorizationRequiredError; anything else is retryable. Never retried here:
 * a refresh token is single-use, so a retry after a lost answer would replay it (the caller decides).
 */
export async function postTokenEndpoint(options: {
  provider: IntegrationProvider;
  url: string;
  params: Record<string, string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<{ tokens: IssuedTokens; raw: TokenResponse }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000);
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(options.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(options.params).toString(),
      signal: controller.signal,
    });
    text = await response.text();
  } catch (cause) {
    throw new AccountingError({ provider: options.provider, code: controller.signal.aborted ? "timeout" : "network", message: `${options.provider} token endpoint unreachable`, retryable: true, cause });
  } finally {
    clearTimeout(timer);
  }
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const err = oauthErrorBody.safeParse(body);
    const code = err.success ? err.data.error : null;
    const description = err.success ? (err.data.error_description ?? "") : "";
    if (code === "invalid_grant" || code === "unauthorized_client") throw new ReauthorizationRequiredError(`${options.provider} token endpoint: ${code}${description ? ` (${description})` : ""}`, undefined, options.provider);
    if (code === "invalid_client") {
      throw new AccountingError({ provider: options.provider, code: "forbidden", status: response.status, message: `${options.provider} token endpoint: invalid_client (check the client id and secret)` });
    }
    throw new AccountingError({ provider: options.provider, code: response.status === 429 ? "rate_limited" : "server", status: response.status, retryable: true, message: `${options.provider} token endpoint: HTTP ${response.status}` });
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) throw new AccountingError({ provider: options.provider, code: "invalid_response", status: response.status, message: `${options.provider} token endpoint: unexpected response` });
  return {
    raw: parsed.data,
    tokens: {
      accessToken: parsed.data.access_token,
      refreshToken: parsed.data.refresh_token,
      expiresIn: parsed.data.expires_in,
      scopes: parsed.data.scope ? parsed.data.scope.split(/\s+/).filter(Boolean) : null,
    },
  };
}
