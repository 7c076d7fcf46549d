import "server-only";
import type { Database } from "@/db/client";
import { getConnection, getDraft, updateDraft } from "@/db/queries/invoicing";
import { recordAudit } from "@/lib/audit/record-audit";
import type { HubSpotClient } from "@/lib/integrations/hubspot/client";

import { loadRuleVersion } from "./load-draft";
import { hubspotClientFor } from "./providers";

/**
 * HubSpot side effects of invoicing, each its own job so that a HubSpot failure never touches posting:
 * - after posting: the invoice number and link written to deal properties (created on first use), and optionally
 *   the deal moved to the "invoiced" stage of the mapping rules;
 * - after a rejection: a task for the deal owner, associated with the deal.
 */
export const INVOICE_NUMBER_PROPERTY = "kakehashi_invoice_number";
export const INVOICE_URL_PROPERTY = "kakehashi_invoice_url";

export class WriteBackError extends Error {
  override name = "WriteBackError";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const ensuredProperties = new Set<string>();

async function ensureDealProperty(client: HubSpotClient, connectionId: string, name: string, label: string): Promise<void> {
  const key = `${connectionId}:${name}`;
  if (ensuredProperties.has(key)) return;
  try {
    await client.request("GET", `/crm/v3/properties/deals/${name}`);
  } catch (error) {
    if ((error as { status?: number }).status !== 404 && !/404|not.?found/i.test(String((error as Error).message))) throw error;
    try {
      await client.request("POST", "/crm/v3/properties/deals", {
        body: { name, label, type: "string", fieldType: "text", groupName: "dealinformation", description: "Kakehashi: 会計ソフトに登録した請求書" },
      });
    } catch (createError) {
      // 409: created meanwhile by another job — fine.
      if (!/409|exist/i.test(String((createError as Error).message)) && (createError as { status?: number }).status !== 409) throw createError;
    }
  }
  ensuredProperties.add(key);
}

export async function writeBackDeal(db: Database, draftId: string): Promise<{ written: boolean; reason?: string }> {
  const row = await getDraft(db, draftId);
  if (!row || row.status !== "posted") return { written: false, reason: `draft is ${row?.status ?? "missing"}` };
  if (row.writebackAt) return { written: false, reason: "already written back" };
  const connection = await getConnection(db, row.crmConnectionId);
  const client = connection ? await hubspotClientFor(db, connection).catch(() => null) : null;
  if (!connection || !client) {
    await updateDraft(db, draftId, { writebackError: "HubSpot クライアントが未設定のため、請求書番号を書き戻せませんでした / HubSpot client not configured" });
    throw new WriteBackError("HubSpot client not configured", false);
  }
  const { rules } = await loadRuleVersion(db, row.ruleVersionId);
  try {
    await ensureDealProperty(client, connection.id, INVOICE_NUMBER_PROPERTY, "請求書番号 (Kakehashi)");
    await ensureDealProperty(client, connection.id, INVOICE_URL_PROPERTY, "請求書URL (Kakehashi)");
    const properties: Record<string, string> = {
      [INVOICE_NUMBER_PROPERTY]: row.invoiceNumber ?? row.ourReference,
      [INVOICE_URL_PROPERTY]: row.invoiceUrl ?? "",
    };
    if (rules.invoicedStageId) properties.dealstage = rules.invoicedStageId;
    await client.request("PATCH", `/crm/v3/objects/deals/${encodeURIComponent(row.dealId)}`, { body: { properties } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await updateDraft(db, draftId, { writebackError: message });
    throw new WriteBackError(message, true);
  }
  await db.transaction(async (tx) => {
    await updateDraft(tx, draftId, { writebackAt: new Date(), writebackError: null });
    await recordAudit(tx, {
      actor: "system",
      action: "invoice_draft.written_back",
      entityType: "invoice_draft",
      entityId: draftId,
      after: { dealId: row.dealId, invoiceNumber: row.invoiceNumber, movedToStage: rules.invoicedStageId },
    });
  });
  return { written: true };
}

type TaskIntent = { ownerId: string | null; title: string; body: string; status: string; createdTaskId?: string; error?: string };

export async function createRejectionTask(db: Database, draftId: string): Promise<{ created: boolean; reason?: string }> {
  const row = await getDraft(db, draftId);
  const task = row?.hubspotTask as TaskIntent | null | undefined;
  if (!row || !task) return { created: false, reason: "no task requested" };
  if (task.createdTaskId) return { created: false, reason: "already created" };
  const connection = await getConnection(db, row.crmConnectionId);
  const client = connection ? await hubspotClientFor(db, connection).catch(() => null) : null;
  if (!client) {
    await updateDraft(db, draftId, { hubspotTask: { ...task, status: "not_sent", error: "HubSpot client not configured" } });
    throw new WriteBackError("HubSpot client not configured", false);
  }
  try {
    const created = (await client.request("POST", "/crm/v3/objects/tasks", {
      body: {
        properties: {
          hs_task_subject: task.title,
          hs_task_body: task.body,
          hs_timestamp: new Date().toISOString(),
          hs_task_status: "NOT_STARTED",
          ...(task.ownerId ? { hubspot_owner_id: task.ownerId } : {}),
        },
        // 216 = task → deal (HUBSPOT_DEFINED).
        associations: [{ to: { id: row.dealId }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 216 }] }],
      },
    })) as { id?: string };
    await updateDraft(db, draftId, { hubspotTask: { ...task, status: "created", createdTaskId: String(created?.id ?? "") } });
    return { created: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await updateDraft(db, draftId, { hubspotTask: { ...task, status: "failed", error: message } });
    throw new WriteBackError(message, true);
  }
}
