import { ensureInvoicingProviders } from "@/lib/invoicing/default-providers";
import { createRejectionTask, WriteBackError } from "@/lib/invoicing/write-back-deal";
import { NonRetryableJobError } from "../errors";
import type { JobHandler } from "../types";

const handler: JobHandler<{ draftId: string }> = async ({ draftId }, { db }) => {
  ensureInvoicingProviders();
  try {
    return await createRejectionTask(db, draftId);
  } catch (error) {
    if (error instanceof WriteBackError && !error.retryable) throw new NonRetryableJobError(error.message);
    throw error;
  }
};

export default handler;
