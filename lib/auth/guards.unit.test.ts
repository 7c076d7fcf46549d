import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

// The request's language comes from the locale cookie, as for pages (lib/i18n/request.ts).
let localeCookie: string | undefined;
vi.mock("next/headers", () => ({ cookies: async () => ({ get: (name: string) => (name === "kakehashi-locale" && localeCookie ? { value: localeCookie } : undefined) }) }));

const { authedAction, ActionError } = await import("./guards");
const { setSessionResolverForTests } = await import("./session");

const sales = { id: "00000000-0000-4000-8000-000000000001", email: "sales@test.local", name: "営業", roles: ["sales" as const], hubspotOwnerId: null, locale: "ja" as const };
const action = authedAction("overdue.view", z.object({ n: z.number() }), async ({ n }) => {
  if (n < 0) throw new ActionError("負の数は使えません");
  if (n === 0) throw new Error("database down");
  return n * 2;
});
const forbidden = authedAction("settings.manage", z.object({}), async () => "never");

beforeEach(() => {
  localeCookie = undefined;
  setSessionResolverForTests(async () => sales);
});
afterEach(() => setSessionResolverForTests(null));

describe("authedAction refusals", () => {
  it("are worded in the caller's language, one language at a time", async () => {
    expect(await forbidden({})).toEqual({ ok: false, error: "forbidden", message: "この操作の権限がありません" });
    expect(await action({ n: "x" })).toMatchObject({ ok: false, error: "invalid", message: "入力内容を確認してください", fieldErrors: { n: [expect.any(String)] } });
    expect(await action({ n: 0 })).toEqual({ ok: false, error: "failed", message: "処理に失敗しました" });
    localeCookie = "en";
    expect(await forbidden({})).toEqual({ ok: false, error: "forbidden", message: "You do not have permission for this action" });
    expect(await action({ n: "x" })).toMatchObject({ error: "invalid", message: "Please check the input" });
    expect(await action({ n: 0 })).toEqual({ ok: false, error: "failed", message: "The action failed" });
    setSessionResolverForTests(async () => null);
    expect(await action({ n: 1 })).toEqual({ ok: false, error: "unauthenticated", message: "Please sign in" });
  });

  it("pass a service's own refusal through as thrown, and answer the result when allowed", async () => {
    expect(await action({ n: -1 })).toEqual({ ok: false, error: "failed", message: "負の数は使えません" });
    expect(await action({ n: 2 })).toEqual({ ok: true, data: 4 });
  });
});
