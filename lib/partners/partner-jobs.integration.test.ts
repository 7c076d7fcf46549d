import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActiveLink } from "@/db/queries/partners";
import { crmCompanies, users, type Connection } from "@/db/schema";
import { hubspotClientFor } from "@/lib/connections/hubspot-client";
import { saveHubSpotConnection } from "@/lib/connections/manage-connections";
import { getAccountingProvider } from "@/lib/integrations/accounting";
import { companyRow, SYNC_PROPERTIES } from "@/lib/integrations/hubspot/transform";
import { sendJob } from "@/lib/jobs/boss";
import { partnersRunMatching } from "@/lib/jobs/definitions/partners-run-matching";
import { partnersSyncCompany } from "@/lib/jobs/definitions/partners-sync-company";
import { onFinalJobFailure, type FinalFailure } from "@/lib/jobs/final-failure";
import { startWorker, type RunningWorker } from "@/lib/jobs/run-worker";
import type { JobDefinition } from "@/lib/jobs/types";
import { saveAccountingConnection } from "@/lib/sync-accounting/connect-accounting";
import { syncAccounting } from "@/lib/sync-accounting/sync-accounting";
import { startFreeeEmulator, startHubSpotEmulator } from "@/test/sandbox";
import { openTestDb, truncateAll } from "@/test/db";
import { queueMatchRun } from "./run-matching";
import { getMatchRun } from "@/db/queries/partners";
import { flagForCreation } from "./review-links";
import { PARTNER_ID_PROPERTY } from "./sync-company";

/**
 * The partner jobs through pg-boss with their production wiring (providers and the HubSpot client built from the
 * env base URLs, pointed here at the emulators): the matching run, a creation synced and written back, and an invalid
 * registration number parked as non-retryable instead of being retried.
 */

const { db, url, close } = openTestDb();
let hs: Awaited<ReturnType<typeof startHubSpotEmulator>>;
let freee: Awaited<ReturnType<typeof startFreeeEmulator>>;
let worker: RunningWorker;
let crm: Connection;
let accounting: Connection;
const failures: FinalFailure[] = [];
onFinalJobFailure(async (f) => void failures.push(f));

async function control(base: string, path: string, body?: unknown, method = "POST"): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}`);
  return res.status === 204 ? null : res.json();
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function syncCrm(): Promise<void> {
  const client = hubspotClientFor(db, crm);
  let after: string | null = null;
  do {
    const page = await client.listPage("companies", { after, properties: [...SYNC_PROPERTIES.companies] });
    const rows = page.results.map((o) => companyRow(crm.id, o, new Date()));
    if (rows.length) {
      await db
        .insert(crmCompanies)
        .values(rows)
        .onConflictDoUpdate({ target: [crmCompanies.connectionId, crmCompanies.id], set: { name: sql`excluded.name`, registrationNumber: sql`excluded.registration_number`, properties: sql`excluded.properties` } });
    }
    after = page.paging?.next?.after ?? null;
  } while (after);
}

beforeAll(async () => {
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 7, companies: 30, deals: 5 } });
  freee = await startFreeeEmulator({ port: 0, seed: { seed: 7, companies: 30, deals: 5 } });
  // Production wiring reads the base URLs from env(), first read after this point in this test file's process.
  process.env.HUBSPOT_API_BASE_URL = hs.url;
  process.env.HUBSPOT_APP_BASE_URL = hs.url;
  process.env.FREEE_API_BASE_URL = freee.url;
  process.env.FREEE_ACCOUNTS_BASE_URL = freee.url;
  await truncateAll(db);
  await db.insert(users).values({ email: "finance-jobs@example.test", name: "Finance", passwordHash: "x" });
  crm = await saveHubSpotConnection(db, { authType: "private_app", portalId: "1000001", portalName: "sandbox", accessToken: "pat-sandbox-0000", actor: "system" });
  await hubspotClientFor(db, crm)
    .request("POST", "/crm/v3/properties/companies", { body: { name: "invoice_registration_number", label: "登録番号", type: "string", fieldType: "text", groupName: "companyinformation" } })
    .catch(() => {});
  const t = (await control(freee.url, "/_sandbox/tokens")) as { access_token: string; refresh_token: string; expires_in: number };
  accounting = await saveAccountingConnection(db, { provider: "freee", externalAccountId: "100001", externalAccountName: "freee", tokens: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in }, actor: "system" });
  await syncCrm();
  await syncAccounting({ db, connection: accounting, provider: getAccountingProvider(accounting, { db }), mode: "full", objects: ["partners"] });
  worker = await startWorker({ url, definitions: [partnersRunMatching, partnersSyncCompany] as JobDefinition[], schedules: false, pollingIntervalSeconds: 0.5 });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([hs?.stop(), freee?.stop()]);
  await close();
});

describe("partner jobs", () => {
  it("runs the matching, creates a flagged partner and writes its id back; parks an invalid registration number", async () => {
    const run = await queueMatchRun(db, { crmConnectionId: crm.id, accountingConnectionId: accounting.id, actor: "system" });
    await sendJob("partners.run-matching", { runId: run.id }, { singletonKey: run.id }, worker.boss);
    const done = await waitFor("match run", async () => {
      const r = await getMatchRun(db, run.id);
      return r?.status === "done" ? r : null;
    });
    expect(done.counts).toMatchObject({ companies: 30 });

    const unmatched = (await db.execute(sql`select company_id from partner_links where decision = 'none' and status = 'suggested' limit 1`)) as unknown as { company_id: string }[];
    const companyId = unmatched[0]!.company_id;
    await flagForCreation(db, "system", { crmConnectionId: crm.id, accountingConnectionId: accounting.id, companyId });
    // A duplicate event in the same breath: the stately queue and the upsert by code keep it to one partner.
    await sendJob("partners.sync-company", { crmConnectionId: crm.id, companyId }, { singletonKey: `${crm.id}:${companyId}` }, worker.boss);
    await sendJob("partners.sync-company", { crmConnectionId: crm.id, companyId }, { singletonKey: `${crm.id}:${companyId}` }, worker.boss);
    const link = await waitFor("partner created and written back", async () => {
      const l = await getActiveLink(db, crm.id, companyId, accounting.id);
      return l?.partnerId && l.writtenBackPartnerId ? l : null;
    });
    expect([...freee.state.partners.values()].filter((p) => p.code === companyId).map((p) => String(p.id))).toEqual([link.partnerId]);
    const company = (await hubspotClientFor(db, crm).request("GET", `/crm/v3/objects/companies/${companyId}`, { query: { properties: PARTNER_ID_PROPERTY } })) as { properties: Record<string, string | null> };
    expect(company.properties[PARTNER_ID_PROPERTY]).toBe(link.partnerId);

    // A company created after the run with an invalid registration number: created on arrival is blocked, not retried.
    const created = (await hubspotClientFor(db, crm).request("POST", "/crm/v3/objects/companies", { body: { properties: { name: "株式会社ジョブ番号誤り", invoice_registration_number: "T1234567890123" } } })) as { id: string };
    await syncCrm();
    await sendJob("partners.sync-company", { crmConnectionId: crm.id, companyId: created.id }, { singletonKey: `${crm.id}:${created.id}` }, worker.boss);
    const failure = await waitFor("non-retryable failure", async () => failures.find((f) => f.jobName === "partners.sync-company"));
    expect(failure).toMatchObject({ kind: "non_retryable" });
    expect(failure.reason).toContain(`/contacts/1000001/company/${created.id}`);
    expect([...freee.state.partners.values()].some((p) => p.code === created.id)).toBe(false);
  }, 90_000);
});
