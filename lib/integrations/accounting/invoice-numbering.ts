import "server-only";
import type { Database } from "@/db/client";
import { getSetting, putSetting } from "@/db/queries/settings";
import { recordAudit } from "@/lib/audit/record-audit";
import type { InvoiceNumbering } from "@/lib/integrations/freee/client";
import { logger } from "@/lib/logger";

const keyOf = (connectionId: string) => `freee.invoice-numbering:${connectionId}`;

/** The freee company's invoice numbering (手動採番 / 自動採番) as last learned for this connection, or null. */
export async function getInvoiceNumbering(db: Database, connectionId: string): Promise<InvoiceNumbering | null> {
  const value = await getSetting(db, keyOf(connectionId));
  return value === "manual" || value === "auto" ? value : null;
}

/**
 * Store for FreeeProvider: freee's API does not expose the company's numbering setting, so the provider learns it
 * from a refused post and the answer is kept here (audited: invoice numbers change hands between us and freee).
 */
export function invoiceNumberingStore(db: Database, connectionId: string) {
  return {
    load: () => getInvoiceNumbering(db, connectionId),
    save: async (mode: InvoiceNumbering) => {
      await db.transaction(async (tx) => {
        const before = await getSetting(tx, keyOf(connectionId));
        await putSetting(tx, keyOf(connectionId), mode, null);
        await recordAudit(tx, { actor: "system", action: "connection.invoice_numbering_learned", entityType: "connection", entityId: connectionId, before: before ?? null, after: mode });
      });
      logger.info("freee invoice numbering learned from a refused post", { connectionId, mode });
    },
  };
}
