import { getDraft } from "@/db/queries/invoicing";
import { ensureInvoicingProviders } from "@/lib/invoicing/default-providers";
import { postInvoice, PostingError } from "@/lib/invoicing/post-invoice";
import { NonRetryableJobError } from "../errors";
import type { JobHandler } from "../types";

const handler: JobHandler<{ draftId: string }> = async ({ draftId }, { db, log, jobId, retryCount, retryLimit, send }) => {
  ensureInvoicingProviders();
  try {
    const result = await postInvoice(db, draftId, { jobId, lastAttempt: retryCount >= retryLimit });
    if (result.outcome === "posted" || result.outcome === "already_posted") {
      const row = result.outcome === "already_posted" ? await getDraft(db, draftId) : null;
      if (result.outcome === "posted" || (row && !row.writebackAt)) {
        // Best effort: a failed enqueue must not fail (and re-run) a post that succeeded; the UI offers a retry.
        await send("invoicing.write-back-deal", { draftId }, { singletonKey: draftId }).catch((error: unknown) => log.warn("write-back not queued", { draftId, error }));
      }
    }
    if (result.outcome === "posted") log.info("invoice posted", { draftId, via: result.via, invoiceNumber: result.invoiceNumber });
    return result;
  } catch (error) {
    if (error instanceof PostingError && !error.retryable) throw new NonRetryableJobError(error.message);
    throw error;
  }
};

export default handler;
