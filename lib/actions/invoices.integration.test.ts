import { afterAll, describe, expect, it } from "vitest";
import { setSessionResolverForTests } from "@/lib/auth/session";
import { openTestDb } from "@/test/db";
import { editDraftAction } from "./invoices";

/**
 * The edit action's input schema is parsed for real (every edit variant), which a schema that only fails on its
 * first use — like a discriminated union with duplicate keys — would not survive.
 */
const { close } = openTestDb();
afterAll(async () => {
  setSessionResolverForTests(null);
  await close();
});

const missingDraft = "00000000-0000-4000-8000-00000000beef";

describe("editDraftAction input", () => {
  it.each([
    { target: "line", lineKey: "l1", field: "quantity", value: "4" },
    { target: "line", lineKey: "l1", field: "name", value: "保守サポート" },
    { target: "line", lineKey: "l1", field: "unitPrice", value: "11000" },
    { target: "line", lineKey: "l1", field: "taxRate", value: "8" },
    { target: "draft", field: "dueDate", value: "2026-12-31" },
    { target: "line_removed", lineKey: "l1" },
  ])("accepts %o and reaches the service", async (edit) => {
    setSessionResolverForTests(async () => ({ id: "00000000-0000-4000-8000-000000000002", email: "finance@test.local", name: "経理", roles: ["finance"], hubspotOwnerId: null, locale: "ja" }));
    const result = await editDraftAction({ draftId: missingDraft, edit });
    expect(result).toMatchObject({ ok: false, error: "failed" });
    expect(result.ok ? "" : result.message).toMatch(/not found|見つかりません/i);
  });

  it("rejects a malformed edit as invalid input", async () => {
    const result = await editDraftAction({ draftId: missingDraft, edit: { target: "line", lineKey: "l1", field: "quantity", value: "-2" } });
    expect(result).toMatchObject({ ok: false, error: "invalid" });
    // A key of invoices.fieldErrors: the screen words it in its own language.
    expect(result.ok ? [] : Object.values(result.fieldErrors ?? {}).flat()).toContain("quantityPositive");
  });
});
