import { readFileSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/demo/demo-users";
import type { Role } from "../lib/auth/permissions";

export type E2eState = { databaseUrl: string; appUrl: string; sandbox: { hubspot: string; freee: string; mf: string } };

export function e2eState(): E2eState {
  return JSON.parse(readFileSync(path.resolve("e2e/.state.json"), "utf8")) as E2eState;
}

export function demoUser(role: Role): { email: string; password: string } {
  const user = DEMO_USERS.find((u) => u.roles.includes(role));
  if (!user) throw new Error(`no demo user with role ${role}`);
  return { email: user.email, password: DEMO_PASSWORD };
}

/** Signs in through next-auth's credentials endpoint (not the form): fast and independent of the UI. */
export async function apiSignIn(context: APIRequestContext, role: Role): Promise<void> {
  const { email, password } = demoUser(role);
  const csrf = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  if (![200, 302, 303].includes(response.status())) throw new Error(`sign-in as ${role} failed: ${response.status()}`);
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { id?: string } } | null;
  if (!session?.user?.id) throw new Error(`sign-in as ${role} produced no session`);
}

export async function requestAs(baseURL: string, role: Role | null): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  if (role) await apiSignIn(context, role);
  return context;
}

/** A browser context already signed in as the role (cookies copied from an API sign-in). */
export async function browserAs(browser: Browser, baseURL: string, role: Role): Promise<BrowserContext> {
  const api = await requestAs(baseURL, role);
  const storageState = await api.storageState();
  await api.dispose();
  return browser.newContext({ baseURL, storageState, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
}
