import "server-only";
import type { DbOrTx } from "@/db/client";
import { insertAuditEntry } from "@/db/queries/audit";
import { redactValue } from "@/lib/logger";

export type AuditActor = { id: string; label: string } | "system";

/**
 * Appends one audit row. Call it inside the same transaction as the change it describes, so a rolled-back
 * change leaves no audit row and a committed one always has it. Secret-looking fields are redacted.
 */
export async function recordAudit(
  db: DbOrTx,
  input: { actor: AuditActor; action: string; entityType: string; entityId: string; before?: unknown; after?: unknown },
): Promise<void> {
  const actor = input.actor === "system" ? { id: null, label: "system" } : { id: input.actor.id, label: input.actor.label };
  await insertAuditEntry(db, {
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before === undefined ? null : redactValue(input.before),
    after: input.after === undefined ? null : redactValue(input.after),
  });
}
