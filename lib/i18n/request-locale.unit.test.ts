import { afterEach, describe, expect, it, vi } from "vitest";

const cookieValue = vi.hoisted(() => ({ current: undefined as string | undefined | Error }));
vi.mock("next/headers", () => ({
  cookies: async () => {
    if (cookieValue.current instanceof Error) throw cookieValue.current;
    return { get: (name: string) => (name === "kakehashi-locale" && typeof cookieValue.current === "string" ? { value: cookieValue.current } : undefined) };
  },
}));

const { getRequestLocale } = await import("./request-locale");

afterEach(() => {
  cookieValue.current = undefined;
});

describe("getRequestLocale", () => {
  it("follows the language cookie", async () => {
    cookieValue.current = "en";
    expect(await getRequestLocale()).toBe("en");
    cookieValue.current = "ja";
    expect(await getRequestLocale()).toBe("ja");
  });

  it("is Japanese without a cookie or with an unknown value", async () => {
    expect(await getRequestLocale()).toBe("ja");
    cookieValue.current = "fr";
    expect(await getRequestLocale()).toBe("ja");
  });

  it("is Japanese outside a request (no request scope to read cookies from)", async () => {
    cookieValue.current = new Error("`cookies` was called outside a request scope.");
    expect(await getRequestLocale()).toBe("ja");
  });
});
