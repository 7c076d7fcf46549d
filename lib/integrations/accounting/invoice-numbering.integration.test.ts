import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, connections } from "@/db/schema";
import type { InvoiceDraftInput } from "@/lib/integrations/accounting/types";
import { FreeeProvider } from "@/lib/integrations/freee/client";
import { openTestDb, truncateAll } from "@/test/db";
import { startFreeeEmulator, type FreeeEmulatorHandle } from "@/test/sandbox";
import { getInvoiceNumbering, invoiceNumberingStore } from "./invoice-numbering";

/**
 * freee's API cannot tell whether a company numbers its invoices by hand (手動採番: invoice_number required) or lets
 * freee number them (自動採番: invoice_number refused). The provider learns it from the refusal, posts in the other
 * mode once, and keeps the answer per connection; an admin switching the setting in freee costs one refusal.
 */
const { db, close } = openTestDb();
let freee: FreeeEmulatorHandle;
let token: string;
let connectionId: string;
let partnerId: string;

const control = async (path: string, body?: unknown) => {
  const res = await fetch(`${freee.url}${path}`, { method: body === undefined ? "GET" : "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<unknown>;
};
const invoicePosts = async () => ((await control("/_sandbox/requests?limit=500")) as { method: string; path: string; status: number }[]).filter((r) => r.method === "POST" && r.path === "/iv/invoices");
const provider = () =>
  new FreeeProvider({ tokens: { getAccessToken: async () => token, forceRefresh: async () => token }, baseUrl: freee.url, companyId: 100001, timeoutMs: 5_000, numberingStore: invoiceNumberingStore(db, connectionId) });
const draft = (ref: string): InvoiceDraftInput => ({
  ourReference: ref,
  invoiceNumber: ref,
  partnerId,
  billingDate: "2026-11-30",
  dueDate: "2026-12-31",
  subject: "2026年12月分 保守サポート",
  taxEntry: "exclusive",
  rounding: "floor",
  lines: [{ description: "保守サポート（12月分）", quantity: 1, unitPrice: 50_000, taxRate: 10 }],
});

beforeAll(async () => {
  await truncateAll(db);
  freee = await startFreeeEmulator({ port: 0, seed: { seed: 42, companies: 20, deals: 0 } });
  await control("/_sandbox/rate-limits", { enabled: false });
  token = ((await control("/_sandbox/tokens", {})) as { access_token: string }).access_token;
  const [c] = await db.insert(connections).values({ provider: "freee", authType: "oauth", externalAccountId: "100001" }).returning();
  connectionId = c!.id;
  partnerId = (await provider().listPartners(null, { pageSize: 1 })).items[0]!.id;
});
afterAll(async () => {
  await freee?.stop();
  await close();
});

describe("freee invoice numbering", () => {
  it("learns 自動採番 from freee's refusal, posts exactly once, and the next provider of the connection starts right", async () => {
    await control("/_sandbox/companies/100001/invoice-numbering", { mode: "auto" });
    expect(await getInvoiceNumbering(db, connectionId)).toBeNull();
    const before = (await control("/_sandbox/state")) as { invoices: number };

    const first = await provider().createInvoice(draft("KKH-NUM-1"));
    expect(first.invoiceNumber).toMatch(/^INV-\d+$/); // freee's number, not ours
    expect(await getInvoiceNumbering(db, connectionId)).toBe("auto");
    expect((await invoicePosts()).map((r) => r.status)).toEqual([201, 400]); // newest first: refused, then created

    const next = provider(); // a later job: loads the learned mode, no refusal this time
    const second = await next.createInvoice(draft("KKH-NUM-2"));
    expect(second.invoiceNumber).toMatch(/^INV-\d+$/);
    expect((await invoicePosts()).map((r) => r.status)).toEqual([201, 201, 400]);
    expect(((await control("/_sandbox/state")) as { invoices: number }).invoices).toBe(before.invoices + 2);

    // The exactly-once look-up finds an auto-numbered invoice by our reference (subject + memo).
    expect(await next.findInvoiceByReference("KKH-NUM-1")).toMatchObject({ providerInvoiceId: first.providerInvoiceId, invoiceNumber: first.invoiceNumber });

    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "connection.invoice_numbering_learned"));
    expect(audit).toMatchObject([{ entityType: "connection", entityId: connectionId, after: "auto" }]);
  });

  it("learns 手動採番 back when an admin switches freee to it: our reference becomes the invoice number", async () => {
    await control("/_sandbox/companies/100001/invoice-numbering", { mode: "manual" });
    const created = await provider().createInvoice(draft("KKH-NUM-3"));
    expect(created.invoiceNumber).toBe("KKH-NUM-3");
    expect(await getInvoiceNumbering(db, connectionId)).toBe("manual");
    expect((await invoicePosts()).slice(0, 2).map((r) => r.status)).toEqual([201, 400]);
  });

  it("another 400 is not a numbering refusal: one attempt, the mode stays, freee's message reaches the caller", async () => {
    const posts = (await invoicePosts()).length;
    await expect(provider().createInvoice({ ...draft("KKH-NUM-4"), partnerId: "999999999" })).rejects.toMatchObject({ code: "validation", status: 400 });
    expect((await invoicePosts()).length).toBe(posts + 1);
    expect(await getInvoiceNumbering(db, connectionId)).toBe("manual");
  });
});
