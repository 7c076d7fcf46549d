import { AccountingError } from "@/lib/integrations/accounting/errors";
import { PartnerSyncBlockedError, syncCompany } from "@/lib/partners/sync-company";
import { NonRetryableJobError } from "../errors";
import type { JobHandler } from "../types";

const handler: JobHandler<{ crmConnectionId: string; companyId: string }> = async (payload, { db, log }) => {
  try {
    const outcomes = await syncCompany(db, payload);
    log.info("partner sync", { ...payload, outcomes });
    return outcomes;
  } catch (error) {
    // Data a person must fix (invalid registration number, missing code) or a request the provider refused as
    // invalid: retrying cannot help. The reason is on the link and shown on the partners screen.
    if (error instanceof PartnerSyncBlockedError) throw new NonRetryableJobError(error.message);
    if (error instanceof AccountingError && !error.retryable && error.code === "validation") throw new NonRetryableJobError(error.message);
    throw error;
  }
};

export default handler;
