import { expect, test } from "@playwright/test";
import { PAGE_ACCESS, ROUTE_ACCESS, type Access } from "../lib/auth/access-table";
import { PERMISSIONS, ROLES, type Role } from "../lib/auth/permissions";
import { requestAs } from "./fixtures";

/**
 * Table-driven, over HTTP against the running app: every page and route handler in the access table, as every
 * role and signed out. Allowed → served; not allowed → redirected to /forbidden (pages) or 403 (routes);
 * signed out → redirected to /login (pages) or 401 (routes).
 */
const SAMPLE_ID = "00000000-0000-4000-8000-000000000000";
const concrete = (p: string) => p.replace(/\[\.\.\.[^\]]+\]/g, "session").replace(/\[[^\]]+\]/g, SAMPLE_ID);

function allowed(access: Access, role: Role | null): boolean {
  if (access === "public") return true;
  if (role === null) return false;
  if (access === "signed-in") return true;
  return (PERMISSIONS[access] as readonly Role[]).includes(role);
}

for (const role of [...ROLES, null] as const) {
  test(`pages as ${role ?? "signed out"}`, async ({ baseURL }) => {
    const api = await requestAs(baseURL!, role);
    for (const [page, access] of Object.entries(PAGE_ACCESS)) {
      if (page === "/login" || page === "/") continue; // login redirects signed-in users away; "/" redirects everyone somewhere
      const response = await api.get(concrete(page), { maxRedirects: 0 });
      const location = response.headers()["location"] ?? "";
      if (allowed(access, role)) {
        // A page with an id segment answers 404 for our made-up id — after the permission check let it through.
        if (page.includes("[")) expect([401, 403], `${role} GET ${page}`).not.toContain(response.status());
        else expect(response.status(), `${role} GET ${page}`).toBeLessThan(400);
        expect(location, `${role} GET ${page} should not be redirected away`).not.toMatch(/\/(login|forbidden)/);
      } else {
        expect([303, 307, 308], `${role} GET ${page} → ${response.status()}`).toContain(response.status());
        expect(location).toMatch(role === null ? /\/login/ : /\/forbidden/);
      }
    }
    await api.dispose();
  });

  test(`route handlers as ${role ?? "signed out"}`, async ({ baseURL }) => {
    const api = await requestAs(baseURL!, role);
    for (const [route, methods] of Object.entries(ROUTE_ACCESS)) {
      if (route.startsWith("/api/auth/")) continue; // next-auth's own endpoints
      for (const [method, access] of Object.entries(methods)) {
        if (access === "public") continue; // public routes are covered by their own specs (signatures, health)
        const response = await api.fetch(concrete(route), { method, maxRedirects: 0, data: method === "GET" ? undefined : {} });
        if (allowed(access!, role)) expect([401, 403], `${role} ${method} ${route}`).not.toContain(response.status());
        else expect(response.status(), `${role} ${method} ${route}`).toBe(role === null ? 401 : 403);
      }
    }
    await api.dispose();
  });
}
