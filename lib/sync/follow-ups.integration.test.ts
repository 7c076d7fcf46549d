import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connections, crmLineItems } from "@/db/schema";
import { createLogger } from "@/lib/logger";
import { openTestDb, truncateAll } from "@/test/db";
import { DEAL_CHANGED_JOB, enqueueFollowUps, PARTNER_SYNC_JOB } from "./follow-ups";

const { db, close } = openTestDb();
afterAll(close);
beforeEach(() => truncateAll(db));

describe("follow-ups of incremental HubSpot changes", () => {
  it("a changed company goes to the partner sync; deals and line items to invoicing, once per deal", async () => {
    const [connection] = await db.insert(connections).values({ provider: "hubspot", authType: "oauth" }).returning();
    const connectionId = connection!.id;
    await db.insert(crmLineItems).values([
      { connectionId, id: "li-1", dealId: "d-2", name: "保守" },
      { connectionId, id: "li-2", dealId: "d-1", name: "研修" },
      { connectionId, id: "li-3", dealId: null, name: "単独" },
    ]);
    const sent: { name: string; payload: unknown; key?: string }[] = [];
    const result = await enqueueFollowUps(
      db,
      connectionId,
      { companies: ["c-1", "c-1"], deals: ["d-1"], lineItems: ["li-1", "li-2", "li-3"] },
      createLogger({ test: true }),
      async (name, payload, options) => {
        sent.push({ name, payload, key: options?.singletonKey });
        return "job-id";
      },
    );
    expect(result).toEqual({ partners: 1, deals: 2 });
    expect(sent.filter((s) => s.name === PARTNER_SYNC_JOB)).toEqual([{ name: PARTNER_SYNC_JOB, payload: { crmConnectionId: connectionId, companyId: "c-1" }, key: `${connectionId}:c-1` }]);
    const dealJobs = sent.filter((s) => s.name === DEAL_CHANGED_JOB).map((s) => (s.payload as { dealId: string }).dealId).sort();
    expect(dealJobs).toEqual(["d-1", "d-2"]);
  });
});
