import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "@/db/client";
import type { Connection } from "@/db/schema";
import type { AuditActor } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { FreeeProvider } from "@/lib/integrations/freee/client";
import { exchangeFreeeCode, freeeAuthorizeUrl } from "@/lib/integrations/freee/oauth";
import { MoneyForwardProvider } from "@/lib/integrations/moneyforward/client";
import { exchangeMfCode, mfAuthorizeUrl } from "@/lib/integrations/moneyforward/oauth";
import { saveAccountingConnection } from "./connect-accounting";

export type AccountingOAuthProvider = "freee" | "moneyforward";

/** Cookie holding the OAuth `state` between the redirect and the callback (CSRF protection), per provider. */
export const accountingStateCookie = (p: AccountingOAuthProvider) => `kakehashi_${p === "freee" ? "freee" : "mf"}_oauth_state`;

export function accountingRedirectUri(p: AccountingOAuthProvider): string {
  return new URL(`/api/oauth/${p}/callback`, env().APP_BASE_URL).toString();
}

/**
 * freee: `prompt=select_company` makes freee show its company picker, and the token then reaches only the chosen
 * company (api-freee.md §1 "Company selection"). MF: the user picks the office (事業者) on MF's consent screen;
 * one token = one office.
 */
export function startAccountingOAuth(p: AccountingOAuthProvider): { url: string; state: string } {
  const state = randomBytes(24).toString("base64url");
  const redirectUri = accountingRedirectUri(p);
  return { url: p === "freee" ? freeeAuthorizeUrl({ state, redirectUri }) : mfAuthorizeUrl({ state, redirectUri }), state };
}

export function accountingStateMatches(expected: string | undefined, given: string | null): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Callback: exchange the code, learn the company / office with the new token, store the connection encrypted. */
export async function completeAccountingOAuth(db: Database, p: AccountingOAuthProvider, { code, actor }: { code: string; actor: AuditActor }): Promise<Connection> {
  const redirectUri = accountingRedirectUri(p);
  const e = env();
  if (p === "freee") {
    const tokens = await exchangeFreeeCode({ code, redirectUri });
    if (!tokens.companyId) throw new Error("freee did not return a company_id: prompt=select_company is required");
    const probe = new FreeeProvider({ baseUrl: e.FREEE_API_BASE_URL, companyId: Number(tokens.companyId), tokens: staticTokens(tokens.accessToken) });
    const check = await probe.checkConnection();
    if (!check.ok) throw check.error;
    return saveAccountingConnection(db, { provider: "freee", externalAccountId: tokens.companyId, externalAccountName: check.accountName, tokens, actor });
  }
  const tokens = await exchangeMfCode({ code, redirectUri });
  const probe = new MoneyForwardProvider({ baseUrl: e.MF_API_BASE_URL, officeId: "", tokens: staticTokens(tokens.accessToken) });
  const check = await probe.checkConnection();
  if (!check.ok) throw check.error;
  return saveAccountingConnection(db, { provider: "moneyforward", externalAccountId: check.accountId, externalAccountName: check.accountName, tokens, actor });
}

/** A token source for the one probe call made with a just-issued token (nothing to refresh yet). */
function staticTokens(token: string) {
  return {
    getAccessToken: async () => token,
    forceRefresh: async () => token,
  };
}
