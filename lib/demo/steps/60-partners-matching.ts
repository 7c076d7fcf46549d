import type { Database } from "@/db/client";

/**
 * Demo step (lib/demo/prepare-demo.ts hook), after HubSpot and the accounting product are connected and synced: the
 * initial 名寄せ run, so the partners screen opens with suggestions to review. Nothing is confirmed here — that is
 * finance's decision on the screen. Never throws: logs and returns.
 */
export default async function runPartnerMatching(db: Database, log: (message: string) => void): Promise<void> {
  try {
    const { listActiveConnections } = await import("@/db/queries/partners");
    const { queueMatchRun, runMatching } = await import("@/lib/partners/run-matching");
    const active = await listActiveConnections(db);
    const crm = active.find((c) => c.provider === "hubspot");
    const accounting = active.filter((c) => c.provider === "freee" || c.provider === "moneyforward");
    if (!crm || accounting.length === 0) {
      log("prepare-demo: partner matching skipped (HubSpot or the accounting product is not connected)");
      return;
    }
    for (const connection of accounting) {
      const run = await queueMatchRun(db, { crmConnectionId: crm.id, accountingConnectionId: connection.id, actor: "system" });
      const counts = await runMatching(db, run.id);
      log(`prepare-demo: partner matching (${connection.provider}) — companies ${counts.companies}, partners ${counts.partners}: auto ${counts.auto}, review ${counts.review}, none ${counts.none} in ${counts.durationMs} ms`);
    }
  } catch (error) {
    log(`prepare-demo: partner matching failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
