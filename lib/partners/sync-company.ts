import "server-only";
import type { Database } from "@/db/client";
import { getActiveLink, getCompany, getConnectionRow, getPartner, latestMatchRun, listActiveConnections, listPartnersForMatching, insertLinks, listLinks, updateLink } from "@/db/queries/partners";
import type { Connection, PartnerLink, PartnerSnapshotJson } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { AccountingError, getAccountingProvider, type AccountingPartner, type AccountingProvider, type PartnerInput } from "@/lib/integrations/accounting";
import type { HubSpotClient } from "@/lib/integrations/hubspot/client";
import { matchCompanies } from "@/lib/matching/match-companies";
import { ALL_FIELDS, checkRegistrationNumber, desiredFields, diffFields, joinAddress, splitAddress, type PartnerFields } from "./partner-fields";
import { flagForCreation } from "./review-links";
import { syncErrors } from "./sync-errors";
import { methodOf } from "./run-matching";

/**
 * Ongoing partner sync: a HubSpot company created or changed → its accounting partner upserted (CRM is the master
 * for name, address, phone, contact and registration number), then the partner id written back to HubSpot.
 *
 * Idempotency (pg-boss delivers at least once; HubSpot sends duplicate events; a write can commit and then time out):
 * - the link is checked first: a company whose partner exists is only ever UPDATED, by that partner's code;
 * - a partner to create is upserted by code = the HubSpot company id. freee's upsert_by_code is idempotent on the code;
 *   the MF provider looks the code up before it creates. So a retry after a commit-then-timeout finds the partner
 *   committed by the lost response instead of creating a second one;
 * - the job runs one-at-a-time per company (stately queue, singleton key), so two events never race a creation.
 *
 * Only companies with a confirmed link (or flagged for creation) are synced. A company that took part in the
 * migration run and is still unmatched waits for the review screen. A company that appears after the run is matched
 * on arrival: identifier / exact name → linked, a doubtful name → queued for review, nothing close → created.
 */

export const PARTNER_ID_PROPERTY = "kakehashi_partner_id";

export type PartnerSyncDeps = {
  accountingProvider?: (connection: Connection) => AccountingProvider;
  hubspotClient?: (connection: Connection) => HubSpotClient | Promise<HubSpotClient>;
};

export type CompanySyncOutcome =
  | { accountingConnectionId: string; status: "synced"; partnerId: string; created: boolean; overwritten: string[]; writtenBack: boolean }
  | { accountingConnectionId: string; status: "waiting_review" | "skipped"; reason: string }
  | { accountingConnectionId: string; status: "blocked"; reason: string };

/** A sync that cannot succeed by retrying (invalid registration number, missing code): shown on the review screen. */
export class PartnerSyncBlockedError extends Error {
  override name = "PartnerSyncBlockedError";
}

/** The company's record in HubSpot, where a person fixes a registration number. */
export function hubspotCompanyUrl(portalId: string | null | undefined, companyId: string): string {
  return `${env().HUBSPOT_APP_BASE_URL.replace(/\/$/, "")}/contacts/${portalId ?? "0"}/company/${encodeURIComponent(companyId)}`;
}

export function registrationBlockMessage(input: string, reason: string, url: string): string {
  return syncErrors.format("registrationInvalid", { input, reason, url });
}

export async function syncCompany(db: Database, payload: { crmConnectionId: string; companyId: string }, deps: PartnerSyncDeps = {}): Promise<CompanySyncOutcome[]> {
  const crm = await getConnectionRow(db, payload.crmConnectionId);
  if (!crm || crm.provider !== "hubspot" || crm.status !== "active") return [];
  const accounting = (await listActiveConnections(db)).filter((c) => c.provider === "freee" || c.provider === "moneyforward");
  const outcomes: CompanySyncOutcome[] = [];
  for (const connection of accounting) outcomes.push(await syncCompanyTo(db, crm, connection, payload.companyId, deps));
  return outcomes;
}

async function resolveLink(db: Database, crm: Connection, accounting: Connection, companyId: string, company: { name: string | null; corporateNumber: string | null; registrationNumber: string | null }): Promise<PartnerLink | CompanySyncOutcome> {
  const active = await getActiveLink(db, crm.id, companyId, accounting.id);
  if (active?.status === "confirmed") return active;
  const waiting = { accountingConnectionId: accounting.id, status: "waiting_review" as const };
  if (active) return { ...waiting, reason: "名寄せの確認待ちです / waiting for review on the partners screen" };
  const history = await listLinks(db, crm.id, accounting.id, ["rejected"]);
  if (history.some((l) => l.companyId === companyId)) return { ...waiting, reason: "候補が却下されました。取引先を選ぶか新規作成してください / suggestion rejected: pick a partner or create one" };
  if (!(await latestMatchRun(db, crm.id, accounting.id, "done"))) {
    return { ...waiting, reason: "初回の名寄せが未実行です / the initial matching run has not been done yet" };
  }
  // Arrived after the migration run: match this one company now.
  const confirmed = await listLinks(db, crm.id, accounting.id, ["confirmed"]);
  const taken = new Set(confirmed.map((l) => l.partnerId));
  const partners = (await listPartnersForMatching(db, accounting.id)).filter((p) => !taken.has(p.id));
  const [match] = matchCompanies([{ id: companyId, name: company.name ?? "", corporateNumber: company.corporateNumber ?? company.registrationNumber }], partners, { maxCandidates: 5 });
  if (!match || match.decision === "none") return flagForCreation(db, "system", { crmConnectionId: crm.id, accountingConnectionId: accounting.id, companyId });
  const [row] = await insertLinks(db, [
    {
      crmConnectionId: crm.id,
      companyId,
      accountingConnectionId: accounting.id,
      partnerId: match.partnerId,
      decision: match.decision,
      method: methodOf(match),
      confidence: match.confidence,
      status: match.decision === "auto" ? "confirmed" : "suggested",
      reasons: match.reasons,
      candidates: match.candidates ?? [],
      decidedAt: match.decision === "auto" ? new Date() : null,
    },
  ]);
  await recordAudit(db, { actor: "system", action: match.decision === "auto" ? "partner_link.auto_linked" : "partner_link.suggested", entityType: "partner_link", entityId: row!.id, after: { companyId, partnerId: match.partnerId, confidence: match.confidence, reasons: match.reasons } });
  if (match.decision !== "auto") return { ...waiting, reason: "新しい会社に近い取引先があります。確認してください / a similar partner exists: review it" };
  return row!;
}

function remoteFields(p: AccountingPartner): PartnerFields {
  return { name: p.name, address: joinAddress(p.address), phone: p.phone, contactName: p.contactName, registrationNumber: p.registrationNumber };
}

async function syncCompanyTo(db: Database, crm: Connection, accounting: Connection, companyId: string, deps: PartnerSyncDeps): Promise<CompanySyncOutcome> {
  const company = await getCompany(db, crm.id, companyId);
  if (!company) return { accountingConnectionId: accounting.id, status: "skipped", reason: "company not in the CRM mirror yet" };
  if (company.archivedAt || company.mergedIntoId) return { accountingConnectionId: accounting.id, status: "skipped", reason: "company archived or merged in HubSpot" };
  const resolved = await resolveLink(db, crm, accounting, companyId, company);
  if (!("id" in resolved)) return resolved;
  let link = resolved;

  const registration = checkRegistrationNumber(company.registrationNumber);
  if (!registration.ok) {
    const message = registrationBlockMessage(registration.input, registration.reason, hubspotCompanyUrl(crm.externalAccountId, companyId));
    if (link.syncError !== message) {
      await db.transaction(async (tx) => {
        await updateLink(tx, link.id, { syncError: message });
        await recordAudit(tx, { actor: "system", action: "partner.sync_blocked", entityType: "partner_link", entityId: link.id, after: { companyId, registrationNumber: registration.input, reason: registration.reason } });
      });
    }
    throw new PartnerSyncBlockedError(message);
  }

  const provider = (deps.accountingProvider ?? ((c) => getAccountingProvider(c, { db })))(accounting);
  const desired = desiredFields(company, registration.value);
  // What the provider overwrites on an upsert: MF's partner update carries the name only (address, phone and
  // contact live on its departments), and MF has no field for a customer's registration number.
  const writable: readonly (keyof PartnerFields)[] = accounting.provider === "moneyforward" ? ["name"] : ALL_FIELDS;

  // The code the partner is upserted by: ours (the company id) for partners we create, the existing partner's own
  // code for a partner linked by matching — upserting such a partner by the company id would create a duplicate.
  let remote: AccountingPartner | null = null;
  if (link.partnerId) {
    remote = await provider.getPartner(link.partnerId);
    if (!remote) {
      const message = syncErrors.format("partnerMissing", { partnerId: link.partnerId });
      await updateLink(db, link.id, { syncError: message });
      throw new PartnerSyncBlockedError(message);
    }
  }
  const code = link.partnerCode ?? (link.partnerId ? (remote?.code ?? (await getPartner(db, accounting.id, link.partnerId))?.code ?? null) : companyId);
  if (!code) {
    const message = syncErrors.format("partnerWithoutCode", { name: remote?.name ?? String(link.partnerId), partnerId: String(link.partnerId) });
    await updateLink(db, link.id, { syncError: message });
    throw new PartnerSyncBlockedError(message);
  }
  if (link.partnerCode !== code) link = (await updateLink(db, link.id, { partnerCode: code }))!;

  const changes = remote ? diffFields(desired, remoteFields(remote), link.syncedSnapshot ?? null, writable) : [];
  const upToDate = remote !== null && changes.length === 0 && link.lastSyncedAt !== null;
  let partnerId = link.partnerId;
  let created = false;
  if (!upToDate) {
    const address = splitAddress(desired.address);
    const input: PartnerInput = {
      code,
      name: desired.name,
      registrationNumber: desired.registrationNumber,
      address,
      phone: desired.phone,
      contactName: desired.contactName,
      title: "御中",
    };
    const result = await provider.upsertPartner(input).catch(async (error: unknown) => {
      // A refusal a retry cannot fix (validation, 取引先コード turned off…) is shown on the partners screen.
      if (error instanceof AccountingError && !error.retryable) {
        await updateLink(db, link.id, { syncError: syncErrors.format("refused", { detail: error.message }) });
      }
      throw error;
    });
    if (link.partnerId && result.partnerId !== link.partnerId) {
      const message = syncErrors.format("codeMismatch", { code, otherPartnerId: result.partnerId, partnerId: link.partnerId });
      await updateLink(db, link.id, { syncError: message });
      throw new PartnerSyncBlockedError(message);
    }
    created = !link.partnerId;
    partnerId = result.partnerId;
    const snapshot: PartnerSnapshotJson = desired;
    const overwrites = changes.filter((c) => c.accountingEdit);
    const crmChanges = changes.filter((c) => !c.accountingEdit);
    await db.transaction(async (tx) => {
      link = (await updateLink(tx, link.id, { partnerId, departmentId: result.departmentId ?? link.departmentId, syncedSnapshot: snapshot, lastSyncedAt: new Date(), syncError: null }))!;
      const entityId = `${accounting.id}:${partnerId}`;
      if (created) {
        await recordAudit(tx, { actor: "system", action: "partner.created", entityType: "accounting_partner", entityId, after: { companyId, code, ...desired } });
      }
      if (overwrites.length > 0) {
        // Accounting-side edits of CRM-mastered fields: overwritten, and the old values kept here.
        await recordAudit(tx, {
          actor: "system",
          action: "partner.overwritten",
          entityType: "accounting_partner",
          entityId,
          before: Object.fromEntries(overwrites.map((c) => [c.field, c.remote])),
          after: Object.fromEntries(overwrites.map((c) => [c.field, c.desired])),
        });
      }
      if (crmChanges.length > 0) {
        await recordAudit(tx, { actor: "system", action: "partner.updated", entityType: "accounting_partner", entityId, before: Object.fromEntries(crmChanges.map((c) => [c.field, c.remote])), after: Object.fromEntries(crmChanges.map((c) => [c.field, c.desired])) });
      }
    });
  }

  if (upToDate && link.syncError) link = (await updateLink(db, link.id, { syncError: null }))!;

  let writtenBack = false;
  // The mirror carries the property only if the HubSpot sync reads it; when it does, a value changed in HubSpot is
  // put back too.
  const props = company.properties ?? {};
  if (partnerId && (link.writtenBackPartnerId !== partnerId || (PARTNER_ID_PROPERTY in props && props[PARTNER_ID_PROPERTY] !== partnerId))) {
    const client = await (deps.hubspotClient ?? defaultHubSpotClient(db))(crm);
    await writePartnerIdToHubSpot(client, crm.id, companyId, partnerId);
    link = (await updateLink(db, link.id, { writtenBackPartnerId: partnerId }))!;
    writtenBack = true;
  }
  return { accountingConnectionId: accounting.id, status: "synced", partnerId: partnerId!, created, overwritten: changes.filter((c) => c.accountingEdit).map((c) => c.field), writtenBack };
}

function defaultHubSpotClient(db: Database) {
  return async (connection: Connection) => {
    const { hubspotClientFor } = await import("@/lib/connections/hubspot-client");
    return hubspotClientFor(db, connection);
  };
}

const ensuredProperties = new Set<string>();

/** Creates the company property on first use (409 = another job created it meanwhile). */
export async function ensurePartnerIdProperty(client: HubSpotClient, connectionId: string): Promise<void> {
  const key = `${connectionId}:${client.baseUrl}`;
  if (ensuredProperties.has(key)) return;
  try {
    await client.request("GET", `/crm/v3/properties/companies/${PARTNER_ID_PROPERTY}`);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    try {
      await client.request("POST", "/crm/v3/properties/companies", {
        body: {
          name: PARTNER_ID_PROPERTY,
          label: "会計ソフト取引先ID (Kakehashi)",
          type: "string",
          fieldType: "text",
          groupName: "companyinformation",
          description: "Kakehashi: the partner id of this company in freee / Money Forward",
        },
      });
    } catch (createError) {
      if ((createError as { status?: number }).status !== 409) throw createError;
    }
  }
  ensuredProperties.add(key);
}

export async function writePartnerIdToHubSpot(client: HubSpotClient, connectionId: string, companyId: string, partnerId: string): Promise<void> {
  await ensurePartnerIdProperty(client, connectionId);
  await client.request("PATCH", `/crm/v3/objects/companies/${encodeURIComponent(companyId)}`, { body: { properties: { [PARTNER_ID_PROPERTY]: partnerId } } });
}
